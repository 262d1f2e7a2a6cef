/**
 * Optimizers, gradient clipping and learning-rate schedules with Keras 3's update rules, defaults
 * and config names: {@link dev.recurrent.optim.SGD}, {@link dev.recurrent.optim.RMSprop},
 * {@link dev.recurrent.optim.Adam}, {@link dev.recurrent.optim.AdamW},
 * {@link dev.recurrent.optim.Adagrad}; {@link dev.recurrent.optim.ExponentialDecay},
 * {@link dev.recurrent.optim.StepDecay}; {@link dev.recurrent.optim.ReduceLROnPlateau}.
 *
 * <p>Design, in short:
 * <ul>
 *   <li>{@link dev.recurrent.optim.Optimizer#step} is Keras' {@code apply_gradients}: learning rate
 *       (schedule at {@code iterations}), clip, weight decay, update, {@code iterations += 1}. The
 *       base class owns everything but the update, which each optimizer writes as one loop over its
 *       parameter's elements, with its formula in its Javadoc.</li>
 *   <li>Per-parameter state ("slots", Keras' optimizer variables) is keyed by position in the
 *       parameter list and allocated when the optimizer is built (first step); a step allocates
 *       nothing. Gradients are clipped into the optimizer's own buffers, never in place.</li>
 *   <li>float32 arithmetic in Keras' order; hyperparameters kept as doubles (Python floats) and
 *       rounded where Keras casts them. Results match Keras' TensorFlow/JAX code path to float32
 *       rounding (reductions and {@code pow} may differ by an ulp).</li>
 *   <li>{@code config()} / {@code fromConfig(name, config)} use Keras' argument names and accept a
 *       Keras-written config; {@code state()} / {@code loadState()} name slots
 *       {@code "<kind>/<index>"} ({@code momentum/0}, {@code velocity/0}, ...). With
 *       {@code iterations()} they make a bit-exact resume.</li>
 *   <li>Arguments are validated when built; messages name the class, the Keras argument, the
 *       expectation and the value received.</li>
 * </ul>
 *
 * <p>Imports: {@code layers} (for {@link dev.recurrent.layers.Parameter}), {@code kernels} and
 * {@code config}; never {@code model}.
 */
package dev.recurrent.optim;
