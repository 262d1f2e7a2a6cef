package dev.recurrent.optim;

import dev.recurrent.kernels.Parallel;
import dev.recurrent.layers.Parameter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

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
    private final Double weightDecay;
    private final Double clipnorm;
    private final Double clipvalue;
    private final Double globalClipnorm;
    private final float weightDecayF;
    private final float clipF;
    private final Pattern weightDecayExclusions;
    private final List<String> exclusionList;
    private long iterations;

    // sized by build(), once
    private String[] slotNames;
    private int[] sizes;
    private String[] parameterNames;
    private int[][] shapes;
    private float[][][] slots;          // [slot][parameter][element]
    private float[][] clipped;          // [parameter][element], only when clipping
    private float[][] gradients;        // [parameter] -> the gradient the update reads this step
    private boolean[] decays;           // [parameter] -> weight decay applies
    private final RangeUpdate rangeUpdate = new RangeUpdate();

    /**
     * @param name the Keras class name, for {@link #name()} and messages
     * @param b    the common arguments, validated here
     */
    protected Optimizer(String name, Builder<?> b) {
        this.name = name;
        this.schedule = b.schedule;
        this.learningRate = b.schedule == null
                ? (float) Checks.nonNegative(name, "learning_rate", b.learningRate) : Float.NaN;
        this.weightDecay = b.weightDecay == null ? null : Checks.nonNegative(name, "weight_decay", b.weightDecay);
        this.clipnorm = b.clipnorm == null ? null : Checks.positive(name, "clipnorm", b.clipnorm);
        this.clipvalue = b.clipvalue == null ? null : Checks.positive(name, "clipvalue", b.clipvalue);
        this.globalClipnorm = b.globalClipnorm == null ? null
                : Checks.positive(name, "global_clipnorm", b.globalClipnorm);
        int clips = (clipnorm != null ? 1 : 0) + (clipvalue != null ? 1 : 0) + (globalClipnorm != null ? 1 : 0);
        if (clips > 1) {
            throw new IllegalArgumentException(name + ": only one of `clipnorm`, `clipvalue` and `global_clipnorm`"
                    + " can be set, got clipnorm=" + clipnorm + ", clipvalue=" + clipvalue
                    + ", global_clipnorm=" + globalClipnorm);
        }
        this.weightDecayF = weightDecay == null ? 0f : (float) (double) weightDecay;
        this.clipF = clipnorm != null ? (float) (double) clipnorm
                : clipvalue != null ? (float) (double) clipvalue
                : globalClipnorm != null ? (float) (double) globalClipnorm : 0f;
        this.exclusionList = List.copyOf(b.exclusions);
        this.weightDecayExclusions = exclusionList.isEmpty() ? null
                : Pattern.compile(String.join("|", exclusionList));
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
        return slots[kind][index];
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
        clip(params, n);
        if (weightDecay != null) {
            for (int i = 0; i < n; i++) {
                if (decays[i]) {
                    decay(params.get(i).value(), weightDecayF, lr);
                }
            }
        }
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
        if (sizes != null) {
            checkSameParameters(params);
            return;
        }
        int n = params.size();
        List<String> kinds = slotKinds();
        String[] names = kinds.toArray(new String[0]);
        int[] sz = new int[n];
        String[] pn = new String[n];
        int[][] sh = new int[n][];
        boolean[] dec = new boolean[n];
        for (int i = 0; i < n; i++) {
            Parameter p = params.get(i);
            sz[i] = p.size();
            pn[i] = p.name();
            sh[i] = p.shape();
            dec[i] = weightDecayExclusions == null || !weightDecayExclusions.matcher(p.name()).find();
        }
        float[][][] sl = new float[names.length][n][];
        for (int k = 0; k < names.length; k++) {
            float init = initialSlotValue(names[k]);
            for (int i = 0; i < n; i++) {
                sl[k][i] = new float[sz[i]];
                if (init != 0f) {
                    Arrays.fill(sl[k][i], init);
                }
            }
        }
        float[][] cl = null;
        if (clipF != 0f) {
            cl = new float[n][];
            for (int i = 0; i < n; i++) {
                cl[i] = new float[sz[i]];
            }
        }
        slotNames = names;
        parameterNames = pn;
        shapes = sh;
        decays = dec;
        slots = sl;
        clipped = cl;
        gradients = new float[n][];
        sizes = sz;
    }

    /** Whether {@link #build} (or a first {@link #step}) has run. */
    public final boolean isBuilt() {
        return sizes != null;
    }

    private void checkSameParameters(List<Parameter> params) {
        int n = params.size();
        if (n != sizes.length) {
            throw new IllegalArgumentException(name + ": built for " + sizes.length + " parameters, got " + n
                    + "; an optimizer serves one list of parameters, create a new one for another");
        }
        for (int i = 0; i < n; i++) {
            Parameter p = params.get(i);
            if (p.size() != sizes[i]) {
                throw new IllegalArgumentException(name + ": parameter " + i + " was " + describe(i) + ", got "
                        + p.name() + Arrays.toString(p.shape()) + " (" + p.size()
                        + " values); pass the parameters in the order the optimizer was built with");
            }
        }
    }

    private void clip(List<Parameter> params, int n) {
        if (clipF == 0f) {
            for (int i = 0; i < n; i++) {
                gradients[i] = params.get(i).grad();
            }
            return;
        }
        if (clipvalue != null) {
            for (int i = 0; i < n; i++) {
                GradientClipping.byValue(clipped[i], params.get(i).grad(), clipF);
            }
        } else if (clipnorm != null) {
            for (int i = 0; i < n; i++) {
                GradientClipping.byNorm(clipped[i], params.get(i).grad(), clipF);
            }
        } else {
            float sum = 0f;
            for (int i = 0; i < n; i++) {
                sum += GradientClipping.sumOfSquares(params.get(i).grad());
            }
            float scale = GradientClipping.globalScale((float) Math.sqrt(sum), clipF);
            for (int i = 0; i < n; i++) {
                GradientClipping.scale(clipped[i], params.get(i).grad(), scale);
            }
        }
        for (int i = 0; i < n; i++) {
            gradients[i] = clipped[i];
        }
    }

    /** Keras' {@code _apply_weight_decay}: {@code w = w − w·wd·lr}, before the update. */
    private static void decay(float[] w, float wd, float lr) {
        for (int j = 0; j < w.length; j++) {
            w[j] -= w[j] * wd * lr;
        }
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
        if (gradients == null || iterations == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (float[] g : gradients) {
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
        return weightDecay;
    }

    /** {@code clipnorm}, or null when off. */
    public final Double clipnorm() {
        return clipnorm;
    }

    /** {@code clipvalue}, or null when off. */
    public final Double clipvalue() {
        return clipvalue;
    }

    /** {@code global_clipnorm}, or null when off. */
    public final Double globalClipnorm() {
        return globalClipnorm;
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
        c.put("weight_decay", weightDecay);
        c.put("clipnorm", clipnorm);
        c.put("global_clipnorm", globalClipnorm);
        c.put("clipvalue", clipvalue);
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
        Map<String, float[]> out = new LinkedHashMap<>();
        if (sizes == null) {
            return out;
        }
        for (int k = 0; k < slotNames.length; k++) {
            for (int i = 0; i < sizes.length; i++) {
                out.put(slotNames[k] + "/" + i, slots[k][i].clone());
            }
        }
        return out;
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
        if (sizes == null) {
            throw new IllegalStateException(name + ": call build(params) before loadState, so that the slot sizes"
                    + " can be checked against the parameters");
        }
        if (state == null) {
            throw new IllegalArgumentException(name + ": state must not be null");
        }
        List<String> missing = new ArrayList<>();
        for (int k = 0; k < slotNames.length; k++) {
            for (int i = 0; i < sizes.length; i++) {
                String key = slotNames[k] + "/" + i;
                float[] v = state.get(key);
                if (v == null) {
                    missing.add(key);
                    continue;
                }
                if (v.length != sizes[i]) {
                    throw new IllegalArgumentException(name + ": state entry '" + key + "' expects " + sizes[i]
                            + " values (parameter " + i + ", " + describe(i) + "), got " + v.length);
                }
                for (int j = 0; j < v.length; j++) {
                    if (!Float.isFinite(v[j])) {
                        throw new IllegalArgumentException(name + ": state entry '" + key
                                + "' holds a non-finite value (" + v[j] + ") at index " + j);
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(name + ": state lacks " + missing + "; expected "
                    + expectedKeys() + ", got " + state.keySet());
        }
        if (state.size() != slotNames.length * sizes.length) {
            List<String> extra = new ArrayList<>(state.keySet());
            extra.removeAll(expectedKeys());
            throw new IllegalArgumentException(name + ": state holds unexpected entries " + extra + "; expected "
                    + expectedKeys());
        }
        for (int k = 0; k < slotNames.length; k++) {
            for (int i = 0; i < sizes.length; i++) {
                System.arraycopy(state.get(slotNames[k] + "/" + i), 0, slots[k][i], 0, sizes[i]);
            }
        }
    }

    private List<String> expectedKeys() {
        List<String> keys = new ArrayList<>();
        for (String s : slotNames) {
            for (int i = 0; i < sizes.length; i++) {
                keys.add(s + "/" + i);
            }
        }
        return keys;
    }

    private String describe(int i) {
        return "'" + parameterNames[i] + "' " + Arrays.toString(shapes[i]) + " (" + sizes[i] + " values)";
    }

    @Override
    public String toString() {
        return name + config();
    }

    // ---- builders ----------------------------------------------------------------------------------

    /**
     * The arguments every optimizer takes. Setters only record; {@code build()} validates and throws
     * {@link IllegalArgumentException} naming the optimizer, the argument, the expectation and the
     * value received.
     *
     * @param <B> the concrete builder, for chaining
     */
    public abstract static class Builder<B extends Builder<B>> {
        double learningRate;
        LearningRateSchedule schedule;
        Double weightDecay;
        Double clipnorm;
        Double clipvalue;
        Double globalClipnorm;
        final List<String> exclusions = new ArrayList<>();

        protected Builder(double defaultLearningRate) {
            this.learningRate = defaultLearningRate;
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** {@code learning_rate}, a finite float {@code >= 0}; replaces any schedule. */
        public B learningRate(double learningRate) {
            this.learningRate = learningRate;
            this.schedule = null;
            return self();
        }

        /** A schedule evaluated at each step's {@link #iterations()} instead of a fixed learning rate. */
        public B learningRate(LearningRateSchedule schedule) {
            if (schedule == null) {
                throw new IllegalArgumentException("learning rate schedule must not be null");
            }
            this.schedule = schedule;
            return self();
        }

        /** {@code weight_decay}: {@code w −= w·wd·lr} before each update; off unless set. */
        public B weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return self();
        }

        /** {@code clipnorm}: clip each gradient to this L2 norm; {@code > 0}. */
        public B clipnorm(double clipnorm) {
            this.clipnorm = clipnorm;
            return self();
        }

        /** {@code clipvalue}: clip each gradient element to [-v, v]; {@code > 0}. */
        public B clipvalue(double clipvalue) {
            this.clipvalue = clipvalue;
            return self();
        }

        /** {@code global_clipnorm}: scale all gradients so their joint L2 norm is at most this; {@code > 0}. */
        public B globalClipnorm(double globalClipnorm) {
            this.globalClipnorm = globalClipnorm;
            return self();
        }

        /**
         * Keras' {@code exclude_from_weight_decay(var_names=...)}: parameters whose {@link Parameter#name()}
         * contains a match of any of these regular expressions get no weight decay (e.g.
         * {@code "bias"}).
         */
        public B excludeFromWeightDecay(String... nameFragments) {
            for (String s : nameFragments) {
                Pattern.compile(s); // fails early on a bad pattern
                exclusions.add(s);
            }
            return self();
        }

        /** Reads the common Keras arguments and accepts the Keras-only ones that are off. */
        final B readCommon(ConfigReader r) {
            Object lr = r.raw("learning_rate");
            if (lr instanceof Map) {
                @SuppressWarnings("unchecked")
                Map<String, ?> m = (Map<String, ?>) lr;
                learningRate(LearningRateSchedule.deserialize(m));
            } else if (lr instanceof Number) {
                learningRate(((Number) lr).doubleValue());
            } else if (lr != null) {
                throw new IllegalArgumentException(r.owner() + ": config entry `learning_rate` must be a number or a"
                        + " serialized schedule, got " + lr + " (" + lr.getClass().getSimpleName() + ")");
            }
            if (r.has("weight_decay")) {
                weightDecay = r.optionalNumber("weight_decay");
            }
            clipnorm = r.optionalNumber("clipnorm");
            clipvalue = r.optionalNumber("clipvalue");
            globalClipnorm = r.optionalNumber("global_clipnorm");
            r.raw("name");
            r.acceptOnlyIf("use_ema", Boolean.FALSE.equals(r.peek("use_ema")), "false");
            r.raw("ema_momentum");
            r.acceptOnlyIf("ema_overwrite_frequency", r.peek("ema_overwrite_frequency") == null, "None");
            r.acceptOnlyIf("loss_scale_factor", r.peek("loss_scale_factor") == null, "None");
            r.acceptOnlyIf("gradient_accumulation_steps", r.peek("gradient_accumulation_steps") == null, "None");
            Object decay = r.peek("decay");
            r.acceptOnlyIf("decay", decay == null || (decay instanceof Number && ((Number) decay).doubleValue() == 0),
                    "0 or None (Keras 3 dropped it)");
            r.raw("jit_compile");
            r.raw("is_legacy_optimizer");
            return self();
        }
    }
}
