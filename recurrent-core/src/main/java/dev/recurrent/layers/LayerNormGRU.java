package dev.recurrent.layers;

/**
 * The layer-normalised GRU of Ba, Kiros &amp; Hinton 2016, as their published code computes it
 * ({@code lngru_layer}): the input projection (with the bias) and the recurrent projection are each
 * normalised, the z and r blocks together and the candidate's block alone, before the gates. See
 * {@link LayerNormGruCell} for the equations.
 *
 * <p>Weights: {@code kernel} [I, 3H], {@code recurrent_kernel} [H, 3H], {@code bias} [3H] (gate order
 * z, r, h), then {@code kernel_norm_gamma}, {@code kernel_norm_beta}, {@code recurrent_norm_gamma},
 * {@code recurrent_norm_beta} [3H]. Parameter count {@code 3H·(I + H + 1) + 12H}. {@code normEpsilon}
 * defaults to 1e-3 as {@link LayerNormLSTM}'s (their code uses 1e-5).
 */
public final class LayerNormGRU extends Recurrent {
    private final float epsilon;

    public LayerNormGRU(RecurrentConfig config, float normEpsilon) {
        super(config, new LayerNormGruCell(config.activation(), config.recurrentActivation(),
                LayerNormLSTM.checkEpsilon(config.name(), normEpsilon)));
        this.epsilon = normEpsilon;
    }

    public LayerNormGRU(RecurrentConfig config) {
        this(config, LayerNormLSTM.DEFAULT_EPSILON);
    }

    public static LayerNormGRU of(int units) {
        return builder(units).build();
    }

    public static RecurrentConfig.Builder<LayerNormGRU> builder(int units) {
        return builder(units, LayerNormLSTM.DEFAULT_EPSILON);
    }

    /** A builder whose layer normalises with {@code normEpsilon} added to the variance. */
    public static RecurrentConfig.Builder<LayerNormGRU> builder(int units, float normEpsilon) {
        return new RecurrentConfig.Builder<>("layer_norm_gru", units, c -> new LayerNormGRU(c, normEpsilon));
    }

    /** The ε added to the variance of every normalisation. */
    public float normEpsilon() {
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
        return "LayerNormGRU";
    }

    @Override
    public LayerNormGRU withConfig(RecurrentConfig config) {
        return new LayerNormGRU(config, epsilon);
    }
}
