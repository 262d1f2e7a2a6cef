package dev.recurrent.layers;

/**
 * Every buffer one forward and backward pass needs, sized once for a (B, T) and reused: nothing is
 * allocated inside the time loop. Time-major; "step t" below is the t-th step processed (with
 * {@code goBackwards} that is input step T−1−t).
 */
final class Workspace {
    final int batch, steps, inputs, units, gateWidth;
    /** Whether the cell carries a cell state c (the LSTM's). */
    final boolean cellState;

    /** [T, B, I] the input, time-major, after input dropout (from {@link #prepareInput()} on: inference on token ids has none). */
    float[] xs;
    /** [T+1, B, G·H] the input projection xs·kernel of every step, and one spare step (see dxp). */
    final float[] xp;
    /** [B, G·H] h_{t-1}·recurrent_kernel of the current step. */
    final float[] rp;
    /** [T+1, B, H] hidden states; block 0 is the initial state, block t+1 the output of step t. */
    final float[] hs;
    /** [T, B, H] h_{t-1} after recurrent dropout (the same array as hs when there is none). */
    float[] hd;
    /** [T+1, B, H] cell states (LSTM only, else empty). */
    final float[] cs;
    /**
     * [T, B, G·H] the activated gates of every step: the same array as xp, since every cell reads
     * a step's projection before it writes that step's gates in its place.
     */
    final float[] gates;
    /** [T, B, H] per step: act(c_t) for the LSTM, rp_h + rb_h for the GRU, empty for a simple RNN. */
    final float[] aux;
    /** [B, T, H] or [B, H] the layer's output. */
    final float[] out;

    /**
     * [T, B, G·H] gradient of the input projection of every step, from {@link #dxpStart} (from
     * {@link #prepareBackward()} on). It is the gates' array one step further on: backward runs
     * from step T−1 down, and step t writes its gradient over the gates of step t+1, which were
     * read for the last time by the step before, so the gates and their gradients share one array.
     */
    float[] dxp;
    /** [T, B, G·H] gradient of the recurrent projection from {@link #drpStart}: dxp itself but for the GRU. */
    float[] drp;
    /** Where step 0 of dxp and of drp begins. */
    int dxpStart, drpStart;
    /** [B, H] gradient reaching h_t; [B, H] gradient reaching h_{t-1}; [B, H] its recurrent part. */
    final float[] dh, dhPrev, dhRec;
    /** [B, H] gradient reaching c_t (LSTM) and a copy of its masked rows. */
    final float[] dc, dcSaved;
    /** [T, B, I] gradient of xs; [B, T, I] gradient of the input (from {@link #prepareInputGradient()} on). */
    float[] dxs, dx;
    /** With an input repeated at every step: the gate gradients summed over the steps [B, G·H], and x's gradient [B, I]. */
    float[] dxpSum, dxRepeated;
    private final boolean separateRecurrentGrad;
    /** [B, H] gradients of the initial states. */
    final float[] dh0, dc0;

    /** [B, I] input dropout mask (scaled), [B, H] recurrent dropout mask (scaled). */
    final float[] inputMask, recurrentMask;
    /** During a backward pass, the recurrent kernel transposed [G·H, H] (for cells that multiply by a block of it themselves). */
    float[] recurrentKernelT;

    Workspace(int batch, int steps, int inputs, int units, int gates, boolean cellState,
              boolean separateRecurrentGrad, boolean returnSequences) {
        this.batch = batch;
        this.steps = steps;
        this.inputs = inputs;
        this.units = units;
        this.cellState = cellState;
        this.gateWidth = gates * units;
        int bt = Math.multiplyExact(batch, steps);
        int bh = Math.multiplyExact(batch, units);
        xp = new float[Math.multiplyExact(bt + batch, gateWidth)];
        rp = new float[Math.multiplyExact(batch, gateWidth)];
        hs = new float[Math.multiplyExact(steps + 1, bh)];
        hd = hs;
        cs = cellState ? new float[Math.multiplyExact(steps + 1, bh)] : new float[0];
        this.gates = xp;
        aux = gates > 1 ? new float[Math.multiplyExact(bt, units)] : new float[0];
        out = new float[returnSequences ? Math.multiplyExact(bt, units) : bh];
        this.separateRecurrentGrad = separateRecurrentGrad;
        dh = new float[bh];
        dhPrev = new float[bh];
        dhRec = new float[bh];
        dc = new float[cellState ? bh : 0];
        dcSaved = new float[cellState ? bh : 0];
        dh0 = new float[bh];
        dc0 = new float[cellState ? bh : 0];
        inputMask = new float[Math.multiplyExact(batch, inputs)];
        recurrentMask = new float[bh];
    }

    private float[] hdDropped;

    /** Points the gate gradients at the gates, one step on; the GRU's drp is allocated on first use. */
    void prepareBackward() {
        if (dxp == null) {
            dxp = xp;
            dxpStart = batch * gateWidth;
            drp = separateRecurrentGrad ? new float[Math.multiplyExact(batch * steps, gateWidth)] : dxp;
            drpStart = separateRecurrentGrad ? 0 : dxpStart;
        }
    }

    /** Allocates the time-major input when a call first reads an input (rather than token ids). */
    void prepareInput() {
        if (xs == null) {
            xs = new float[Math.multiplyExact(batch * steps, inputs)];
        }
    }

    /** Allocates the input gradient's buffers when a backward pass first computes it. */
    void prepareInputGradient() {
        if (dx == null) {
            dxs = new float[Math.multiplyExact(batch * steps, inputs)];
            dx = new float[dxs.length];
            dxRepeated = new float[batch * inputs];
        }
    }

    private float[] biasPartials = new float[0];

    /** A zeroed buffer of at least {@code size} values for the time loop's per-slice bias sums. */
    float[] biasPartials(int size) {
        if (biasPartials.length < size) {
            biasPartials = new float[size];
        }
        java.util.Arrays.fill(biasPartials, 0, size, 0f);
        return biasPartials;
    }

    /** dxpSum = Σ_t dxp_t, the input-side gate gradients of every step added in step order. */
    void sumInputGateGradients(dev.recurrent.kernels.Kernels kernels) {
        int block = batch * gateWidth;
        if (dxpSum == null) {
            dxpSum = new float[block];
        }
        System.arraycopy(dxp, dxpStart, dxpSum, 0, block);
        for (int t = 1; t < steps; t++) {
            kernels.add(block, dxp, dxpStart + t * block, dxpSum, 0);
        }
    }

    /** Points hd at a separate buffer (allocated on first use) with recurrent dropout, else at hs. */
    void useRecurrentDropout(boolean on) {
        if (on && hdDropped == null) {
            hdDropped = new float[Math.multiplyExact(steps, batch * units)];
        }
        hd = on ? hdDropped : hs;
    }

    /**
     * Starts a backward pass's state gradients dh (and dc) at the gradients of the final states,
     * {dh} or {dh, dc} each [B, H] (an entry may be null), or at zeros.
     */
    void startStateGradients(float[][] dFinalState) {
        int bh = batch * units;
        java.util.Arrays.fill(dh, 0f);
        if (cellState) {
            java.util.Arrays.fill(dc, 0f);
        }
        if (dFinalState != null) {
            if (dFinalState[0] != null) {
                System.arraycopy(dFinalState[0], 0, dh, 0, bh);
            }
            if (cellState && dFinalState.length > 1 && dFinalState[1] != null) {
                System.arraycopy(dFinalState[1], 0, dc, 0, bh);
            }
        }
    }

    /** Keeps the state gradients the backward loop ended with as those of the initial states (dh0, dc0). */
    void keepInitialStateGradients() {
        int bh = batch * units;
        System.arraycopy(dh, 0, dh0, 0, bh);
        if (cellState) {
            System.arraycopy(dc, 0, dc0, 0, bh);
        }
    }

    /** Draws a dropout mask: each value kept (scaled by 1 / (1 − rate)) or dropped (0), one draw each. */
    static void drawDropoutMask(float[] mask, float rate, java.util.Random rng) {
        float keep = 1f / (1f - rate);
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextFloat() >= rate ? keep : 0f;
        }
    }

    /** The states after the last step, {h} or {h, c}, each a new [B, H] array. */
    float[][] finalStates() {
        int bh = batch * units, end = steps * bh;
        float[] hLast = java.util.Arrays.copyOfRange(hs, end, end + bh);
        return cellState ? new float[][] {hLast, java.util.Arrays.copyOfRange(cs, end, end + bh)} : new float[][] {hLast};
    }

    /** The gradients of the initial states after a backward pass, {dh0} or {dh0, dc0}, each [B, H] (not copies). */
    float[][] initialStateGradients() {
        return cellState ? new float[][] {dh0, dc0} : new float[][] {dh0};
    }

    boolean fits(int batch, int steps) {
        return this.batch == batch && this.steps == steps;
    }
}
