package dev.recurrent.layers;

/**
 * Gated recurrent unit with Keras' default {@code reset_after = true} (the cuDNN and PyTorch form):
 * gate order z, r, h; {@code kernel} [I, 3H], {@code recurrent_kernel} [H, 3H], {@code bias} [2, 3H]
 * (input bias, then recurrent bias). See {@link GruCell} for the equations.
 *
 * <p>With {@code reset_after = false} ({@link #builder(int, boolean)}; Keras' older form) the reset
 * gate multiplies h_{t-1} before the recurrent matmul and the bias is [3H]; see
 * {@link GruResetBeforeCell}.
 */
public final class GRU extends Recurrent {
    private final boolean resetAfter;

    public GRU(RecurrentConfig config) {
        this(config, true);
    }

    /** A GRU with the given {@code reset_after}. */
    public GRU(RecurrentConfig config, boolean resetAfter) {
        super(config, resetAfter ? new GruCell(config.activation(), config.recurrentActivation())
                : new GruResetBeforeCell(config.activation(), config.recurrentActivation()));
        this.resetAfter = resetAfter;
    }

    /** A GRU of {@code units} units with Keras' defaults. */
    public static GRU of(int units) {
        return builder(units).build();
    }

    public static RecurrentConfig.Builder<GRU> builder(int units) {
        return new RecurrentConfig.Builder<>("gru", units, GRU::new);
    }

    /** A builder for a GRU with the given {@code reset_after} (false: Keras' older form, bias [3H]). */
    public static RecurrentConfig.Builder<GRU> builder(int units, boolean resetAfter) {
        return new RecurrentConfig.Builder<>("gru", units, c -> new GRU(c, resetAfter));
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
        return new GRU(config, resetAfter);
    }
}
