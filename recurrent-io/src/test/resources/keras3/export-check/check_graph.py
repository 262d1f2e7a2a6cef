import os, numpy as np
os.environ.setdefault("KERAS_BACKEND", "jax")
import keras
for name, inputs in [("masked_states", 3), ("deeper", 2)]:
    m = keras.saving.load_model(name + ".keras")
    xs = [np.load("%s_x%d.npy" % (name, i)) for i in range(inputs)]
    for i, y in enumerate(m.predict(xs, verbose=0)):
        print(name, "output", i, "max |keras - recurrent| =", np.abs(y - np.load("%s_y%d.npy" % (name, i))).max())
