package dev.recurrent.layers;

/**
 * LSTM with coupled input and forget gates (CIFG): the input gate is {@code 1 − f}, one gate fewer
 * than the LSTM. Gate order f, c, o; {@code kernel} [I, 3H], {@code recurrent_kernel} [H, 3H],
 * {@code bias} [3H] (the forget part at 1 with {@code unitForgetBias}); parameter count
 * {@code 3H·(I + H + 1)}. See {@link CifgLstmCell} for the equations.
 */
public final class CifgLSTM extends Recurrent {

    public CifgLSTM(RecurrentConfig config) {
        super(RecurrentChecks.config("CifgLSTM", config), new CifgLstmCell(config.activation(), config.recurrentActivation()));
    }

    public static CifgLSTM of(int units) {
        return builder(units).build();
    }

    public static RecurrentConfig.Builder<CifgLSTM> builder(int units) {
        return new RecurrentConfig.Builder<>("cifg_lstm", units, CifgLSTM::new);
    }

    @Override
    public String type() {
        return "CifgLSTM";
    }

    @Override
    public CifgLSTM withConfig(RecurrentConfig config) {
        return new CifgLSTM(RecurrentChecks.config(name(), config));
    }
}
