package dev.recurrent.layers;

import dev.recurrent.kernels.Kernels;

/**
 * One time step of a recurrent cell, forward and backward, on rows [r0, r0 + rows) of the batch.
 * The {@link Recurrent} layer owns the loop over time and calls these with the step's buffers
 * already in place in the {@link Workspace}: {@code ws.xp} holds the step's input projection and
 * {@code ws.rp} its recurrent projection {@code h_{t-1}·U}.
 */
interface Cell {

    /** The gates, states and bias of this kind of cell. */
    CellShape shape();

    /** Gates per unit: G. */
    default int gates() {
        return shape().gates();
    }

    /**
     * The gate blocks, from the first, of the recurrent projection {@code h_{t-1}·U} that the step
     * reads from ws.rp and whose gradient it writes to ws.drp (the others' zero): all G, or fewer
     * for a cell that applies the last blocks of U to something else itself (the reset-before GRU,
     * the MGU). The layer's per-step products cover only these.
     */
    default int recurrentProductGates() {
        return gates();
    }

    /** Whether the cell carries a cell state c besides h (the LSTM). */
    default boolean hasCellState() {
        return shape().cellState();
    }

    /** The bias length for H units ([G·H], or [2·3H] for the GRU). */
    default int biasLength(int units) {
        return shape().biasLength(units);
    }

    /** Whether h_{t-1} reaches h_t other than through {@code h_{t-1}·U} (the GRU's z ⊙ h_{t-1}). */
    default boolean hasDirectHiddenPath() {
        return shape().directHiddenPath();
    }

    /**
     * Step t forward: reads ws.xp (step t), ws.rp, hs[t] (and cs[t]); writes hs[t+1] and its caches.
     * ws.gates is ws.xp: each element of the projection must be read before its gate is written there.
     */
    void forward(Kernels k, Workspace ws, float[] bias, int t, int r0, int rows);

    /**
     * Step t backward: reads ws.dh (and ws.dc), writes ws.dxp and ws.drp for step t, updates ws.dc to
     * the gradient of c_{t-1}, and, when {@link #hasDirectHiddenPath()}, writes the direct part of
     * the gradient of h_{t-1} to ws.dhPrev.
     */
    void backward(Kernels k, Workspace ws, int t, int r0, int rows);

    /**
     * Called at build with the layer's fresh weights: a cell whose step needs them (the GRU with
     * {@code reset_after = false}) or that has weights of its own (the peephole LSTM) keeps them here.
     */
    default void build(int units, Parameter kernel, Parameter recurrentKernel) {
    }

    /** As {@link #build(int, Parameter, Parameter)}, for a cell that also needs the bias (even a hidden one). */
    default void build(int units, Parameter kernel, Parameter recurrentKernel, Parameter bias) {
        build(units, kernel, recurrentKernel);
    }

    /** Called before each forward loop over {@code ws}: a cell with caches of its own sizes them here. */
    default void prepare(Workspace ws) {
    }

    /**
     * Whether the bias gradient is the column sum of the input projection's gradient (the bias is
     * added to it); a cell that adds its bias elsewhere returns false and sums it in {@link #finishBackward}.
     */
    default boolean biasGradientFromInputProjection() {
        return true;
    }

    /**
     * Called for each masked (sample, step) after its backward step, whose projection gradients the
     * loop then drops: a cell with gradient caches of its own clears that row of them.
     */
    default void dropStepGradients(Workspace ws, int t, int r) {
    }

    /** Weights of the cell's own beyond kernel, recurrent kernel and bias (after build); none by default. */
    default java.util.List<Parameter> extraParameters() {
        return java.util.List.of();
    }

    /**
     * Called once at the end of a backward pass, after the generic weight gradients: adds what the
     * generic GEMMs cannot (gradients of {@link #extraParameters()}, or of a recurrent-kernel block
     * applied to something other than h_{t-1}), from the whole-sequence caches in {@code ws}.
     */
    default void finishBackward(Workspace ws) {
    }
}
