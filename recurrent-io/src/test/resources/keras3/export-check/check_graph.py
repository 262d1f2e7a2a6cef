import os, numpy as np
os.environ.setdefault("KERAS_BACKEND", "jax")
import keras
m = keras.saving.load_model("masked_states.keras")
xs = [np.load("masked_states_x%d.npy" % i) for i in range(3)]
ys = m.predict(xs, verbose=0)
for i, y in enumerate(ys):
    print("masked_states output", i, "max |keras - recurrent| =", np.abs(y - np.load("masked_states_y%d.npy" % i)).max())
