"""Writes real Keras 3 model files (.keras and legacy .h5) with inputs and Keras' own predictions.

Run with Keras 3 on any backend (the files were made with the JAX backend):
    KERAS_BACKEND=jax python make_cases.py OUTDIR
Each case is NAME.keras, NAME.h5 and NAME.case.json:
    {"name", "keras_version", "backend", "description",
     "inputs":  [{"name", "shape", "data"}...],   # in the model's input order, row-major
     "outputs": [{"name", "shape", "data"}...]}   # Keras' predict(), in the model's output order
Weights are Keras' seeded initial weights with every bias redrawn, so that bias layouts matter.
"""
import json
import os
import sys

import numpy as np
import keras
from keras import layers

OUT = sys.argv[1] if len(sys.argv) > 1 else "."
keras.utils.set_random_seed(7)
rng = np.random.default_rng(7)


def randomize_biases(model):
    for layer in model.layers:
        for w in layer.weights:
            if "bias" in w.path:
                w.assign(rng.uniform(-0.5, 0.5, size=w.shape).astype("float32"))


def save(name, model, inputs, description):
    randomize_biases(model)
    outputs = model.predict(inputs, verbose=0)
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    model.save(os.path.join(OUT, name + ".keras"))
    keras.saving.save_model(model, os.path.join(OUT, name + ".h5"))
    case = {
        "name": name,
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "description": description,
        "inputs": [{"name": t.name, "shape": list(a.shape), "data": a.reshape(-1).tolist()}
                   for t, a in zip(model.inputs, inputs)],
        "outputs": [{"name": model.output_names[i] if hasattr(model, "output_names") else str(i),
                     "shape": list(np.shape(o)), "data": np.asarray(o, dtype=np.float64).reshape(-1).tolist()}
                    for i, o in enumerate(outputs)],
    }
    with open(os.path.join(OUT, name + ".case.json"), "w") as f:
        json.dump(case, f)


def floats(*shape):
    return rng.uniform(-1, 1, size=shape).astype("float32")


# 1. Keras' lstm_seq2seq training model: encoder states start the decoder.
enc_in = keras.Input(shape=(None, 5), name="encoder_inputs")
_, h, c = layers.LSTM(6, return_state=True, name="encoder")(enc_in)
dec_in = keras.Input(shape=(None, 4), name="decoder_inputs")
dec = layers.LSTM(6, return_sequences=True, return_state=True, name="decoder")
dec_out, _, _ = dec(dec_in, initial_state=[h, c])
out = layers.Dense(4, activation="softmax", name="decoder_dense")(dec_out)
m = keras.Model([enc_in, dec_in], out)
save("lstm_seq2seq", m, [floats(3, 7, 5), floats(3, 4, 4)],
     "lstm_seq2seq: LSTM(6, return_state) -> states -> LSTM(6, rs, initial_state) -> Dense(4, softmax)")

# 2. GRU encoder-decoder with Luong attention, masks from Embedding(mask_zero).
src = keras.Input(shape=(None,), dtype="int32", name="source")
tgt = keras.Input(shape=(None,), dtype="int32", name="target")
emb_s = layers.Embedding(12, 5, mask_zero=True, name="source_embedding")(src)
enc_seq, enc_h = layers.GRU(6, return_sequences=True, return_state=True, name="encoder_gru")(emb_s)
emb_t = layers.Embedding(12, 5, mask_zero=True, name="target_embedding")(tgt)
dec_seq = layers.GRU(6, return_sequences=True, name="decoder_gru")(emb_t, initial_state=enc_h)
ctx, scores = layers.Attention(use_scale=True, name="attention")([dec_seq, enc_seq], return_attention_scores=True)
joined = layers.Concatenate(name="concat")([dec_seq, ctx])
probs = layers.Dense(12, activation="softmax", name="output")(joined)
m = keras.Model([src, tgt], [probs, scores])
src_ids = rng.integers(1, 12, size=(3, 6)).astype("int32"); src_ids[0, 4:] = 0; src_ids[2, 1:] = 0
tgt_ids = rng.integers(1, 12, size=(3, 5)).astype("int32"); tgt_ids[1, 3:] = 0
save("gru_attention", m, [src_ids, tgt_ids],
     "Embedding(mask_zero) -> GRU(rs, return_state) -> GRU(initial_state) ; Attention(use_scale, scores) ; Concatenate ; Dense(softmax); two outputs")

# 3. A shared LSTM, merges and additive attention.
a = keras.Input(shape=(4, 3), name="a")
b = keras.Input(shape=(4, 3), name="b")
shared = layers.LSTM(5, return_sequences=True, name="shared_lstm")
sa, sb = shared(a), shared(b)
added = layers.Add(name="add")([sa, sb])
mult = layers.Multiply(name="multiply")([sa, sb])
avg = layers.Average(name="average")([added, mult])
att = layers.AdditiveAttention(name="additive")([sa, sb, avg])
dot = layers.Dot(axes=2, name="dot")([sa, sb])
last = layers.GRU(3, reset_after=False, name="gru_before")(layers.Concatenate(name="concat")([att, avg]))
m = keras.Model([a, b], [last, dot])
save("shared_merges", m, [floats(3, 4, 3), floats(3, 4, 3)],
     "shared LSTM(5, rs) on two inputs; Add, Multiply, Average; AdditiveAttention([q, v, k]); Dot(axes=2); Concatenate; GRU(reset_after=False)")

# 4. Masking, a Bidirectional LSTM and a SimpleRNN chain (a Sequential in Keras).
m = keras.Sequential([
    keras.Input(shape=(6, 4)),
    layers.Masking(mask_value=0.0),
    layers.Bidirectional(layers.LSTM(4, return_sequences=True), name="bi"),
    layers.SimpleRNN(3, name="rnn"),
    layers.Dense(2, name="dense"),
])
x = floats(3, 6, 4); x[0, 4:] = 0; x[1, 0] = 0
save("masked_bidirectional", m, [x], "Sequential: Masking(0) -> Bidirectional(LSTM(4, rs)) -> SimpleRNN(3) -> Dense(2)")

# 5. Keras 3 passes a mask to a call of one tensor only: an RNN called with initial_state runs
#    unmasked unless mask= is given (Layer.__call__, keras/src/layers/layer.py).
tokens = keras.Input(shape=(None,), dtype="int32", name="tokens")
start = keras.Input(shape=(4,), name="start")
emb = layers.Embedding(10, 3, mask_zero=True, name="embedding")(tokens)
unmasked = layers.GRU(4, return_sequences=True, name="unmasked")(emb, initial_state=start)
masked = layers.GRU(4, return_sequences=True, name="masked")(emb, initial_state=start,
                                                             mask=keras.ops.not_equal(tokens, 0))
m = keras.Model([tokens, start], [unmasked, masked])
ids = rng.integers(1, 10, size=(3, 6)).astype("int32"); ids[0, 4:] = 0; ids[1, :2] = 0
save("masked_initial_state", m, [ids, floats(3, 4)],
     "Embedding(mask_zero) -> GRU(rs, initial_state) unmasked, as Keras 3 runs it; the same with mask=not_equal(ids, 0)")
