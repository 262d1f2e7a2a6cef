/**
 * Model files: {@link dev.recurrent.io.ModelFiles} saves a {@code Sequential} (architecture,
 * weights, training configuration and, optionally, the optimizer's state) into one zip that Python
 * reads with {@code zipfile}, {@code json} and {@code np.load}, and loads it back, refusing damaged
 * or hostile files; {@link dev.recurrent.io.ModelCheckpoint} saves during training;
 * {@link dev.recurrent.io.Npy} reads and writes NumPy's {@code .npy} arrays.
 *
 * <p>The file, format version 1:
 * <pre>
 * model.json                          architecture, training configuration, training state (JSON)
 * &lt;layer&gt;/&lt;weight&gt;.npy                  e.g. lstm/kernel.npy, dense/bias.npy
 * &lt;wrapper&gt;/&lt;layer&gt;/&lt;weight&gt;.npy        e.g. bidirectional/forward_lstm/kernel.npy
 * optimizer/&lt;slot&gt;/&lt;index&gt;.npy         with the optimizer state, e.g. optimizer/momentum/0.npy
 * </pre>
 * Every {@code .npy} is version 1.0, {@code '<f4'}, C order, in the Keras layout (LSTM kernel
 * [I, 4H], gates i, f, c, o; GRU bias [2, 3H]). In Python:
 * <pre>
 * import json, zipfile, numpy as np
 * z = zipfile.ZipFile("model.zip")
 * config = json.loads(z.read("model.json"))
 * kernel = np.load(z.open("lstm/kernel.npy"))     # or np.load("model.zip")["lstm/kernel"]
 * </pre>
 */
package dev.recurrent.io;
