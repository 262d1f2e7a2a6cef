package dev.recurrent.optim;

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
public final class AdamW extends AdamBase {
    static final String NAME = "AdamW";

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

    static AdamW fromConfig(Map<String, ?> config) {
        return read(builder(), NAME, config).build();
    }

    /** Arguments of {@link AdamW}, with Keras' defaults. */
    public static final class Builder extends ArgumentsBuilder<Builder> {
        Builder() {
            weightDecay = 0.004;
        }

        public AdamW build() {
            return new AdamW(this);
        }
    }
}
