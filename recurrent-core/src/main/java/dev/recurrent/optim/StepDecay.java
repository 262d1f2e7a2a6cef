package dev.recurrent.optim;

import dev.recurrent.config.ConfigReader;
import java.util.Map;

/**
 * Step decay, the schedule of many course notes (not a Keras class):
 * {@code initial_learning_rate · factor^floor(step / steps_per_drop)}. The step is the optimizer's
 * {@link Optimizer#iterations()}, so for a drop every E epochs of N batches use
 * {@code steps_per_drop = E·N}. The power is taken in float32, as {@link ExponentialDecay} with
 * {@code staircase=true} does; the exponent is an exact integer here.
 */
public final class StepDecay extends KerasSchedule {
    static final String CLASS_NAME = "StepDecay";

    private final double initialLearningRate;
    private final double factor;
    private final long stepsPerDrop;
    private final float lr0;
    private final float f;

    /**
     * @param initialLearningRate {@code initial_learning_rate}, finite and {@code >= 0}
     * @param factor              multiplier at each drop, in (0, 1]
     * @param stepsPerDrop        optimizer steps between drops, {@code > 0}
     */
    public StepDecay(double initialLearningRate, double factor, long stepsPerDrop) {
        super(CLASS_NAME);
        this.initialLearningRate = Checks.nonNegative(CLASS_NAME, "initial_learning_rate", initialLearningRate);
        if (!(factor > 0 && factor <= 1)) {
            throw Checks.invalid(CLASS_NAME, "factor", "a float in (0, 1]", factor);
        }
        this.factor = factor;
        this.stepsPerDrop = Checks.positive(CLASS_NAME, "steps_per_drop", stepsPerDrop);
        this.lr0 = (float) initialLearningRate;
        this.f = (float) factor;
    }

    @Override
    public float rate(long step) {
        long drops = Math.floorDiv(step, stepsPerDrop);
        return lr0 * (float) Math.pow(f, drops);
    }

    @Override
    void addArguments(Map<String, Object> c) {
        c.put("initial_learning_rate", initialLearningRate);
        c.put("factor", factor);
        c.put("steps_per_drop", stepsPerDrop);
    }

    static StepDecay fromConfig(Map<String, ?> config) {
        ConfigReader r = new ConfigReader(CLASS_NAME, config);
        double lr0 = r.requiredNumber("initial_learning_rate");
        double factor = r.requiredNumber("factor");
        long steps = r.requiredInteger("steps_per_drop");
        r.string("name", CLASS_NAME);
        r.finish();
        return new StepDecay(lr0, factor, steps);
    }
}
