import os, numpy as np
os.environ["KERAS_BACKEND"] = "jax"
import keras
for n in ["lstm_masked", "gru_before_bi", "embedding_rnn"]:
    m = keras.saving.load_model(n + ".keras")
    x = np.load(n + "_x.npy")
    if n == "embedding_rnn": x = x.astype("int32")
    y = m.predict(x, verbose=0)
    print(n, "max |keras - recurrent| =", np.abs(y - np.load(n + "_y.npy")).max())
