"""Keras 3 twin of `recurrent demo addition --cell lstm`: seq2seq (encoder states, teacher forcing,
greedy decoding) or repeat (RepeatVector); prints the held-out exact match per epoch.
    KERAS_BACKEND=jax python keras_seq2seq.py seq2seq|repeat EPOCHS
"""
import os, sys, numpy as np
os.environ["KERAS_BACKEND"] = "jax"
import keras
from keras import layers
keras.utils.set_random_seed(1)
chars = "0123456789+ "
idx = {c: i for i, c in enumerate(chars)}
rng = np.random.default_rng(1)
seen = set(); qs = []; ans = []
while len(qs) < 55000:
    a = int("".join(rng.choice(list("0123456789"), size=rng.integers(1, 4))))
    b = int("".join(rng.choice(list("0123456789"), size=rng.integers(1, 4))))
    key = tuple(sorted((a, b)))
    if key in seen: continue
    seen.add(key)
    q = f"{a}+{b}".ljust(7)[::-1]
    qs.append(q); ans.append(str(a + b).ljust(4))
def onehot(strs, n):
    x = np.zeros((len(strs), n, 12), "float32")
    for i, s in enumerate(strs):
        for t, c in enumerate(s): x[i, t, idx[c]] = 1
    return x
X = onehot(qs, 7); Y = onehot(ans, 4)
D = np.zeros((len(ans), 4, 13), "float32"); D[:, 0, 12] = 1; D[:, 1:, :12] = Y[:, :3]
Xt, Yt, Dt = X[:50000], Y[:50000], D[:50000]; Xv, Yv = X[50000:], Y[50000:]
arch = sys.argv[1]
if arch == "seq2seq":
    ei = keras.Input((None, 12)); _, h, c = layers.LSTM(128, return_state=True)(ei)
    di = keras.Input((None, 13)); dl = layers.LSTM(128, return_sequences=True, return_state=True)
    do, _, _ = dl(di, initial_state=[h, c]); dd = layers.Dense(12, activation="softmax"); out = dd(do)
    m = keras.Model([ei, di], out)
    enc = keras.Model(ei, [h, c])
    hi, ci = keras.Input((128,)), keras.Input((128,))
    o2, h2, c2 = dl(di, initial_state=[hi, ci]); dec = keras.Model([di, hi, ci], [dd(o2), h2, c2])
else:
    m = keras.Sequential([keras.Input((7, 12)), layers.LSTM(128), layers.RepeatVector(4),
                          layers.LSTM(128, return_sequences=True), layers.TimeDistributed(layers.Dense(12, activation="softmax"))])
m.compile("adam", "categorical_crossentropy")
for epoch in range(1, int(sys.argv[2]) + 1):
    m.fit([Xt, Dt] if arch == "seq2seq" else Xt, Yt, batch_size=128, epochs=1, verbose=0)
    if arch == "seq2seq":
        h, c = enc.predict(Xv, verbose=0, batch_size=1000)
        tok = np.zeros((len(Xv), 1, 13), "float32"); tok[:, 0, 12] = 1; preds = []
        for t in range(4):
            p, h, c = dec.predict([tok, h, c], verbose=0, batch_size=1000)
            k = p[:, 0].argmax(-1); preds.append(k)
            tok = np.zeros_like(tok); tok[np.arange(len(k)), 0, k] = 1
        P = np.stack(preds, 1)
    else:
        P = m.predict(Xv, verbose=0, batch_size=1000).argmax(-1)
    exact = (P == Yv.argmax(-1)).all(1).mean()
    print(arch, epoch, f"{exact:.4f}", flush=True)
