package dev.recurrent.optim;

import java.util.List;
import java.util.Map;

/**
 * Keras' {@code Adam}. Defaults: {@code learning_rate=0.001, beta_1=0.9, beta_2=0.999,
 * epsilon=1e-7, amsgrad=false}. Slots: {@code momentum} (m), {@code velocity} (v) and, with
 * AMSGrad, {@code velocity_hat}. The update, with {@code t = iterations + 1}, in float32 and in
 * Keras' order; {@code beta^t} is a float32 power and {@code 1 − beta} is computed in double, then
 * rounded, as Python does:
 * <pre>
 *   alpha = lr · sqrt(1 − beta_2^t) / (1 − beta_1^t)
 *   m = m + (g − m)·(1 − beta_1)
 *   v = v + (g² − v)·(1 − beta_2)
 *   w = w − (m·alpha) / (sqrt(v) + ε)          (v̂ = max(v̂, v) in place of v with amsgrad)
 * </pre>
 */
public final class Adam extends Optimizer {
    static final String NAME = "Adam";

    private final AdamRule rule;

    /** Keras' defaults: {@code Adam(learning_rate=0.001)}. */
    public Adam() {
        this(builder());
    }

    /** {@code Adam(learning_rate=learningRate)}. */
    public Adam(double learningRate) {
        this(builder().learningRate(learningRate));
    }

    private Adam(Builder b) {
        super(NAME, b);
        this.rule = new AdamRule(NAME, b.beta1, b.beta2, b.epsilon, b.amsgrad);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected List<String> slotKinds() {
        return rule.slotKinds();
    }

    @Override
    protected void update(int index, float[] w, float[] g, float lr, int from, int to) {
        rule.update(iterations(), w, g, lr, slot(0, index), slot(1, index), rule.amsgrad ? slot(2, index) : null,
                from, to);
    }

    public double beta1() {
        return rule.beta1;
    }

    public double beta2() {
        return rule.beta2;
    }

    public double epsilon() {
        return rule.epsilon;
    }

    public boolean amsgrad() {
        return rule.amsgrad;
    }

    @Override
    protected void addConfig(Map<String, Object> config) {
        rule.addConfig(config);
    }

    static Adam fromConfig(Map<String, ?> config) {
        ConfigReader r = new ConfigReader(NAME, config);
        Builder b = builder().readCommon(r);
        b.beta1(r.number("beta_1", b.beta1));
        b.beta2(r.number("beta_2", b.beta2));
        b.epsilon(r.number("epsilon", b.epsilon));
        b.amsgrad(r.bool("amsgrad", b.amsgrad));
        r.finish();
        return b.build();
    }

    /** Arguments of {@link Adam}, with Keras' defaults. */
    public static final class Builder extends Optimizer.Builder<Builder> {
        double beta1 = 0.9;
        double beta2 = 0.999;
        double epsilon = 1e-7;
        boolean amsgrad = false;

        Builder() {
            super(0.001);
        }

        /** {@code beta_1} in [0, 1): decay of the first-moment average. */
        public Builder beta1(double beta1) {
            this.beta1 = beta1;
            return this;
        }

        /** {@code beta_2} in [0, 1): decay of the second-moment average. */
        public Builder beta2(double beta2) {
            this.beta2 = beta2;
            return this;
        }

        /** {@code epsilon} {@code >= 0}, added to {@code sqrt(v)}. */
        public Builder epsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** {@code amsgrad}: divide by the running maximum of v. */
        public Builder amsgrad(boolean amsgrad) {
            this.amsgrad = amsgrad;
            return this;
        }

        public Adam build() {
            return new Adam(this);
        }
    }
}
