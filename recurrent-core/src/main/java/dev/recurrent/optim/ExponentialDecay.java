package dev.recurrent.optim;

import dev.recurrent.config.ConfigReader;
import java.util.Map;

/**
 * Keras' {@code ExponentialDecay}: {@code initial_learning_rate · decay_rate^(step / decay_steps)},
 * where {@code step / decay_steps} is floored when {@code staircase} is true. Computed in float32 in
 * Keras' order: {@code p = float(step) / float(decay_steps)}, then {@code lr0 · pow(rate, p)}.
 */
public final class ExponentialDecay extends KerasSchedule {
    static final String CLASS_NAME = "ExponentialDecay";

    private final double initialLearningRate;
    private final long decaySteps;
    private final double decayRate;
    private final boolean staircase;
    private final float lr0;
    private final float steps;
    private final float rate;

    /**
     * @param initialLearningRate {@code initial_learning_rate}, finite and {@code >= 0}
     * @param decaySteps          {@code decay_steps}, {@code > 0} (Keras refuses {@code <= 0} too)
     * @param decayRate           {@code decay_rate}, finite and {@code >= 0}
     * @param staircase           decay at discrete intervals
     */
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
        super(CLASS_NAME);
        this.initialLearningRate = Checks.nonNegative(CLASS_NAME, "initial_learning_rate", initialLearningRate);
        this.decaySteps = Checks.positive(CLASS_NAME, "decay_steps", decaySteps);
        this.decayRate = Checks.nonNegative(CLASS_NAME, "decay_rate", decayRate);
        this.staircase = staircase;
        this.lr0 = (float) initialLearningRate;
        this.steps = (float) decaySteps;
        this.rate = (float) decayRate;
    }

    /** Without staircase, as Keras' default. */
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate) {
        this(initialLearningRate, decaySteps, decayRate, false);
    }

    @Override
    public float rate(long step) {
        float p = (float) step / steps;
        if (staircase) {
            p = (float) Math.floor(p);
        }
        return lr0 * (float) Math.pow(rate, p);
    }

    @Override
    void addArguments(Map<String, Object> c) {
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", decaySteps);
        c.put("decay_rate", decayRate);
        c.put("staircase", staircase);
    }

    static ExponentialDecay fromConfig(Map<String, ?> config) {
        ConfigReader r = new ConfigReader(CLASS_NAME, config);
        double lr0 = r.requiredNumber("initial_learning_rate");
        long steps = r.requiredInteger("decay_steps");
        double rate = r.requiredNumber("decay_rate");
        boolean staircase = r.bool("staircase", false);
        r.string("name", CLASS_NAME);
        r.finish();
        return new ExponentialDecay(lr0, steps, rate, staircase);
    }
}
