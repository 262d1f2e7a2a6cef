package dev.recurrent.layers;

/**
 * LSTM with peephole connections (Gers &amp; Schmidhuber 2000): the input and forget gates also see
 * the previous cell state c_{t-1}, the output gate the new cell state c_t, each through a diagonal
 * (per-unit) weight. See {@link PeepholeLstmCell} for the equations.
 *
 * <p>Weights: {@code kernel} [I, 4H], {@code recurrent_kernel} [H, 4H], {@code bias} [4H] exactly as
 * {@link LSTM} (gate order i, f, c, o; forget bias 1 with {@code unitForgetBias}), plus
 * {@code peephole} [3, H], rows p_i, p_f, p_o, initialized to zeros. Parameter count
 * {@code 4H·(I + H + 1) + 3H}.
 *
 * <p>Relation to DL4J's {@code GravesLSTM} (checked against its {@code LSTMHelpers}): the same cell
 * (peepholes from c_{t-1} into the input and forget gates and from c_t into the output gate, tanh on
 * the cell output). DL4J's recurrent weights are [H, 4H + 3]: gate blocks in the order block input
 * (our c), forget, output, input gate (our i), then three peephole columns, forget ({@code wFF}),
 * output ({@code wOO}) and input gate ({@code wGG}). Importing them means reordering the blocks
 * into i, f, c, o and moving the columns into {@code peephole} rows (i = wGG, f = wFF, o = wOO).
 */
public final class PeepholeLSTM extends Recurrent {

    public PeepholeLSTM(RecurrentConfig config) {
        super(RecurrentChecks.config("PeepholeLSTM", config), new PeepholeLstmCell(config.activation(), config.recurrentActivation()));
    }

    public static PeepholeLSTM of(int units) {
        return builder(units).build();
    }

    public static RecurrentConfig.Builder<PeepholeLSTM> builder(int units) {
        return new RecurrentConfig.Builder<>("peephole_lstm", units, PeepholeLSTM::new);
    }

    /** The peephole weights [3, H] (rows p_i, p_f, p_o), live; the layer must be built. */
    public Parameter peephole() {
        parameters(); // refuses an unbuilt layer
        return ((PeepholeLstmCell) cell()).peephole();
    }

    /** Sets the peephole weights [3, H] (rows p_i, p_f, p_o); refuses a wrong size or non-finite values. */
    public void setPeephole(float[] values) {
        Parameter p = peephole();
        p.check(name(), values);
        p.load(name(), values);
    }

    @Override
    public String type() {
        return "PeepholeLSTM";
    }

    @Override
    public PeepholeLSTM withConfig(RecurrentConfig config) {
        return new PeepholeLSTM(RecurrentChecks.config(name(), config));
    }
}
