/**
 * Keras model files in: {@link dev.recurrent.io.keras.KerasModels} reads a Keras 1, Keras 2 or
 * tf.keras full-model {@code .h5} file, a Keras 3 {@code .keras} archive, or weights saved apart
 * beside the model's JSON, into an equivalent {@link dev.recurrent.model.Sequential} (a functional
 * model that is not one chain: a graph {@link dev.recurrent.model.Model}), or refuses it with one
 * message that names the layer, the option and what to do instead;
 * {@link dev.recurrent.io.keras.KerasExport} writes either kind as a Keras 3 {@code .keras} file.
 *
 * <p>May import the core ({@code dev.recurrent.model}, {@code dev.recurrent.graph},
 * {@code dev.recurrent.layers}, {@code dev.recurrent.kernels}), Jackson for the JSON configuration and jHDF for the HDF5
 * container; nothing else of this module uses it.
 */
package dev.recurrent.io.keras;
