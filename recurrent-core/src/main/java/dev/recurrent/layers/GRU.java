package dev.recurrent.layers;

/**
 * Gated recurrent unit with Keras' default {@code reset_after = true} (the cuDNN and PyTorch form):
 * gate order z, r, h; {@code kernel} [I, 3H], {@code recurrent_kernel} [H, 3H], {@code bias} [2, 3H]
 * (input bias, then recurrent bias). See {@link GruCell} for the equations.
 */
public final class GRU extends Recurrent {

    public GRU(RecurrentConfig config) {
        super(config, new GruCell(config.activation(), config.recurrentActivation()));
    }

    /** A GRU of {@code units} units with Keras' defaults. */
    public static GRU of(int units) {
        return builder(units).build();
    }

    public static RecurrentConfig.Builder<GRU> builder(int units) {
        return new RecurrentConfig.Builder<>("gru", units, GRU::new);
    }

    @Override
    int[] biasShape() {
        return new int[] {2, 3 * units()};
    }

    @Override
    public String type() {
        return "GRU";
    }

    @Override
    public GRU withConfig(RecurrentConfig config) {
        return new GRU(config);
    }
}
