"""Keras' side of GraphTrainingKerasTest: trains init.keras with Keras' train_on_batch on the
batches TrainParity.java wrote (x{b}.npy, d{b}.npy, y{b}.npy), and writes Keras' loss per batch
(keras_losses.json) and the trained model (keras_trained.keras).
    KERAS_BACKEND=jax python parity_golden.py DIR_WITH_BATCHES
"""
import json, os, sys
import numpy as np
import keras
d = sys.argv[1]
m = keras.saving.load_model("init.keras", compile=False)
m.compile(optimizer=keras.optimizers.Adam(0.001), loss="categorical_crossentropy")
losses = []
b = 0
while os.path.exists(os.path.join(d, f"x{b}.npy")):
    x, dec, y = (np.load(os.path.join(d, f"{k}{b}.npy")) for k in "xdy")
    losses.append(float(m.train_on_batch([x, dec], y)))
    b += 1
json.dump({"keras_version": keras.__version__, "backend": keras.backend.backend(), "losses": losses},
          open("keras_losses.json", "w"))
m.save("keras_trained.keras")
