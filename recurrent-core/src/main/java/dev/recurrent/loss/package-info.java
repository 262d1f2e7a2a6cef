/**
 * Losses with Keras 3's names, formulas, clipping and reduction, each returning the reduced loss
 * and, on request, its gradient with respect to the predictions.
 *
 * <p>Legend, used in every shape comment:
 * <ul>
 *   <li>R: rows, the batch B, or B·T for a sequence output ({@code return_sequences});</li>
 *   <li>C: columns, the output's last dimension (units, classes).</li>
 * </ul>
 * Predictions {@code yPred} are [R, C] row-major; targets {@code yTrue} are [R, C], or [R] class
 * indices stored as floats for {@link dev.recurrent.loss.SparseCategoricalCrossentropy} (see
 * {@link dev.recurrent.loss.Loss#targetColumns(int)}); row weights are [R] or {@code null}.
 *
 * <p>Each loss first reduces a row to one value l_i: the mean over C for mean squared error, mean
 * absolute error and binary cross-entropy, the sum over C for the categorical cross-entropies (as
 * Keras' {@code axis=-1} functions do). {@link dev.recurrent.loss.Loss#compute} then takes the
 * weighted mean over rows, Keras' {@code "sum_over_batch_size"} reduction under a mask;
 * {@link dev.recurrent.loss.Loss#computeWeighted} reproduces Keras' rule when sample weights and a
 * mask are both given. {@link dev.recurrent.loss.SoftmaxCrossEntropy} is the fused, stable path for
 * a softmax output trained with a categorical cross-entropy. {@link dev.recurrent.loss.Losses}
 * resolves Keras' string names.
 *
 * <p>Imports: {@code kernels} only.
 */
package dev.recurrent.loss;
