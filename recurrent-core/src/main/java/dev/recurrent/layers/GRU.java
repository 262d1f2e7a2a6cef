package dev.recurrent.layers;

/**
 * Gated recurrent unit with Keras' default {@code reset_after = true} (the cuDNN and PyTorch form):
 * gate order z, r, h; {@code kernel} [I, 3H], {@code recurrent_kernel} [H, 3H], {@code bias} [2, 3H]
 * (input bias, then recurrent bias). See {@link GruCell} for the equations.
 *
 * <p>With {@code reset_after = false} ({@code GRU.builder(units).resetAfter(false)}; Keras' older form) the reset
 * gate multiplies h_{t-1} before the recurrent matmul and the bias is [3H]; see
 * {@link GruResetBeforeCell}.
 */
public final class GRU extends Recurrent {
    private final boolean resetAfter;

    /** A GRU with the configuration's {@code reset_after} ({@link WeightOptions#resetAfter()}). */
    public GRU(RecurrentConfig config) {
        super(RecurrentChecks.config("GRU", config), config.weights().resetAfter() ? new GruCell(config.activation(), config.recurrentActivation())
                : new GruResetBeforeCell(config.activation(), config.recurrentActivation()));
        this.resetAfter = config.weights().resetAfter();
    }

    /** A GRU with the given {@code reset_after}, whatever the configuration says. */
    public GRU(RecurrentConfig config, boolean resetAfter) {
        this(RecurrentChecks.config("GRU", config).withWeights(config.weights().withResetAfter(resetAfter)));
    }

    /** A GRU of {@code units} units with Keras' defaults. */
    public static GRU of(int units) {
        return builder(units).build();
    }

    public static RecurrentConfig.Builder<GRU> builder(int units) {
        return new RecurrentConfig.Builder<>("gru", units, GRU::new);
    }

    /**
     * A builder for a GRU with the given {@code reset_after} (false: Keras' older form, bias [3H]).
     *
     * @deprecated use {@code builder(units).resetAfter(resetAfter)}
     */
    @Deprecated
    public static RecurrentConfig.Builder<GRU> builder(int units, boolean resetAfter) {
        return builder(units).resetAfter(resetAfter);
    }

    /** Whether the reset gate is applied after the recurrent matmul (Keras' default, true). */
    public boolean resetAfter() {
        return resetAfter;
    }

    @Override
    int[] biasShape() {
        return resetAfter ? new int[] {2, 3 * units()} : new int[] {3 * units()};
    }

    @Override
    public java.util.Map<String, Object> getConfig() {
        java.util.Map<String, Object> c = super.getConfig();
        c.put("reset_after", resetAfter);
        return c;
    }

    @Override
    public String type() {
        return "GRU";
    }

    @Override
    public GRU withConfig(RecurrentConfig config) {
        return new GRU(RecurrentChecks.config(name(), config), resetAfter);
    }
}
