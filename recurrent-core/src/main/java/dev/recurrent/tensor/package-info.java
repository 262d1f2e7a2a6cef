/**
 * {@link dev.recurrent.tensor.Tensor}: a float32 array with a shape, batch first, the form in which
 * data goes into a model and predictions come out of it. The bottom of the library: the data
 * helpers build tensors, the model reads and returns them.
 *
 * <p>Imports only the JDK.
 */
package dev.recurrent.tensor;
