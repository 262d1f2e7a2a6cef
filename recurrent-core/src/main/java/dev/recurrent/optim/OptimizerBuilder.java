package dev.recurrent.optim;

import dev.recurrent.config.ConfigReader;
import dev.recurrent.layers.Parameter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The arguments every optimizer takes. Setters only record; {@code build()} validates and throws
 * {@link IllegalArgumentException} naming the optimizer, the argument, the expectation and the
 * value received.
 *
 * @param <B> the concrete builder, for chaining
 */
public abstract class OptimizerBuilder<B extends OptimizerBuilder<B>> {
    double learningRate;
    LearningRateSchedule schedule;
    Double weightDecay;
    Double clipnorm;
    Double clipvalue;
    Double globalClipnorm;
    final List<String> exclusions = new ArrayList<>();

    protected OptimizerBuilder(double defaultLearningRate) {
        this.learningRate = defaultLearningRate;
    }

    @SuppressWarnings("unchecked")
    protected final B self() {
        return (B) this;
    }

    /** {@code learning_rate}, a finite float {@code >= 0}; replaces any schedule. */
    public B learningRate(double learningRate) {
        this.learningRate = learningRate;
        this.schedule = null;
        return self();
    }

    /** A schedule evaluated at each step's {@link Optimizer#iterations()} instead of a fixed learning rate. */
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
