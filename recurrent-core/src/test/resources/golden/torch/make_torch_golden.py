"""Regenerates the PyTorch golden cases in this folder (run from anywhere: python3 make_torch_golden.py).

Each case is one torch.nn.LSTM / GRU / RNN (batch_first, float32, eval mode) with fixed random
weights, run over a fixed random input; the file keeps the weights in PyTorch's own layout and
names (weight_ih_l0 [G*H, I], weight_hh_l0 [G*H, H or P], bias_ih_l0, bias_hh_l0, weight_hr_l0
[P, H]), the input x [B, T, I], the upstream gradient dy [B, T, out], and what PyTorch computes:
y [B, T, out], h_n [L, B, out], c_n [L, B, H], and the gradients of sum(y * dy) with respect to x
(grad_x) and every weight (grad_<name>). See README.md.
"""
import json
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def tensor(t):
    t = t.detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def case(name, kind, seed, batch, steps, inputs, hidden, num_layers=1, bias=True, proj_size=0,
         dropout=0.0, nonlinearity="tanh"):
    torch.manual_seed(seed)
    kw = dict(input_size=inputs, hidden_size=hidden, num_layers=num_layers, bias=bias,
              batch_first=True, dropout=dropout)
    if kind == "lstm":
        net = torch.nn.LSTM(proj_size=proj_size, **kw)
    elif kind == "gru":
        net = torch.nn.GRU(**kw)
    else:
        net = torch.nn.RNN(nonlinearity=nonlinearity, **kw)
    with torch.no_grad():
        for p in net.parameters():
            p.uniform_(-0.6, 0.6)
    net.eval()
    out = proj_size if proj_size > 0 else hidden
    x = (torch.rand(batch, steps, inputs) * 2 - 1).requires_grad_(True)
    dy = torch.rand(batch, steps, out) * 2 - 1
    result = net(x)
    y, states = result
    (y * dy).sum().backward()
    tensors = {"x": tensor(x), "dy": tensor(dy), "y": tensor(y), "grad_x": tensor(x.grad)}
    if kind == "lstm":
        tensors["h_n"] = tensor(states[0])
        tensors["c_n"] = tensor(states[1])
    else:
        tensors["h_n"] = tensor(states)
    for pname, p in net.named_parameters():
        tensors[pname] = tensor(p)
        tensors["grad_" + pname] = tensor(p.grad)
    doc = {"name": name, "cell": kind, "batch": batch, "steps": steps, "input": inputs, "hidden": hidden,
           "num_layers": num_layers, "bias": bias, "proj_size": proj_size, "dropout": dropout,
           "nonlinearity": nonlinearity if kind == "rnn" else None,
           "torch": torch.__version__, "tensors": tensors}
    with open(os.path.join(HERE, name + ".json"), "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")


def main():
    case("lstm_proj", "lstm", 1, batch=2, steps=5, inputs=3, hidden=4, proj_size=2)
    case("lstm_proj_nobias", "lstm", 2, batch=3, steps=4, inputs=5, hidden=6, proj_size=3, bias=False)
    case("lstm_proj_2layers", "lstm", 3, batch=2, steps=6, inputs=3, hidden=5, proj_size=3, num_layers=2,
         dropout=0.25)
    case("lstm_nobias", "lstm", 4, batch=2, steps=5, inputs=3, hidden=4, bias=False)
    case("gru_nobias", "gru", 5, batch=2, steps=5, inputs=3, hidden=4, bias=False)
    case("rnn_nobias", "rnn", 6, batch=2, steps=5, inputs=3, hidden=4, bias=False)
    case("lstm_2layers", "lstm", 7, batch=2, steps=6, inputs=3, hidden=4, num_layers=2, dropout=0.3)
    case("gru_2layers", "gru", 8, batch=2, steps=6, inputs=3, hidden=4, num_layers=2, dropout=0.3)


if __name__ == "__main__":
    main()
