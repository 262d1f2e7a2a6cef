package dev.recurrent.optim;

import dev.recurrent.config.ConfigReader;
import java.util.List;
import java.util.Map;

/**
 * Keras' {@code Adagrad}. Defaults: {@code learning_rate=0.001, initial_accumulator_value=0.1,
 * epsilon=1e-7}. Slot {@code accumulator}, starting at {@code initial_accumulator_value}. Per
 * element in float32, with {@code ε} inside the square root as in Keras 3:
 * <pre>
 *   acc = acc + g²
 *   w   = w − (lr·g) / sqrt(acc + ε)
 * </pre>
 */
public final class Adagrad extends Optimizer {
    static final String NAME = "Adagrad";

    private final double initialAccumulatorValue;
    private final double epsilon;
    private final float eps;

    /** Keras' defaults: {@code Adagrad(learning_rate=0.001)}. */
    public Adagrad() {
        this(builder());
    }

    /** {@code Adagrad(learning_rate=learningRate)}. */
    public Adagrad(double learningRate) {
        this(builder().learningRate(learningRate));
    }

    private Adagrad(Builder b) {
        super(NAME, b);
        this.initialAccumulatorValue = Checks.nonNegative(NAME, "initial_accumulator_value",
                b.initialAccumulatorValue);
        this.epsilon = Checks.nonNegative(NAME, "epsilon", b.epsilon);
        this.eps = (float) epsilon;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected List<String> slotKinds() {
        return List.of("accumulator");
    }

    @Override
    protected float initialSlotValue(String kind) {
        return (float) initialAccumulatorValue;
    }

    @Override
    protected void update(int index, float[] w, float[] g, float lr, int from, int to) {
        float[] acc = slot(0, index);
        for (int j = from; j < to; j++) {
            float gj = g[j];
            acc[j] += gj * gj;
            w[j] -= lr * gj / (float) Math.sqrt(acc[j] + eps);
        }
    }

    public double initialAccumulatorValue() {
        return initialAccumulatorValue;
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    protected void addConfig(Map<String, Object> config) {
        config.put("initial_accumulator_value", initialAccumulatorValue);
        config.put("epsilon", epsilon);
    }

    static Adagrad fromConfig(Map<String, ?> config) {
        ConfigReader r = new ConfigReader(NAME, config);
        Builder b = builder().readCommon(r);
        b.initialAccumulatorValue(r.number("initial_accumulator_value", b.initialAccumulatorValue));
        b.epsilon(r.number("epsilon", b.epsilon));
        r.finish();
        return b.build();
    }

    /** Arguments of {@link Adagrad}, with Keras' defaults. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        double initialAccumulatorValue = 0.1;
        double epsilon = 1e-7;

        Builder() {
            super(0.001);
        }

        /** {@code initial_accumulator_value} {@code >= 0}: where the accumulators start. */
        public Builder initialAccumulatorValue(double value) {
            this.initialAccumulatorValue = value;
            return this;
        }

        /** {@code epsilon} {@code >= 0}, added under the square root. */
        public Builder epsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        public Adagrad build() {
            return new Adagrad(this);
        }
    }
}
