package dev.recurrent.layers;

/**
 * The minimal gated unit (Zhou, Wu, Zhang &amp; Zhou 2016): a GRU with one gate, f, serving as both
 * its update and reset gates. Gate order f, h; {@code kernel} [I, 2H], {@code recurrent_kernel}
 * [H, 2H], {@code bias} [2H]; parameter count {@code 2H·(I + H + 1)}. See {@link MguCell} for the
 * equations. Neither Keras nor PyTorch has it.
 */
public final class MGU extends Recurrent {

    public MGU(RecurrentConfig config) {
        super(config, new MguCell(config.activation(), config.recurrentActivation()));
    }

    public static MGU of(int units) {
        return builder(units).build();
    }

    public static RecurrentConfig.Builder<MGU> builder(int units) {
        return new RecurrentConfig.Builder<>("mgu", units, MGU::new);
    }

    @Override
    public String type() {
        return "MGU";
    }

    @Override
    public MGU withConfig(RecurrentConfig config) {
        return new MGU(config);
    }
}
