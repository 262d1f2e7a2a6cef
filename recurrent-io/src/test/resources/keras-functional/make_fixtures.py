#!/usr/bin/env python3
"""Makes the Keras functional-model fixtures of recurrent-io's graph import tests.

    /usr/bin/python3 make_fixtures.py     # writes the fixtures next to this script (numpy, h5py, torch)

Keras and TensorFlow are not installed here, so the files are written in the layout Keras writes
(read from Keras' source: keras/src/models/functional.py get_config and serialize_node,
keras/src/saving/serialization_lib.py for `__keras_tensor__`, keras/src/saving/saving_lib.py for
model.weights.h5; tf.keras 2's functional get_config / Node.serialize and hdf5_format for .h5):

- NAME.keras: a Keras 3.6 zip (metadata.json, config.json, model.weights.h5), each layer's
  variables in layers/<snake_case class>[_N]/vars/0.. (an RNN's under .../cell/vars);
- NAME.h5: a tf.keras 2.12 file, `model_config` / `keras_version` / `backend` attributes and the
  weights under model_weights/<layer>/<weight name> with `layer_names` and `weight_names`.

The models (seeded weights):

- seq2seq: Keras' lstm_seq2seq training model: encoder LSTM(return_state) -> its states as the
  decoder LSTM's initial_state (Keras 3: kwargs; tf.keras: extra inputs) -> Dense(softmax); two inputs.
- embedding_gru_attention: token ids -> Embedding(mask_zero) -> GRU(reset_after, return_state) whose h
  starts a second GRU over a sequence input; AdditiveAttention of that GRU's steps over the first's
  (masked where the ids are 0); Concatenate; Dense(softmax).
- shared_attention: a Masking on the second input; one LSTM called on both inputs (shared);
  Attention(use_scale) with the scores returned; Concatenate; Dense(tanh); Add; two outputs.
  Keras 3 records the mask of the Masking layer as operations (NotEqual, Any) in the config and
  passes it to later calls as their `mask` argument; they are written here too.

NAME.case.json holds the inputs and the expected outputs, computed here independently in float64
with PyTorch (LSTM cells stepped by hand, Keras' gate order i, f, c, o mapped onto torch's i, f, g, o
of nn.LSTMCell; masked steps keep the state and repeat the last output, as Keras does) and numpy.
"""
import io
import json
import os
import zipfile

import h5py
import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
FLOAT = {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": None}


def rng_weights(rng, *shape):
    return rng.uniform(-0.6, 0.6, size=shape).astype(np.float32)


# ---------------------------------------------------------------------------------------- reference

def lstm_reference(x, kernel, recurrent, bias, h0=None, c0=None, mask=None):
    """Keras' LSTM (tanh, sigmoid) over x [B, T, I] in float64: outputs [B, T, H], final h and c."""
    b, t, _ = x.shape
    units = recurrent.shape[0]
    cell = torch.nn.LSTMCell(kernel.shape[0], units).double()
    with torch.no_grad():
        # Keras' fused kernel [I, 4H] holds the gates i, f, c, o; torch's weight_ih [4H, I] i, f, g, o
        cell.weight_ih.copy_(torch.tensor(kernel.T, dtype=torch.float64))
        cell.weight_hh.copy_(torch.tensor(recurrent.T, dtype=torch.float64))
        cell.bias_ih.copy_(torch.tensor(bias, dtype=torch.float64))
        cell.bias_hh.zero_()
        h = torch.zeros(b, units, dtype=torch.float64) if h0 is None else torch.tensor(h0)
        c = torch.zeros(b, units, dtype=torch.float64) if c0 is None else torch.tensor(c0)
        y_last = torch.zeros(b, units, dtype=torch.float64)
        xs = torch.tensor(x, dtype=torch.float64)
        outs = []
        for s in range(t):
            h_new, c_new = cell(xs[:, s], (h, c))
            if mask is not None:
                keep = torch.tensor(mask[:, s], dtype=torch.bool).unsqueeze(1)
                h_new = torch.where(keep, h_new, h)
                c_new = torch.where(keep, c_new, c)
                y = torch.where(keep, h_new, y_last)
            else:
                y = h_new
            h, c, y_last = h_new, c_new, y
            outs.append(y)
        return torch.stack(outs, 1).numpy(), h.numpy(), c.numpy()


def gru_reference(x, kernel, recurrent, bias, h0=None, mask=None):
    """Keras' GRU(reset_after=True) over x [B, T, I] in float64: outputs [B, T, H] and the final h.

    Keras' kernels hold the gates z, r, h and the bias [input bias; recurrent bias]; torch's GRUCell
    computes the same reset-after GRU with the gates r, z, n."""
    b, t, _ = x.shape
    units = recurrent.shape[0]

    def torch_order(m):  # columns z, r, h -> rows r, z, n
        z, r, h = m[..., :units], m[..., units:2 * units], m[..., 2 * units:]
        return np.concatenate([r, z, h], axis=-1)

    cell = torch.nn.GRUCell(kernel.shape[0], units).double()
    with torch.no_grad():
        cell.weight_ih.copy_(torch.tensor(torch_order(kernel).T, dtype=torch.float64))
        cell.weight_hh.copy_(torch.tensor(torch_order(recurrent).T, dtype=torch.float64))
        cell.bias_ih.copy_(torch.tensor(torch_order(bias[0]), dtype=torch.float64))
        cell.bias_hh.copy_(torch.tensor(torch_order(bias[1]), dtype=torch.float64))
        h = torch.zeros(b, units, dtype=torch.float64) if h0 is None else torch.tensor(h0)
        y_last = torch.zeros(b, units, dtype=torch.float64)
        xs = torch.tensor(x, dtype=torch.float64)
        outs = []
        for s in range(t):
            h_new = cell(xs[:, s], h)
            if mask is not None:
                keep = torch.tensor(mask[:, s], dtype=torch.bool).unsqueeze(1)
                h_new = torch.where(keep, h_new, h)
                y = torch.where(keep, h_new, y_last)
            else:
                y = h_new
            h, y_last = h_new, y
            outs.append(y)
        return torch.stack(outs, 1).numpy(), h.numpy()


def additive_attention_reference(q, v, scale, value_mask):
    """Keras' AdditiveAttention(use_scale=True): scores sum_d scale_d tanh(q_id + v_jd), masked values -1e9."""
    raw = np.einsum("d,bqvd->bqv", scale.astype(np.float64), np.tanh(q[:, :, None, :] + v[:, None, :, :]))
    raw = raw - 1.0e9 * (1.0 - value_mask[:, None, :].astype(np.float64))
    weights = softmax(raw)
    return np.einsum("bqv,bvd->bqd", weights, v)


def softmax(z, axis=-1):
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def dense_reference(x, kernel, bias, activation):
    z = x.astype(np.float64) @ kernel.astype(np.float64) + bias.astype(np.float64)
    return {"softmax": softmax, "tanh": np.tanh, "linear": lambda v: v}[activation](z)


def attention_reference(q, v, scale, value_mask):
    """Keras' Attention(use_scale=True): scores q.v^T * scale, masked values -1e9, softmax, weights.v."""
    raw = np.einsum("bqd,bvd->bqv", q, v) * float(scale)
    raw = raw - 1.0e9 * (1.0 - value_mask[:, None, :].astype(np.float64))
    weights = softmax(raw)
    return np.einsum("bqv,bvd->bqd", weights, v), weights


# ---------------------------------------------------------------------------------------- configs

def initializer(name, config=None):
    return {"module": "keras.initializers", "class_name": name, "config": config or {"seed": None},
            "registered_name": None}


def lstm_config3(name, units, return_sequences, return_state):
    return {"name": name, "trainable": True, "dtype": FLOAT, "return_sequences": return_sequences,
            "return_state": return_state, "go_backwards": False, "stateful": False, "unroll": False,
            "zero_output_for_mask": False, "units": units, "activation": "tanh", "recurrent_activation": "sigmoid",
            "use_bias": True, "kernel_initializer": initializer("GlorotUniform"),
            "recurrent_initializer": initializer("OrthogonalInitializer", {"gain": 1.0, "seed": None}),
            "bias_initializer": initializer("Zeros", {}), "unit_forget_bias": True, "kernel_regularizer": None,
            "recurrent_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
            "kernel_constraint": None, "recurrent_constraint": None, "bias_constraint": None, "dropout": 0.0,
            "recurrent_dropout": 0.0, "seed": None}


def dense_config3(name, units, activation):
    return {"name": name, "trainable": True, "dtype": FLOAT, "units": units, "activation": activation,
            "use_bias": True, "kernel_initializer": initializer("GlorotUniform"),
            "bias_initializer": initializer("Zeros", {}), "kernel_regularizer": None, "bias_regularizer": None,
            "kernel_constraint": None, "bias_constraint": None}


def gru_config3(name, units, return_sequences, return_state):
    c = lstm_config3(name, units, return_sequences, return_state)
    del c["unit_forget_bias"]
    seed = c.pop("seed")
    c["reset_after"] = True
    c["seed"] = seed
    return c


def embedding_config3(name, input_dim, output_dim):
    return {"name": name, "trainable": True, "dtype": FLOAT, "input_dim": input_dim, "output_dim": output_dim,
            "embeddings_initializer": initializer("RandomUniform", {"minval": -0.05, "maxval": 0.05, "seed": None}),
            "embeddings_regularizer": None, "activity_regularizer": None, "embeddings_constraint": None,
            "mask_zero": True}


def initializer2(name, config=None):
    return {"class_name": name, "config": config or {"seed": None}}


def lstm_config2(name, units, return_sequences, return_state):
    return {"name": name, "trainable": True, "dtype": "float32", "return_sequences": return_sequences,
            "return_state": return_state, "go_backwards": False, "stateful": False, "unroll": False,
            "time_major": False, "units": units, "activation": "tanh", "recurrent_activation": "sigmoid",
            "use_bias": True, "kernel_initializer": initializer2("GlorotUniform"),
            "recurrent_initializer": initializer2("Orthogonal", {"gain": 1.0, "seed": None}),
            "bias_initializer": initializer2("Zeros", {}), "unit_forget_bias": True, "kernel_regularizer": None,
            "recurrent_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
            "kernel_constraint": None, "recurrent_constraint": None, "bias_constraint": None, "dropout": 0.0,
            "recurrent_dropout": 0.0, "implementation": 2}


def gru_config2(name, units, return_sequences, return_state):
    c = lstm_config2(name, units, return_sequences, return_state)
    del c["unit_forget_bias"]
    c["reset_after"] = True
    return c


def embedding_config2(name, input_dim, output_dim):
    return {"name": name, "trainable": True, "dtype": "float32", "input_dim": input_dim, "output_dim": output_dim,
            "embeddings_initializer": initializer2("RandomUniform", {"minval": -0.05, "maxval": 0.05, "seed": None}),
            "embeddings_regularizer": None, "activity_regularizer": None, "embeddings_constraint": None,
            "mask_zero": True, "input_length": None}


def dense_config2(name, units, activation):
    return {"name": name, "trainable": True, "dtype": "float32", "units": units, "activation": activation,
            "use_bias": True, "kernel_initializer": initializer2("GlorotUniform"),
            "bias_initializer": initializer2("Zeros", {}), "kernel_regularizer": None, "bias_regularizer": None,
            "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None}


class Tensor:
    """A symbolic tensor as Keras records it: the layer, call and output that make it, and its shape."""

    def __init__(self, layer, node, index, shape, dtype="float32"):
        self.history, self.shape, self.dtype = [layer, node, index], shape, dtype

    def keras3(self):
        return {"class_name": "__keras_tensor__",
                "config": {"shape": self.shape, "dtype": self.dtype, "keras_history": self.history}}

    def keras2(self):
        return list(self.history) + [{}]


class Layer:
    """One layer of a functional config, in both formats, with its variables (Keras 3 paths)."""

    def __init__(self, class_name, name, config3, config2, module="keras.layers", build_shape=None):
        self.class_name, self.name, self.config3, self.config2 = class_name, name, config3, config2
        self.module, self.build_shape = module, build_shape
        self.nodes3, self.nodes2 = [], []
        self.vars = {}  # Keras 3 sub-path ("" or "cell") -> arrays in creation order
        self.weights2 = []  # tf.keras: (weight name, array)

    def keras3(self):
        entry = {"module": self.module, "class_name": self.class_name, "config": self.config3,
                 "registered_name": self.class_name if self.module.startswith("keras.src.ops") else None}
        if isinstance(self.build_shape, dict):
            entry["build_config"] = {"shapes_dict": self.build_shape}  # build() took several shapes
        elif self.build_shape is not None:
            entry["build_config"] = {"input_shape": self.build_shape}
        entry["name"] = self.name
        entry["inbound_nodes"] = self.nodes3
        return entry

    def keras2(self):
        return {"class_name": self.class_name, "config": self.config2, "name": self.name,
                "inbound_nodes": self.nodes2}


def input_layer(name, shape):
    batch = [None] + shape
    return Layer("InputLayer", name,
                 {"batch_shape": batch, "dtype": "float32", "sparse": False, "name": name},
                 {"batch_input_shape": batch, "dtype": "float32", "sparse": False, "ragged": False, "name": name})


def functional(name, layers, inputs, outputs, version):
    if version == 3:
        ins = [t.history for t in inputs]
        outs = [t.history for t in outputs]
        config = {"name": name, "trainable": True, "layers": [l.keras3() for l in layers],
                  "input_layers": ins if len(ins) > 1 else ins[0],
                  "output_layers": outs if len(outs) > 1 else outs[0]}
        return {"module": "keras.src.models.functional", "class_name": "Functional", "config": config,
                "registered_name": "Functional", "build_config": {"input_shape": None}}
    config = {"name": name, "trainable": True, "layers": [l.keras2() for l in layers],
              "input_layers": [t.history for t in inputs], "output_layers": [t.history for t in outputs]}
    return {"class_name": "Functional", "config": config}


def tensors_in(value):
    """The tensors a call argument holds, depth first: Keras 3's __keras_tensor__, Keras 2's [layer, node, tensor]."""
    if isinstance(value, dict):
        if value.get("class_name") == "__keras_tensor__":
            yield tuple(value["config"]["keras_history"])
            return
        for v in value.values():
            yield from tensors_in(v)
    elif isinstance(value, list):
        if len(value) >= 3 and isinstance(value[0], str) and isinstance(value[1], int):
            yield tuple(value[:3])
            return
        for v in value:
            yield from tensors_in(v)


def keras_order(layers, outputs, version):
    """Functional.layers' order, as map_graph (keras/src/ops/function.py) computes it: a depth-first walk from
    the outputs numbers the layers as first seen; a call's depth is the most calls to an output; layers go by
    their deepest call, deepest first, then by that number. Keras 3 counts the mask operations too."""
    by = {l.name: l for l in layers}

    def parents(name, index):
        layer = by[name]
        if layer.class_name == "InputLayer":
            return []
        node = layer.nodes3[index] if version == 3 else layer.nodes2[index]
        if version == 3:
            return list(tensors_in(node["args"])) + list(tensors_in(node["kwargs"]))
        return list(tensors_in(node))

    finished, nodes, first_seen = set(), [], {}

    def walk(tensor):
        node = tensor[:2]
        if node in finished:
            return
        first_seen.setdefault(node[0], len(first_seen))
        for t in parents(*node):
            walk(t)
        finished.add(node)
        nodes.append(node)

    for out in outputs:
        walk(tuple(out.history))
    node_depth, layer_depth = {}, {}
    for node in reversed(nodes):
        depth = max(node_depth.setdefault(node, 0), layer_depth.get(node[0], 0))
        layer_depth[node[0]] = depth
        node_depth[node] = depth
        for t in parents(*node):
            node_depth[t[:2]] = max(depth + 1, node_depth.get(t[:2], 0))
    return [by[n] for n in sorted(layer_depth, key=lambda n: (-layer_depth[n], first_seen[n]))]


# ---------------------------------------------------------------------------------------- files

def snake_case(name):
    import re
    s = re.sub(r"\W+", "", name)
    s = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", s)
    return re.sub("([a-z])([A-Z])", r"\1_\2", s).lower()


def write_keras3(path, model_name, layers, config):
    """model.weights.h5 as saving_lib's H5IOStore: the model's vars, then layers/<snake>[_N]/... per Layer."""
    buf = io.BytesIO()
    with h5py.File(buf, "w") as f:
        f.create_group("vars").attrs["name"] = model_name
        used = {}
        for layer in layers:
            if layer.module.startswith("keras.src.ops"):
                continue  # operations are not Layers: Functional.layers leaves them out
            snake = snake_case(layer.class_name)
            n = used.get(snake)
            used[snake] = 0 if n is None else n + 1
            path_ = "layers/" + (snake if n is None else snake + "_" + str(n + 1))
            g = f.create_group(path_ + "/vars")
            g.attrs["name"] = layer.name
            for sub, arrays in layer.vars.items():
                v = g if sub == "" else f.create_group(path_ + "/" + sub + "/vars")
                if sub != "":
                    v.attrs["name"] = sub_name(layer, sub)
                for i, a in enumerate(arrays):
                    v.create_dataset(str(i), data=a)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        saved = (2024, 10, 1, 12, 0, 0)  # fixed, so that the files regenerate byte for byte
        z.writestr(zipfile.ZipInfo("metadata.json", saved),
                   json.dumps({"keras_version": "3.6.0", "date_saved": "2024-10-01@12:00:00"}))
        z.writestr(zipfile.ZipInfo("config.json", saved), json.dumps(config))
        z.writestr(zipfile.ZipInfo("model.weights.h5", saved), buf.getvalue())


def sub_name(layer, sub):
    return {"LSTM": "lstm_cell", "GRU": "gru_cell"}[layer.class_name] if sub == "cell" else sub


def write_h5(path, layers, config):
    """tf.keras 2's save_model .h5: attributes, then model_weights/<layer>/<weight name> datasets."""
    with h5py.File(path, "w") as f:
        f.attrs["backend"] = "tensorflow"
        f.attrs["keras_version"] = "2.12.0"
        f.attrs["model_config"] = json.dumps(config)
        w = f.create_group("model_weights")
        w.attrs["backend"] = "tensorflow"
        w.attrs["keras_version"] = "2.12.0"
        w.attrs["layer_names"] = np.array([l.name.encode() for l in layers if not l.module.startswith("keras.src.ops")])
        for layer in layers:
            if layer.module.startswith("keras.src.ops"):
                continue
            g = w.create_group(layer.name)
            # Keras stores the list as given: no weights gives an empty float64 array
            g.attrs["weight_names"] = [n.encode() for n, _ in layer.weights2]
            for n, a in layer.weights2:
                g.create_dataset(n, data=a)


def lstm_weights(layer, rng, inputs, units):
    k, r, b = rng_weights(rng, inputs, 4 * units), rng_weights(rng, units, 4 * units), rng_weights(rng, 4 * units)
    layer.vars["cell"] = [k, r, b]
    cell = layer.name + "/lstm_cell/"
    layer.weights2 = [(cell + "kernel:0", k), (cell + "recurrent_kernel:0", r), (cell + "bias:0", b)]
    return k, r, b


def dense_weights(layer, rng, inputs, units):
    k, b = rng_weights(rng, inputs, units), rng_weights(rng, units)
    layer.vars[""] = [k, b]
    layer.weights2 = [(layer.name + "/kernel:0", k), (layer.name + "/bias:0", b)]
    return k, b


def write_case(name, inputs, outputs):
    case = {"name": name, "inputs": [{"shape": list(x.shape), "data": x.ravel().tolist()} for x in inputs],
            "outputs": [{"shape": list(y.shape), "data": y.ravel().tolist()} for y in outputs],
            "reference": "float64 re-computation in PyTorch/numpy by make_fixtures.py"}
    with open(os.path.join(HERE, name + ".case.json"), "w") as f:
        json.dump(case, f)


# ---------------------------------------------------------------------------------------- models

def seq2seq():
    enc_tokens, dec_tokens, latent, batch, t_enc, t_dec = 5, 6, 4, 3, 4, 3
    for version, suffix, names in ((3, ".keras", ("input_layer", "input_layer_1", "lstm", "lstm_1", "dense")),
                                   (2, ".h5", ("input_1", "input_2", "lstm", "lstm_1", "dense"))):
        rng = np.random.RandomState(24)
        enc_in, dec_in = input_layer(names[0], [None, enc_tokens]), input_layer(names[1], [None, dec_tokens])
        x_enc, x_dec = Tensor(names[0], 0, 0, [None, None, enc_tokens]), Tensor(names[1], 0, 0, [None, None, dec_tokens])
        encoder = Layer("LSTM", names[2], lstm_config3(names[2], latent, False, True),
                        lstm_config2(names[2], latent, False, True), build_shape=[None, None, enc_tokens])
        # Keras 3.6 fills in `training` from the call signature's default and `mask` from the input
        encoder.nodes3 = [{"args": [x_enc.keras3()], "kwargs": {"training": False, "mask": None}}]
        encoder.nodes2 = [[x_enc.keras2()]]
        h, c = Tensor(names[2], 0, 1, [None, latent]), Tensor(names[2], 0, 2, [None, latent])
        decoder = Layer("LSTM", names[3], lstm_config3(names[3], latent, True, True),
                        lstm_config2(names[3], latent, True, True),
                        build_shape={"sequences_shape": [None, None, dec_tokens],
                                     "initial_state_shape": [[None, latent], [None, latent]]})
        decoder.nodes3 = [{"args": [x_dec.keras3()],
                           "kwargs": {"initial_state": [h.keras3(), c.keras3()], "training": False}}]
        # tf.keras' RNN.__call__ passes Keras-tensor initial states as further inputs
        decoder.nodes2 = [[x_dec.keras2(), h.keras2(), c.keras2()]]
        dec_seq = Tensor(names[3], 0, 0, [None, None, latent])
        dense = Layer("Dense", names[4], dense_config3(names[4], dec_tokens, "softmax"),
                      dense_config2(names[4], dec_tokens, "softmax"), build_shape=[None, None, latent])
        dense.nodes3 = [{"args": [dec_seq.keras3()], "kwargs": {}}]
        dense.nodes2 = [[dec_seq.keras2()]]
        ek, er, eb = lstm_weights(encoder, rng, enc_tokens, latent)
        dk, dr, db = lstm_weights(decoder, rng, dec_tokens, latent)
        wk, wb = dense_weights(dense, rng, latent, dec_tokens)
        out = Tensor(names[4], 0, 0, [None, None, dec_tokens])
        layers = keras_order([enc_in, dec_in, encoder, decoder, dense], [out], version)
        config = functional("functional" if version == 3 else "model", layers, [x_enc, x_dec], [out], version)
        path = os.path.join(HERE, "seq2seq" + suffix)
        if version == 3:
            write_keras3(path, "functional", layers, config)
        else:
            write_h5(path, layers, config)
    data = np.random.RandomState(7)
    xe = data.uniform(-1, 1, (batch, t_enc, enc_tokens)).astype(np.float32)
    xd = data.uniform(-1, 1, (batch, t_dec, dec_tokens)).astype(np.float32)
    _, h, c = lstm_reference(xe, ek, er, eb)
    seq, _, _ = lstm_reference(xd, dk, dr, db, h, c)
    write_case("seq2seq", [xe, xd], [dense_reference(seq, wk, wb, "softmax")])


def shared_attention():
    features, units, tq, tv, batch = 3, 4, 5, 4, 3
    for version, suffix, names in ((3, ".keras", ("query", "values", "masking", "lstm", "attention", "concatenate",
                                                   "dense", "add", "not_equal", "any")),
                                   (2, ".h5", ("query", "values", "masking", "lstm", "attention", "concatenate",
                                               "dense", "add", None, None))):
        rng = np.random.RandomState(25)
        q_in, v_in = input_layer(names[0], [tq, features]), input_layer(names[1], [tv, features])
        xq, xv = Tensor(names[0], 0, 0, [None, tq, features]), Tensor(names[1], 0, 0, [None, tv, features])
        masking = Layer("Masking", names[2], {"name": names[2], "trainable": True, "dtype": FLOAT, "mask_value": 0.0},
                        {"name": names[2], "trainable": True, "dtype": "float32", "mask_value": 0.0},
                        build_shape=[None, tv, features])
        masking.nodes3 = [{"args": [xv.keras3()], "kwargs": {}}]
        masking.nodes2 = [[xv.keras2()]]
        masked = Tensor(names[2], 0, 0, [None, tv, features])
        ops = []
        mask3 = None
        if version == 3:
            # Masking.compute_mask is any(not_equal(x, mask_value), axis=-1): two operations on its input
            not_equal = Layer("NotEqual", names[8], {"name": names[8]}, None, module="keras.src.ops.numpy")
            not_equal.nodes3 = [{"args": [xv.keras3(), 0.0], "kwargs": {}}]
            any_ = Layer("Any", names[9], {"name": names[9], "axis": -1, "keepdims": False}, None,
                         module="keras.src.ops.numpy")
            any_.nodes3 = [{"args": [Tensor(names[8], 0, 0, [None, tv, features], "bool").keras3()], "kwargs": {}}]
            ops = [not_equal, any_]
            mask3 = Tensor(names[9], 0, 0, [None, tv], "bool").keras3()
        lstm = Layer("LSTM", names[3], lstm_config3(names[3], units, True, False),
                     lstm_config2(names[3], units, True, False), build_shape=[None, tq, features])
        lstm.nodes3 = [{"args": [xq.keras3()], "kwargs": {"training": False, "mask": None}},
                       {"args": [masked.keras3()], "kwargs": {"training": False, "mask": mask3}}]
        lstm.nodes2 = [[xq.keras2()], [masked.keras2()]]
        hq, hv = Tensor(names[3], 0, 0, [None, tq, units]), Tensor(names[3], 1, 0, [None, tv, units])
        attention = Layer("Attention", names[4],
                          {"name": names[4], "trainable": True, "dtype": FLOAT, "use_scale": True,
                           "score_mode": "dot", "dropout": 0.0},
                          {"name": names[4], "trainable": True, "dtype": "float32", "use_scale": True,
                           "score_mode": "dot", "dropout": 0.0},
                          build_shape=[[None, tq, units], [None, tv, units]])
        attention.nodes3 = [{"args": [[hq.keras3(), hv.keras3()]],
                             "kwargs": {"return_attention_scores": True, "training": False, "mask": [None, mask3]}}]
        attention.nodes2 = [[hq.history + [{"return_attention_scores": True}],
                             hv.history + [{"return_attention_scores": True}]]]
        scale = np.array(rng.uniform(0.5, 1.5), dtype=np.float32)
        attention.vars[""] = [scale]
        attention.weights2 = [(names[4] + "/scale:0", scale)]
        context, scores = Tensor(names[4], 0, 0, [None, tq, units]), Tensor(names[4], 0, 1, [None, tq, tv])
        concat = Layer("Concatenate", names[5], {"name": names[5], "trainable": True, "dtype": FLOAT, "axis": -1},
                       {"name": names[5], "trainable": True, "dtype": "float32", "axis": -1},
                       build_shape=[[None, tq, units], [None, tq, units]])
        concat.nodes3 = [{"args": [[hq.keras3(), context.keras3()]], "kwargs": {}}]
        concat.nodes2 = [[hq.keras2(), context.keras2()]]
        joined = Tensor(names[5], 0, 0, [None, tq, 2 * units])
        dense = Layer("Dense", names[6], dense_config3(names[6], units, "tanh"), dense_config2(names[6], units, "tanh"),
                      build_shape=[None, tq, 2 * units])
        dense.nodes3 = [{"args": [joined.keras3()], "kwargs": {}}]
        dense.nodes2 = [[joined.keras2()]]
        dense_out = Tensor(names[6], 0, 0, [None, tq, units])
        add = Layer("Add", names[7], {"name": names[7], "trainable": True, "dtype": FLOAT},
                    {"name": names[7], "trainable": True, "dtype": "float32"},
                    build_shape=[[None, tq, units], [None, tq, units]])
        add.nodes3 = [{"args": [[dense_out.keras3(), context.keras3()]], "kwargs": {}}]
        add.nodes2 = [[dense_out.keras2(), context.keras2()]]
        lk, lr, lb = lstm_weights(lstm, rng, features, units)
        dk, db = dense_weights(dense, rng, 2 * units, units)
        out = Tensor(names[7], 0, 0, [None, tq, units])
        layers = keras_order([q_in, v_in, masking] + ops + [lstm, attention, concat, dense, add], [out, scores], version)
        config = functional("shared_attention", layers, [xq, xv], [out, scores], version)
        path = os.path.join(HERE, "shared_attention" + suffix)
        if version == 3:
            write_keras3(path, "shared_attention", layers, config)
        else:
            write_h5(path, layers, config)
    data = np.random.RandomState(8)
    xq = data.uniform(-1, 1, (batch, tq, features)).astype(np.float32)
    xv = data.uniform(-1, 1, (batch, tv, features)).astype(np.float32)
    xv[0, 3] = 0.0  # masked steps: the last of sample 0, the last two of sample 1, a middle one of sample 2
    xv[1, 2:] = 0.0
    xv[2, 1] = 0.0
    value_mask = np.any(xv != 0.0, axis=-1)
    hq, _, _ = lstm_reference(xq, lk, lr, lb)
    hv, _, _ = lstm_reference(xv, lk, lr, lb, mask=value_mask)
    context, weights = attention_reference(hq, hv, scale, value_mask)
    dense_out = dense_reference(np.concatenate([hq, context], axis=-1), dk, db, "tanh")
    write_case("shared_attention", [xq, xv], [dense_out + context, weights])


def embedding_gru_attention():
    vocabulary, embed, units, features, t_enc, t_dec, out_dim, batch = 7, 3, 4, 3, 5, 4, 5, 3
    for version, suffix, names in ((3, ".keras", ("input_layer", "input_layer_1", "embedding", "gru", "gru_1",
                                                   "additive_attention", "concatenate", "dense", "not_equal")),
                                   (2, ".h5", ("input_1", "input_2", "embedding", "gru", "gru_1", "additive_attention",
                                               "concatenate", "dense", None))):
        rng = np.random.RandomState(26)
        tokens_in = input_layer(names[0], [t_enc])
        tokens_in.config3["dtype"] = tokens_in.config2["dtype"] = "int32"
        frames_in = input_layer(names[1], [None, features])
        tokens = Tensor(names[0], 0, 0, [None, t_enc], "int32")
        frames = Tensor(names[1], 0, 0, [None, None, features])
        embedding = Layer("Embedding", names[2], embedding_config3(names[2], vocabulary, embed),
                          embedding_config2(names[2], vocabulary, embed), build_shape=[None, t_enc])
        embedding.nodes3 = [{"args": [tokens.keras3()], "kwargs": {}}]
        embedding.nodes2 = [[tokens.keras2()]]
        embedded = Tensor(names[2], 0, 0, [None, t_enc, embed])
        ops, mask3 = [], None
        if version == 3:
            # Embedding.compute_mask is not_equal(ids, 0): an operation on the Embedding's input
            not_equal = Layer("NotEqual", names[8], {"name": names[8]}, None, module="keras.src.ops.numpy")
            not_equal.nodes3 = [{"args": [tokens.keras3(), 0], "kwargs": {}}]
            ops = [not_equal]
            mask3 = Tensor(names[8], 0, 0, [None, t_enc], "bool").keras3()
        encoder = Layer("GRU", names[3], gru_config3(names[3], units, True, True), gru_config2(names[3], units, True, True),
                        build_shape=[None, t_enc, embed])
        encoder.nodes3 = [{"args": [embedded.keras3()], "kwargs": {"training": False, "mask": mask3}}]
        encoder.nodes2 = [[embedded.keras2()]]
        enc_seq, enc_h = Tensor(names[3], 0, 0, [None, t_enc, units]), Tensor(names[3], 0, 1, [None, units])
        decoder = Layer("GRU", names[4], gru_config3(names[4], units, True, False), gru_config2(names[4], units, True, False),
                        build_shape={"sequences_shape": [None, None, features], "initial_state_shape": [[None, units]]})
        decoder.nodes3 = [{"args": [frames.keras3()], "kwargs": {"initial_state": [enc_h.keras3()], "training": False}}]
        decoder.nodes2 = [[frames.keras2(), enc_h.keras2()]]
        dec_seq = Tensor(names[4], 0, 0, [None, None, units])
        attention = Layer("AdditiveAttention", names[5],
                          {"name": names[5], "trainable": True, "dtype": FLOAT, "use_scale": True, "dropout": 0.0},
                          {"name": names[5], "trainable": True, "dtype": "float32", "use_scale": True, "dropout": 0.0},
                          build_shape=[[None, None, units], [None, t_enc, units]])
        attention.nodes3 = [{"args": [[dec_seq.keras3(), enc_seq.keras3()]],
                             "kwargs": {"training": False, "mask": [None, mask3]}}]
        attention.nodes2 = [[dec_seq.keras2(), enc_seq.keras2()]]
        context = Tensor(names[5], 0, 0, [None, None, units])
        concat = Layer("Concatenate", names[6], {"name": names[6], "trainable": True, "dtype": FLOAT, "axis": -1},
                       {"name": names[6], "trainable": True, "dtype": "float32", "axis": -1},
                       build_shape=[[None, None, units], [None, None, units]])
        concat.nodes3 = [{"args": [[dec_seq.keras3(), context.keras3()]], "kwargs": {}}]
        concat.nodes2 = [[dec_seq.keras2(), context.keras2()]]
        joined = Tensor(names[6], 0, 0, [None, None, 2 * units])
        dense = Layer("Dense", names[7], dense_config3(names[7], out_dim, "softmax"),
                      dense_config2(names[7], out_dim, "softmax"), build_shape=[None, None, 2 * units])
        dense.nodes3 = [{"args": [joined.keras3()], "kwargs": {}}]
        dense.nodes2 = [[joined.keras2()]]
        table = rng_weights(rng, vocabulary, embed)
        embedding.vars[""] = [table]
        embedding.weights2 = [(names[2] + "/embeddings:0", table)]
        weights = {}
        for layer, inputs in ((encoder, embed), (decoder, features)):
            k, r, b = rng_weights(rng, inputs, 3 * units), rng_weights(rng, units, 3 * units), rng_weights(rng, 2, 3 * units)
            layer.vars["cell"] = [k, r, b]
            cell = layer.name + "/gru_cell/"
            layer.weights2 = [(cell + "kernel:0", k), (cell + "recurrent_kernel:0", r), (cell + "bias:0", b)]
            weights[layer is encoder] = (k, r, b)
        scale = rng_weights(rng, units)
        attention.vars[""] = [scale]
        attention.weights2 = [(names[5] + "/scale:0", scale)]
        dk, db = dense_weights(dense, rng, 2 * units, out_dim)
        out = Tensor(names[7], 0, 0, [None, None, out_dim])
        layers = keras_order([tokens_in, frames_in, embedding] + ops + [encoder, decoder, attention, concat, dense],
                             [out], version)
        config = functional("embedding_gru_attention", layers, [tokens, frames], [out], version)
        path = os.path.join(HERE, "embedding_gru_attention" + suffix)
        if version == 3:
            write_keras3(path, "embedding_gru_attention", layers, config)
        else:
            write_h5(path, layers, config)
    data = np.random.RandomState(9)
    ids = data.randint(1, vocabulary, size=(batch, t_enc))
    ids[0, 4] = 0  # a trailing pad, a leading one, none
    ids[1, 0] = 0
    x_frames = data.uniform(-1, 1, (batch, t_dec, features)).astype(np.float32)
    mask = ids != 0
    ek, er, eb = weights[True]
    dk_, dr_, db_ = weights[False]
    enc, h = gru_reference(table[ids], ek, er, eb, mask=mask)
    dec, _ = gru_reference(x_frames, dk_, dr_, db_, h0=h)
    context = additive_attention_reference(dec, enc, scale, mask)
    y = dense_reference(np.concatenate([dec, context], axis=-1), dk, db, "softmax")
    write_case("embedding_gru_attention", [ids.astype(np.float32), x_frames], [y])


if __name__ == "__main__":
    seq2seq()
    shared_attention()
    embedding_gru_attention()
