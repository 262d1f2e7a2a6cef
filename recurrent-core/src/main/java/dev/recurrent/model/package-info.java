/**
 * Models: {@link dev.recurrent.model.Sequential}, a stack of layers compiled with an optimizer, a
 * loss and metrics, trained with {@code fit} and used with {@code evaluate} and {@code predict} as
 * in Keras; its data ({@link dev.recurrent.model.Tensor}), options
 * ({@link dev.recurrent.model.FitOptions}), {@link dev.recurrent.model.History}, callbacks (early
 * stopping, learning-rate schedules), the summary table and the gradient-flow recorder.
 *
 * <p>Imports: {@code layers}, {@code loss}, {@code metrics}, {@code optim}, {@code init} (and
 * through them {@code kernels}); the top of the library: nothing in it imports this package except
 * {@code data}, for {@link dev.recurrent.model.Tensor}.
 */
package dev.recurrent.model;
