#!/usr/bin/env python3
"""Makes the PyTorch parity fixtures of recurrent-io's torch tests (Debian's python3-torch).

    /usr/bin/python3 make_fixtures.py              # writes the fixtures next to this script
    /usr/bin/python3 make_fixtures.py --check DIR  # loads DIR/NAME.safetensors, written by Recurrent,
                                                   # into each case's PyTorch module and compares outputs

For each case NAME: NAME.safetensors (the state dict, written by hand below: the format is an
8-byte little-endian header length, a JSON header, then the raw little-endian data), NAME_x.npy
(an input batch [B, T, I], batch first), NAME_seq.npy (the recurrent module's `output` [B, T, D*H],
[B, T, P] with proj_size P) and NAME_last.npy (h_n of the last layer, both directions concatenated
[B, D*H]; with an nn.Linear head, the head applied to it). dtypes.safetensors holds one tensor of each float dtype read.
"""
import json
import os
import re
import struct
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.bfloat16: "BF16"}


def tensor_bytes(t):
    t = t.detach().contiguous().cpu()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    return t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()


def save_safetensors(tensors, path):
    """safetensors.torch.save_file, by hand: tensors in the order given, header padded to 8 bytes."""
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors.items():
        data = tensor_bytes(t)
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * (-len(raw) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)


def load_safetensors(path):
    """The reader the tests' round trip mirrors: every tensor as float32."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    header.pop("__metadata__", None)
    names = {"F32": "<f4", "F64": "<f8", "F16": "<f2"}
    out = {}
    for name, e in header.items():
        begin, end = e["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(data[begin:end], dtype=names[e["dtype"]])
                                     .astype(np.float32).reshape(e["shape"]).copy())
    return out


class Head(torch.nn.Module):
    """A recurrent module and an nn.Linear on its last state: prefixes `rnn.` and `fc.`."""

    def __init__(self, rnn, out_features):
        super().__init__()
        self.rnn = rnn
        directions = 2 if rnn.bidirectional else 1
        self.fc = torch.nn.Linear((getattr(rnn, "proj_size", 0) or rnn.hidden_size) * directions, out_features)


def last_state(h_n, bidirectional):
    return torch.cat([h_n[-2], h_n[-1]], dim=1) if bidirectional else h_n[-1]


def case(name, rnn, batch=3, steps=5, head=None):
    x = torch.randn(batch, steps, rnn.input_size)
    with torch.no_grad():
        output, h = rnn(x)
        h_n = h[0] if isinstance(h, tuple) else h
        last = last_state(h_n, rnn.bidirectional)
        module = rnn
        if head is not None:
            module = Head(rnn, head)
            for p in module.fc.parameters():
                p.uniform_(-0.5, 0.5)
            last = module.fc(last)
    save_safetensors(dict(module.state_dict()), os.path.join(HERE, name + ".safetensors"))
    np.save(os.path.join(HERE, name + "_x.npy"), x.numpy().astype(np.float32))
    np.save(os.path.join(HERE, name + "_seq.npy"), output.numpy().astype(np.float32))
    np.save(os.path.join(HERE, name + "_last.npy"), last.numpy().astype(np.float32))
    back = load_safetensors(os.path.join(HERE, name + ".safetensors"))
    for k, v in module.state_dict().items():
        assert torch.equal(back[k], v), k


def cases():
    """Each case: its name, its recurrent module, and the out_features of its nn.Linear head (or None)."""
    kw = dict(batch_first=True)
    return [
        ("lstm_2layers", torch.nn.LSTM(3, 4, num_layers=2, **kw), None),
        ("lstm_bidirectional_head", torch.nn.LSTM(3, 4, bidirectional=True, **kw), 2),
        ("gru_2layers_bidirectional", torch.nn.GRU(3, 4, num_layers=2, bidirectional=True, **kw), None),
        ("gru_nobias", torch.nn.GRU(2, 5, bias=False, **kw), None),
        ("rnn_relu_head", torch.nn.RNN(3, 4, nonlinearity="relu", **kw), 3),
        ("rnn_tanh_2layers", torch.nn.RNN(2, 3, num_layers=2, **kw), None),
    ]


def projection_cases():
    """nn.LSTM(proj_size) cases, made after the others so that those draw the same numbers as before."""
    kw = dict(batch_first=True)
    return [
        ("lstm_proj_head", torch.nn.LSTM(3, 5, proj_size=2, **kw), 2),
        ("lstm_proj_2layers", torch.nn.LSTM(3, 5, proj_size=3, num_layers=2, **kw), None),
    ]


def check(directory):
    """Recurrent's state dicts in PyTorch: strict load_state_dict, then the fixture's input and output."""
    recurrent = re.compile(r"^(.*\.)?((weight|bias)_(ih|hh|hr)_l\d+(_reverse)?)$")
    failed = 0
    for name, rnn, head in cases() + projection_cases():
        path = os.path.join(directory, name + ".safetensors")
        if not os.path.exists(path):
            print(f"{name}: no {path}, skipped")
            continue
        module = rnn if head is None else Head(rnn, head)
        state = {}
        for key, value in load_safetensors(path).items():
            m = recurrent.match(key)
            state[(m.group(2) if head is None else "rnn." + m.group(2)) if m else "fc." + key.split(".")[-1]] = value
        module.load_state_dict(state, strict=True)
        x = torch.from_numpy(np.load(os.path.join(HERE, name + "_x.npy")))
        with torch.no_grad():
            _, h = rnn(x)
            last = last_state(h[0] if isinstance(h, tuple) else h, rnn.bidirectional)
            if head is not None:
                last = module.fc(last)
        diff = float((last - torch.from_numpy(np.load(os.path.join(HERE, name + "_last.npy")))).abs().max())
        print(f"{name}: largest difference {diff:.3g}")
        failed += diff > 1e-5
    sys.exit(1 if failed else 0)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(sys.argv[2])
        return
    torch.manual_seed(20261207)
    for name, rnn, head in cases():
        case(name, rnn, head=head)
    for name, rnn, head in projection_cases():
        case(name, rnn, head=head)
    values = torch.tensor([[1.0, -2.5, 0.15625], [65504.0, 1e-3, -0.0]])
    save_safetensors({"f32": values, "f64": values.double(), "f16": values.half(), "bf16": values.bfloat16()},
                     os.path.join(HERE, "dtypes.safetensors"))


if __name__ == "__main__":
    main()
