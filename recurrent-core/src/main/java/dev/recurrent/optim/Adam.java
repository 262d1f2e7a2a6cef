package dev.recurrent.optim;

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
public final class Adam extends AdamBase {
    static final String NAME = "Adam";

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
    }

    public static Builder builder() {
        return new Builder();
    }

    static Adam fromConfig(Map<String, ?> config) {
        return read(builder(), NAME, config).build();
    }

    /** Arguments of {@link Adam}, with Keras' defaults. */
    public static final class Builder extends ArgumentsBuilder<Builder> {
        Builder() {
        }

        public Adam build() {
            return new Adam(this);
        }
    }
}
