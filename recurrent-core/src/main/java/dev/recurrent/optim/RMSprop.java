package dev.recurrent.optim;

import dev.recurrent.config.ConfigReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras' {@code RMSprop}. Defaults: {@code learning_rate=0.001, rho=0.9, momentum=0.0,
 * epsilon=1e-7, centered=false}. Slots: {@code velocity}, then {@code momentum} (when
 * {@code momentum > 0}) and {@code average_gradient} (when centered). Per element in float32, with
 * {@code ε} inside the square root as in Keras 3:
 * <pre>
 *   v   = rho·v + (1 − rho)·g²
 *   centered:  a = rho·a + (1 − rho)·g;   d = v − a² + ε
 *   otherwise: d = v + ε
 *   inc = (lr·g) / sqrt(d)
 *   momentum > 0: mom = momentum·mom + inc;  w = w − mom
 *   otherwise:    w = w − inc
 * </pre>
 * ({@code 1 − rho} is computed in double, then rounded to float, as Python does.)
 */
public final class RMSprop extends Optimizer {
    static final String NAME = "RMSprop";

    private final double rho;
    private final double momentum;
    private final double epsilon;
    private final boolean centered;
    private final float rhoF;
    private final float oneMinusRho;
    private final float momF;
    private final float eps;

    /** Keras' defaults: {@code RMSprop(learning_rate=0.001)}. */
    public RMSprop() {
        this(builder());
    }

    /** {@code RMSprop(learning_rate=learningRate)}. */
    public RMSprop(double learningRate) {
        this(builder().learningRate(learningRate));
    }

    private RMSprop(Builder b) {
        super(NAME, b);
        this.rho = Checks.unitClosed(NAME, "rho", b.rho);
        this.momentum = Checks.unitClosed(NAME, "momentum", b.momentum);
        this.epsilon = Checks.nonNegative(NAME, "epsilon", b.epsilon);
        this.centered = b.centered;
        this.rhoF = (float) rho;
        this.oneMinusRho = (float) (1 - rho);
        this.momF = (float) momentum;
        this.eps = (float) epsilon;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected List<String> slotKinds() {
        List<String> kinds = new ArrayList<>(List.of("velocity"));
        if (momentum > 0) {
            kinds.add("momentum");
        }
        if (centered) {
            kinds.add("average_gradient");
        }
        return kinds;
    }

    @Override
    protected void update(int index, float[] w, float[] g, float lr, int from, int to) {
        float[] v = slot(0, index);
        float[] mom = momentum > 0 ? slot(1, index) : null;
        float[] avg = centered ? slot(momentum > 0 ? 2 : 1, index) : null;
        for (int j = from; j < to; j++) {
            float gj = g[j];
            v[j] = rhoF * v[j] + oneMinusRho * (gj * gj);
            float denominator;
            if (avg != null) {
                avg[j] = rhoF * avg[j] + oneMinusRho * gj;
                denominator = v[j] - avg[j] * avg[j] + eps;
            } else {
                denominator = v[j] + eps;
            }
            float increment = lr * gj / (float) Math.sqrt(denominator);
            if (mom != null) {
                mom[j] = momF * mom[j] + increment;
                w[j] -= mom[j];
            } else {
                w[j] -= increment;
            }
        }
    }

    public double rho() {
        return rho;
    }

    public double momentum() {
        return momentum;
    }

    public double epsilon() {
        return epsilon;
    }

    public boolean centered() {
        return centered;
    }

    @Override
    protected void addConfig(Map<String, Object> config) {
        config.put("rho", rho);
        config.put("momentum", momentum);
        config.put("epsilon", epsilon);
        config.put("centered", centered);
    }

    static RMSprop fromConfig(Map<String, ?> config) {
        ConfigReader r = new ConfigReader(NAME, config);
        Builder b = builder().readCommon(r);
        b.rho(r.number("rho", b.rho));
        b.momentum(r.number("momentum", b.momentum));
        b.epsilon(r.number("epsilon", b.epsilon));
        b.centered(r.bool("centered", b.centered));
        r.finish();
        return b.build();
    }

    /** Arguments of {@link RMSprop}, with Keras' defaults. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        double rho = 0.9;
        double momentum = 0.0;
        double epsilon = 1e-7;
        boolean centered = false;

        Builder() {
            super(0.001);
        }

        /** {@code rho} in [0, 1]: discount of the squared-gradient average. */
        public Builder rho(double rho) {
            this.rho = rho;
            return this;
        }

        /** {@code momentum} in [0, 1]; 0 keeps no momentum slot. */
        public Builder momentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /** {@code epsilon} {@code >= 0}, added under the square root. */
        public Builder epsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** {@code centered}: divide by the estimated variance rather than the second moment. */
        public Builder centered(boolean centered) {
            this.centered = centered;
            return this;
        }

        public RMSprop build() {
            return new RMSprop(this);
        }
    }
}
