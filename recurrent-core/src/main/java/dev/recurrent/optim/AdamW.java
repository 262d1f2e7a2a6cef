package dev.recurrent.optim;

import java.util.List;
import java.util.Map;

/**
 * Keras' {@code AdamW}: {@link Adam}'s update with decoupled weight decay, which Keras applies (for
 * every optimizer given a {@code weight_decay}) before the update, with the same step's learning
 * rate:
 * <pre>
 *   w = w − w·weight_decay·lr       then Adam's update of w
 * </pre>
 * Defaults: {@code learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999,
 * epsilon=1e-7, amsgrad=false}. {@code weight_decay} must be set (Keras refuses None).
 * Exclude parameters (biases, say) with {@link Builder#excludeFromWeightDecay}.
 */
public final class AdamW extends Optimizer {
    static final String NAME = "AdamW";

    private final AdamRule rule;

    /** Keras' defaults: {@code AdamW(learning_rate=0.001, weight_decay=0.004)}. */
    public AdamW() {
        this(builder());
    }

    /** {@code AdamW(learning_rate=learningRate)}. */
    public AdamW(double learningRate) {
        this(builder().learningRate(learningRate));
    }

    private AdamW(Builder b) {
        super(NAME, requireWeightDecay(b));
        this.rule = new AdamRule(NAME, b.beta1, b.beta2, b.epsilon, b.amsgrad);
    }

    private static Builder requireWeightDecay(Builder b) {
        if (b.weightDecay == null) {
            throw Checks.invalid(NAME, "weight_decay", "a float", "None");
        }
        return b;
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

    static AdamW fromConfig(Map<String, ?> config) {
        ConfigReader r = new ConfigReader(NAME, config);
        Builder b = builder().readCommon(r);
        b.beta1(r.number("beta_1", b.beta1));
        b.beta2(r.number("beta_2", b.beta2));
        b.epsilon(r.number("epsilon", b.epsilon));
        b.amsgrad(r.bool("amsgrad", b.amsgrad));
        r.finish();
        return b.build();
    }

    /** Arguments of {@link AdamW}, with Keras' defaults. */
    public static final class Builder extends Optimizer.Builder<Builder> {
        double beta1 = 0.9;
        double beta2 = 0.999;
        double epsilon = 1e-7;
        boolean amsgrad = false;

        Builder() {
            super(0.001);
            weightDecay = 0.004;
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

        public AdamW build() {
            return new AdamW(this);
        }
    }
}
