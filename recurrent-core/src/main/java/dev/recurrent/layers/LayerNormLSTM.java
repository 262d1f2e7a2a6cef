package dev.recurrent.layers;

/**
 * The layer-normalised LSTM (Ba, Kiros &amp; Hinton 2016) as TensorFlow Addons'
 * {@code LayerNormLSTMCell}: the input and recurrent projections are each normalised over their 4H
 * values before the gates, and the new cell state is normalised before it is carried on and output
 * through tanh. See {@link LayerNormLstmCell} for the equations.
 *
 * <p>Weights: {@code kernel} [I, 4H], {@code recurrent_kernel} [H, 4H], {@code bias} [4H] as
 * {@link LSTM}, then {@code kernel_norm_gamma}, {@code kernel_norm_beta},
 * {@code recurrent_norm_gamma}, {@code recurrent_norm_beta} [4H] and {@code state_norm_gamma},
 * {@code state_norm_beta} [H] (TF Addons' {@code kernel_norm/gamma}, ... in the same order).
 * Parameter count {@code 4H·(I + H + 1) + 18H}. {@code normEpsilon} (TF Addons'
 * {@code norm_epsilon}) defaults to 1e-3.
 */
public final class LayerNormLSTM extends Recurrent {
    /** TF Addons' default {@code norm_epsilon}. */
    public static final float DEFAULT_EPSILON = 1e-3f;
    private final float epsilon;

    public LayerNormLSTM(RecurrentConfig config, float normEpsilon) {
        super(config, new LayerNormLstmCell(config.activation(), config.recurrentActivation(),
                checkEpsilon(config.name(), normEpsilon)));
        this.epsilon = normEpsilon;
    }

    public LayerNormLSTM(RecurrentConfig config) {
        this(config, DEFAULT_EPSILON);
    }

    public static LayerNormLSTM of(int units) {
        return builder(units).build();
    }

    public static RecurrentConfig.Builder<LayerNormLSTM> builder(int units) {
        return builder(units, DEFAULT_EPSILON);
    }

    /** A builder whose layer normalises with {@code normEpsilon} added to the variance. */
    public static RecurrentConfig.Builder<LayerNormLSTM> builder(int units, float normEpsilon) {
        return new RecurrentConfig.Builder<>("layer_norm_lstm", units, c -> new LayerNormLSTM(c, normEpsilon));
    }

    /** The ε added to the variance of every normalisation. */
    public float normEpsilon() {
        return epsilon;
    }

    static float checkEpsilon(String name, float epsilon) {
        if (!(epsilon > 0f) || !Float.isFinite(epsilon)) {
            throw new IllegalArgumentException(name + ": received an invalid value for argument `norm_epsilon`,"
                    + " expected a positive number, got " + epsilon);
        }
        return epsilon;
    }

    @Override
    public java.util.Map<String, Object> getConfig() {
        java.util.Map<String, Object> c = super.getConfig();
        c.put("norm_epsilon", (double) epsilon);
        return c;
    }

    @Override
    public String type() {
        return "LayerNormLSTM";
    }

    @Override
    public LayerNormLSTM withConfig(RecurrentConfig config) {
        return new LayerNormLSTM(config, epsilon);
    }
}
