package dev.recurrent.layers;

/**
 * Long short-term memory (Hochreiter &amp; Schmidhuber 1997) with Keras' semantics: gate order
 * i, f, c, o; {@code kernel} [I, 4H], {@code recurrent_kernel} [H, 4H], {@code bias} [4H]; defaults
 * tanh / sigmoid, glorot-uniform kernel, orthogonal recurrent kernel, zero bias with the forget
 * gate's part at 1 ({@code unitForgetBias}). See {@link LstmCell} for the equations.
 *
 * <pre>{@code
 * LSTM lstm = LSTM.builder(32).returnSequences(true).seed(7).build();
 * float[] y = lstm.forward(x, batch, steps, features);   // [batch, steps, 32]
 * }</pre>
 */
public final class LSTM extends Recurrent {

    public LSTM(RecurrentConfig config) {
        super(RecurrentChecks.config("LSTM", config), new LstmCell(config.activation(), config.recurrentActivation()));
    }

    /** An LSTM of {@code units} units with Keras' defaults. */
    public static LSTM of(int units) {
        return builder(units).build();
    }

    public static RecurrentConfig.Builder<LSTM> builder(int units) {
        return new RecurrentConfig.Builder<>("lstm", units, LSTM::new);
    }

    @Override
    public String type() {
        return "LSTM";
    }

    @Override
    public LSTM withConfig(RecurrentConfig config) {
        return new LSTM(RecurrentChecks.config(name(), config));
    }
}
