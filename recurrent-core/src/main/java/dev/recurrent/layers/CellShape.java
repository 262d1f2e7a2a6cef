package dev.recurrent.layers;

/**
 * What a recurrent layer sizes its weights and buffers from, per kind of {@link Cell}.
 *
 * @param gates            gates per unit: G
 * @param cellState        whether the cell carries a cell state c besides h (the LSTMs)
 * @param directHiddenPath whether h_{t-1} reaches h_t other than through {@code h_{t-1}·U} (the GRU's z ⊙ h_{t-1})
 * @param biasRows         rows of the bias, each G·H: 2 for the GRU's input and recurrent biases, else 1
 * @param forgetGate       the forget gate's block in Keras' gate order, whose bias starts at 1 with
 *                         {@code unit_forget_bias}; −1 for a cell without one
 */
record CellShape(int gates, boolean cellState, boolean directHiddenPath, int biasRows, int forgetGate) {
    static final CellShape SIMPLE_RNN = new CellShape(1, false, false, 1, -1);
    /** Gates i, f, c, o. */
    static final CellShape LSTM = new CellShape(4, true, false, 1, 1);
    /** The LSTM with coupled input and forget gates: f, c, o. */
    static final CellShape CIFG_LSTM = new CellShape(3, true, false, 1, 0);
    static final CellShape GRU = new CellShape(3, false, true, 2, -1);
    static final CellShape GRU_RESET_BEFORE = new CellShape(3, false, true, 1, -1);
    /** The minimal gated unit: gates f, h; f ⊙ h_{t-1} reaches h_t directly. */
    static final CellShape MGU = new CellShape(2, false, true, 1, -1);
    /**
     * The layer-normalised LSTM: no direct path from h_{t-1}, but its recurrent projection's gradient
     * differs from the input projection's (two normalisations), which the flag keeps apart.
     */
    static final CellShape LAYER_NORM_LSTM = new CellShape(4, true, true, 1, 1);
    static final CellShape LAYER_NORM_GRU = new CellShape(3, false, true, 1, -1);

    /** The bias length for H units: G·H per row. */
    int biasLength(int units) {
        return biasRows * gates * units;
    }
}
