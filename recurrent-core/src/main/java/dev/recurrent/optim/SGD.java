package dev.recurrent.optim;

import dev.recurrent.config.ConfigReader;
import java.util.List;
import java.util.Map;

/**
 * Keras' {@code SGD}: gradient descent, optionally with momentum or Nesterov momentum. Defaults:
 * {@code learning_rate=0.01, momentum=0.0, nesterov=false}. With {@code m} the {@code momentum}
 * slot (kept only when {@code momentum != 0}), per element in float32:
 * <pre>
 *   momentum == 0:  w = w − g·lr
 *   otherwise:      m = m·momentum − g·lr
 *                   w = w + m                        (plain)
 *                   w = w + (m·momentum − g·lr)      (nesterov)
 * </pre>
 */
public final class SGD extends Optimizer {
    static final String NAME = "SGD";

    private final double momentum;
    private final boolean nesterov;
    private final float mom;

    /** Keras' defaults: {@code SGD(learning_rate=0.01)}. */
    public SGD() {
        this(builder());
    }

    /** {@code SGD(learning_rate=learningRate)}. */
    public SGD(double learningRate) {
        this(builder().learningRate(learningRate));
    }

    private SGD(Builder b) {
        super(NAME, b);
        this.momentum = Checks.unitClosed(NAME, "momentum", b.momentum);
        this.nesterov = b.nesterov;
        this.mom = (float) momentum;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected List<String> slotKinds() {
        return momentum != 0 ? List.of("momentum") : List.of();
    }

    @Override
    protected void update(int index, float[] w, float[] g, float lr, int from, int to) {
        if (momentum == 0) {
            for (int j = from; j < to; j++) {
                w[j] -= g[j] * lr;
            }
            return;
        }
        float[] m = slot(0, index);
        if (nesterov) {
            for (int j = from; j < to; j++) {
                m[j] = m[j] * mom - g[j] * lr;
                w[j] += m[j] * mom - g[j] * lr;
            }
        } else {
            for (int j = from; j < to; j++) {
                m[j] = m[j] * mom - g[j] * lr;
                w[j] += m[j];
            }
        }
    }

    /** {@code momentum}. */
    public double momentum() {
        return momentum;
    }

    /** {@code nesterov}. */
    public boolean nesterov() {
        return nesterov;
    }

    @Override
    protected void addConfig(Map<String, Object> config) {
        config.put("momentum", momentum);
        config.put("nesterov", nesterov);
    }

    static SGD fromConfig(Map<String, ?> config) {
        ConfigReader r = new ConfigReader(NAME, config);
        Builder b = builder().readCommon(r);
        b.momentum(r.number("momentum", b.momentum));
        b.nesterov(r.bool("nesterov", b.nesterov));
        r.finish();
        return b.build();
    }

    /** Arguments of {@link SGD}, with Keras' defaults. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        double momentum = 0.0;
        boolean nesterov = false;

        Builder() {
            super(0.01);
        }

        /** {@code momentum} in [0, 1]; 0 is plain gradient descent. */
        public Builder momentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /** {@code nesterov}: Nesterov momentum. */
        public Builder nesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        public SGD build() {
            return new SGD(this);
        }
    }
}
