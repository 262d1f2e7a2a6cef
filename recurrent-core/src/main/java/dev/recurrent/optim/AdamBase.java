package dev.recurrent.optim;

import dev.recurrent.config.ConfigReader;
import java.util.List;
import java.util.Map;

/**
 * What {@link Adam} and {@link AdamW} share: Adam's update ({@link AdamRule}) and its arguments
 * {@code beta_1}, {@code beta_2}, {@code epsilon} and {@code amsgrad}, with their config and
 * builder. The two differ only in weight decay, which {@link Optimizer} applies.
 */
public abstract sealed class AdamBase extends Optimizer permits Adam, AdamW {
    private final AdamRule rule;

    AdamBase(String name, ArgumentsBuilder<?> b) {
        super(name, b);
        this.rule = new AdamRule(name, b.beta1, b.beta2, b.epsilon, b.amsgrad);
    }

    @Override
    protected final List<String> slotKinds() {
        return rule.slotKinds();
    }

    @Override
    protected final void update(int index, float[] w, float[] g, float lr, int from, int to) {
        rule.update(iterations(), w, g, lr, slot(0, index), slot(1, index), rule.amsgrad ? slot(2, index) : null,
                from, to);
    }

    public final double beta1() {
        return rule.beta1;
    }

    public final double beta2() {
        return rule.beta2;
    }

    public final double epsilon() {
        return rule.epsilon;
    }

    public final boolean amsgrad() {
        return rule.amsgrad;
    }

    @Override
    protected final void addConfig(Map<String, Object> config) {
        rule.addConfig(config);
    }

    /** {@code b} with the arguments of a config written by {@link #config()} (or by Keras), not yet built. */
    static <B extends ArgumentsBuilder<B>> B read(B b, String name, Map<String, ?> config) {
        ConfigReader r = new ConfigReader(name, config);
        b.readCommon(r);
        b.beta1(r.number("beta_1", b.beta1));
        b.beta2(r.number("beta_2", b.beta2));
        b.epsilon(r.number("epsilon", b.epsilon));
        b.amsgrad(r.bool("amsgrad", b.amsgrad));
        r.finish();
        return b;
    }

    /**
     * The arguments of Adam's update, with Keras' defaults.
     *
     * @param <B> the concrete builder, for chaining
     */
    public abstract static class ArgumentsBuilder<B extends ArgumentsBuilder<B>> extends OptimizerBuilder<B> {
        double beta1 = 0.9;
        double beta2 = 0.999;
        double epsilon = 1e-7;
        boolean amsgrad = false;

        ArgumentsBuilder() {
            super(0.001);
        }

        /** {@code beta_1} in [0, 1): decay of the first-moment average. */
        public B beta1(double beta1) {
            this.beta1 = beta1;
            return self();
        }

        /** {@code beta_2} in [0, 1): decay of the second-moment average. */
        public B beta2(double beta2) {
            this.beta2 = beta2;
            return self();
        }

        /** {@code epsilon} {@code >= 0}, added to {@code sqrt(v)}. */
        public B epsilon(double epsilon) {
            this.epsilon = epsilon;
            return self();
        }

        /** {@code amsgrad}: divide by the running maximum of v. */
        public B amsgrad(boolean amsgrad) {
            this.amsgrad = amsgrad;
            return self();
        }
    }
}
