package dev.recurrent.optim;

import dev.recurrent.kernels.Parallel;
import dev.recurrent.layers.Parameter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A first-order optimizer with Keras 3's update rules, defaults, clipping, weight decay, learning
 * rate schedules, config and state. One {@link #step} is Keras' {@code apply_gradients}:
 *
 * <ol>
 *   <li>{@code lr = learningRate()}: the schedule at {@link #iterations()} if there is one, else the
 *       float32 learning rate;</li>
 *   <li>clip the gradients ({@code clipnorm}, {@code global_clipnorm} or {@code clipvalue}: at most
 *       one, as Keras 3) into a buffer of the optimizer's, never into {@link Parameter#grad()};</li>
 *   <li>decoupled weight decay, if {@code weight_decay} is set: {@code w = w − w·wd·lr};</li>
 *   <li>the optimizer's own update of each parameter from its (clipped) gradient;</li>
 *   <li>{@code iterations += 1}.</li>
 * </ol>
 *
 * <p><b>Parameters and slots.</b> The optimizer is built for one list of parameters, on the first
 * {@link #step} or by {@link #build}; its per-parameter state (Keras' "optimizer variables", here
 * <i>slots</i>: {@code momentum}, {@code velocity}, ...) is keyed by the parameter's position in that
 * list and allocated then, with the clipping buffers. Later steps must pass a list of the same
 * length and sizes, in the same order, and allocate nothing.
 *
 * <p><b>Arithmetic.</b> float32 throughout, in the order Keras' backend-agnostic
 * {@code update_step} writes it (the code path of the TensorFlow and JAX backends). Hyperparameters
 * are kept as given (Python floats are doubles) and rounded to float where Keras casts them, which
 * matters: Adam's {@code 1 − beta_1} is computed in double, then rounded.
 *
 * <p><b>Checkpoints.</b> An exact resume needs {@link #config()} (which holds the current learning
 * rate, so a {@link ReduceLROnPlateau} reduction survives), {@link #iterations()} and
 * {@link #state()}; restore with {@link #fromConfig}, {@link #build}, {@link #setIterations} and
 * {@link #loadState}.
 *
 * <p>Not thread-safe: one training loop drives one optimizer.
 */
public abstract class Optimizer {
    /** Elements per range when a parameter's update is split across cores (parameters of at least two ranges). */
    private static final int UPDATE_RANGE = 1 << 14;

    private final String name;
    private float learningRate;
    private final LearningRateSchedule schedule;
    private final CommonArguments common;
    private long iterations;

    /** Made by build(), once; null before. */
    private OptimizerSlots slots;
    private final RangeUpdate rangeUpdate = new RangeUpdate();

    /**
     * @param name the Keras class name, for {@link #name()} and messages
     * @param b    the common arguments, validated here
     */
    protected Optimizer(String name, OptimizerBuilder<?> b) {
        this.name = name;
        this.schedule = b.schedule;
        this.learningRate = b.schedule == null
                ? (float) Checks.nonNegative(name, "learning_rate", b.learningRate) : Float.NaN;
        this.common = new CommonArguments(name, b);
    }

    // ---- what a subclass supplies ------------------------------------------------------------------

    /**
     * The slot kinds this optimizer keeps per parameter, in Keras' names and order, e.g.
     * {@code ["momentum", "velocity"]} for Adam. Asked once, when the optimizer is built, after the
     * subclass' constructor has run.
     */
    protected abstract List<String> slotKinds();

    /** The value a slot starts at; zero unless overridden (Adagrad's accumulator). */
    protected float initialSlotValue(String kind) {
        return 0f;
    }

    /**
     * Updates elements [from, to) of one parameter in place, each from its own gradient and slots
     * alone (a large parameter is updated in ranges on several cores at once). Must not allocate and
     * must not write {@code grad}.
     *
     * @param index the parameter's position in the list, to find its slots with {@link #slot}
     * @param value the parameter's values, updated in place, [n]
     * @param grad  its gradient after clipping, [n]
     * @param lr    this step's learning rate
     */
    protected abstract void update(int index, float[] value, float[] grad, float lr, int from, int to);

    /** Adds the optimizer's own arguments, under their Keras names, after the common ones. */
    protected abstract void addConfig(Map<String, Object> config);

    /** The slot of kind number {@code kind} (position in {@link #slotKinds()}) for parameter {@code index}. */
    protected final float[] slot(int kind, int index) {
        return slots.slot(kind, index);
    }

    // ---- the step ----------------------------------------------------------------------------------

    /**
     * Applies one update to every parameter from its {@link Parameter#grad()}, then increments
     * {@link #iterations()}. The first call builds the optimizer for {@code params}.
     *
     * @throws IllegalArgumentException if the optimizer was built for other parameters
     */
    public final void step(List<Parameter> params) {
        build(params);
        float lr = learningRate();
        int n = params.size();
        float[][] gradients = slots.gradients;
        common.clip(params, slots);
        common.decay(params, slots.decays, lr);
        for (int i = 0; i < n; i++) {
            float[] value = params.get(i).value();
            if (value.length < 2 * UPDATE_RANGE) {
                update(i, value, gradients[i], lr, 0, value.length);
            } else {
                rangeUpdate.set(i, value, gradients[i], lr);
                Parallel.run((value.length + UPDATE_RANGE - 1) / UPDATE_RANGE, rangeUpdate);
                rangeUpdate.clear();
            }
        }
        iterations++;
    }

    /** One range of a large parameter's update; reused so that a step allocates nothing. */
    private final class RangeUpdate implements Parallel.Task {
        private int index;
        private float[] value, grad;
        private float lr;

        void set(int index, float[] value, float[] grad, float lr) {
            this.index = index;
            this.value = value;
            this.grad = grad;
            this.lr = lr;
        }

        void clear() {
            value = grad = null;
        }

        @Override
        public void run(int r) {
            update(index, value, grad, lr, r * UPDATE_RANGE, Math.min(value.length, (r + 1) * UPDATE_RANGE));
        }
    }

    /**
     * Builds the optimizer for {@code params} (allocating its slots and buffers) if it is not built,
     * else checks that {@code params} match the list it was built for. {@link #step} calls it; call
     * it directly to {@link #loadState} before the first step.
     *
     * @throws IllegalArgumentException if built for other parameters, or {@code params} is empty
     */
    public final void build(List<Parameter> params) {
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException(name + ": no parameters to optimize, got " + params);
        }
        if (slots != null) {
            slots.checkSameParameters(params);
            return;
        }
        List<String> kinds = slotKinds();
        float[] initialValues = new float[kinds.size()];
        for (int k = 0; k < initialValues.length; k++) {
            initialValues[k] = initialSlotValue(kinds.get(k));
        }
        slots = new OptimizerSlots(name, params, kinds, initialValues, common.clips(), common.noWeightDecay());
    }

    /** Whether {@link #build} (or a first {@link #step}) has run. */
    public final boolean isBuilt() {
        return slots != null;
    }

    /**
     * The L2 norm of all the parameters' gradients together, {@code sqrt(Σ g²)}, in double: the
     * quantity {@code global_clipnorm} bounds, for training histories. Reads {@link Parameter#grad()}
     * as it is (before any clipping).
     */
    public static double globalNorm(List<Parameter> params) {
        return GradientClipping.globalNorm(params);
    }

    /**
     * The L2 norm of all the gradients the last {@link #step} applied, together, in double: after
     * clipping when clipping is on, else the same as {@link #globalNorm} before the step. NaN
     * before the first step. Call it right after the step (it reads the gradients as they are).
     */
    public final double appliedGradientNorm() {
        if (slots == null || iterations == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (float[] g : slots.gradients) {
            if (g == null) {
                return Double.NaN;
            }
            for (float v : g) {
                s += (double) v * v;
            }
        }
        return Math.sqrt(s);
    }

    // ---- learning rate and iterations --------------------------------------------------------------

    /** The learning rate the next {@link #step} uses: the schedule at {@link #iterations()}, if any. */
    public final float learningRate() {
        return schedule != null ? schedule.rate(iterations) : learningRate;
    }

    /**
     * Sets the learning rate, as Keras' {@code optimizer.learning_rate = lr} (what
     * {@link ReduceLROnPlateau} does).
     *
     * @throws IllegalStateException    if the optimizer follows a schedule (Keras raises a TypeError)
     * @throws IllegalArgumentException if {@code lr} is negative or not finite
     */
    public final void setLearningRate(float lr) {
        if (schedule != null) {
            throw new IllegalStateException(name + ": this optimizer was created with a learning rate schedule ("
                    + schedule.className() + "), so its learning rate is not settable; create it with a"
                    + " float learning_rate to set it");
        }
        learningRate = (float) Checks.nonNegative(name, "learning_rate", lr);
    }

    /** The schedule, or null when the learning rate is a plain number. */
    public final LearningRateSchedule schedule() {
        return schedule;
    }

    /** The number of updates applied (Keras' {@code optimizer.iterations}). */
    public final long iterations() {
        return iterations;
    }

    /** Sets the update count, to resume from a checkpoint: Adam's bias correction and schedules read it. */
    public final void setIterations(long iterations) {
        if (iterations < 0) {
            throw Checks.invalid(name, "iterations", "an integer >= 0", iterations);
        }
        this.iterations = iterations;
    }

    // ---- identity and config -----------------------------------------------------------------------

    /** The Keras class name: {@code "SGD"}, {@code "RMSprop"}, {@code "Adam"}, {@code "AdamW"}, {@code "Adagrad"}. */
    public final String name() {
        return name;
    }

    /** {@code weight_decay}, or null when off. */
    public final Double weightDecay() {
        return common.weightDecay;
    }

    /** {@code clipnorm}, or null when off. */
    public final Double clipnorm() {
        return common.clipnorm;
    }

    /** {@code clipvalue}, or null when off. */
    public final Double clipvalue() {
        return common.clipvalue;
    }

    /** {@code global_clipnorm}, or null when off. */
    public final Double globalClipnorm() {
        return common.globalClipnorm;
    }

    /**
     * The constructor arguments under their Keras names, as Keras' {@code get_config()}: first
     * {@code learning_rate} (the current float32 value widened to double, as Keras'
     * {@code float(variable)}, or the schedule as {@code {"class_name", "config"}}),
     * {@code weight_decay}, {@code clipnorm}, {@code global_clipnorm}, {@code clipvalue} (null when
     * off), then the optimizer's own. Numbers are Doubles except integers; the map is unmodifiable.
     * Weight-decay exclusions, like Keras', are not part of it.
     */
    public final Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("learning_rate", schedule != null ? LearningRateSchedule.serialize(schedule) : (double) learningRate);
        common.putConfig(c);
        addConfig(c);
        return Collections.unmodifiableMap(c);
    }

    /**
     * Rebuilds an optimizer from its {@link #name()} (case-insensitive, so Keras' {@code "adam"}
     * works too) and {@link #config()}. Missing arguments take their defaults. A config written by
     * Keras also loads: {@code name}, {@code use_ema=false}, {@code ema_momentum},
     * {@code ema_overwrite_frequency=None}, {@code loss_scale_factor=None},
     * {@code gradient_accumulation_steps=None} (and Keras 2's {@code jit_compile},
     * {@code is_legacy_optimizer}, {@code decay=0}) are accepted; those features switched on, or any
     * other key, are refused.
     *
     * @throws IllegalArgumentException for an unknown optimizer, unknown key or invalid value
     */
    public static Optimizer fromConfig(String name, Map<String, ?> config) {
        String key = name == null ? "" : name.toLowerCase(Locale.ROOT);
        switch (key) {
            case "sgd":
                return SGD.fromConfig(config);
            case "rmsprop":
                return RMSprop.fromConfig(config);
            case "adam":
                return Adam.fromConfig(config);
            case "adamw":
                return AdamW.fromConfig(config);
            case "adagrad":
                return Adagrad.fromConfig(config);
            default:
                throw new IllegalArgumentException("Optimizer: unknown optimizer `" + name
                        + "`, expected one of [SGD, RMSprop, Adam, AdamW, Adagrad]");
        }
    }

    // ---- state -------------------------------------------------------------------------------------

    /**
     * A copy of every slot, named {@code "<kind>/<parameter index>"} with Keras' slot names, e.g.
     * {@code "momentum/0"}, {@code "velocity/0"}; slot-major, in {@link #slotKinds()} order. Empty
     * before the optimizer is built. {@link #iterations()} is not part of it.
     */
    public final Map<String, float[]> state() {
        return slots == null ? new LinkedHashMap<>() : slots.state();
    }

    /**
     * Copies slots saved by {@link #state()} in. The optimizer must be built (by {@link #build} with
     * the parameters) so that sizes can be checked; every slot must be present, with its size and
     * finite values, and nothing else. On any error nothing is changed.
     *
     * @throws IllegalStateException    if not built
     * @throws IllegalArgumentException naming the offending entry otherwise
     */
    public final void loadState(Map<String, float[]> state) {
        if (slots == null) {
            throw new IllegalStateException(name + ": call build(params) before loadState, so that the slot sizes"
                    + " can be checked against the parameters");
        }
        slots.load(state);
    }

    @Override
    public String toString() {
        return name + config();
    }
}
