/**
 * Models: {@link dev.recurrent.model.Sequential}, a stack of layers compiled with an optimizer, a
 * loss and metrics, trained with {@code fit} and used with {@code evaluate} and {@code predict} as
 * in Keras; its options
 * ({@link dev.recurrent.model.FitOptions}), {@link dev.recurrent.model.History}, callbacks (early
 * stopping, learning-rate schedules), the summary table and the gradient-flow recorder; the graph
 * {@link dev.recurrent.model.Model} of Keras' functional API. Both train in one loop
 * ({@code FitLoop}, driving either model through {@code Trainable}).
 *
 * <p>Imports: {@code tensor}, {@code layers}, {@code loss}, {@code metrics}, {@code optim},
 * {@code init} (and through them {@code kernels}); the top of the library: nothing in it imports
 * this package.
 */
package dev.recurrent.model;
