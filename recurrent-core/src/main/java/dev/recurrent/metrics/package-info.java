/**
 * Keras-style stateful metrics: each accumulates over the batches of an epoch with
 * {@code update}, reports with {@code result()} and starts over with {@code reset()}.
 *
 * <p>Shapes follow {@link dev.recurrent.loss}: predictions [R, C] (R = B, or B·T for a sequence
 * output), targets [R, C] or [R] class indices, row weights [R] or {@code null}. A
 * {@link dev.recurrent.metrics.Metric} reduces each row to one value v_i and keeps
 * {@code Σ w_i·v_i / Σ w_i} over everything seen since the last reset, as Keras'
 * {@code MeanMetricWrapper} does (a Keras mask becomes a 0/1 weight; Keras' metrics, unlike its
 * losses, divide by the sum of the weights). {@link dev.recurrent.metrics.Mean} averages scalars,
 * such as the loss of each batch. {@link dev.recurrent.metrics.Metrics} resolves Keras' names,
 * including {@code "accuracy"}.
 *
 * <p>What to pass as row weights, as Keras' {@code compile}: for {@code metrics=[...]}, only the
 * mask of padded time steps (Keras reads it from the output, and passes no sample weights); for
 * {@code weighted_metrics=[...]}, the sample weights times the mask.
 *
 * <p>Imports: {@code loss} (a metric may follow the loss it is compiled with; the sparse target
 * checks are shared) and nothing else of the library.
 */
package dev.recurrent.metrics;
