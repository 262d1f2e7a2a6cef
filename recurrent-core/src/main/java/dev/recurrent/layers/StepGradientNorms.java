package dev.recurrent.layers;

/**
 * The per-step gradient norms a recurrent layer records while asked to (see
 * {@link Recurrent#recordStepGradientNorms}), a diagnostic of vanishing and exploding gradients.
 * For every processed step t (0-based, so h_{t+1} in the course's 1…T numbering), the L2
 * (Frobenius) norm over the whole batch [B, H] of {@code ∂L/∂h_t}: the gradient reaching the hidden
 * state that step t outputs, from the layer's output at that step and from all later steps; for the
 * LSTM also of {@code ∂L/∂c_t}, the gradient reaching the cell state c_t from step t+1 (h_t held
 * fixed). These are the derivatives with respect to an additive perturbation of the state as it is
 * carried on.
 *
 * <p>Each batch slice adds the sums of squares of its rows of ∂L/∂h_t (and ∂L/∂c_t), and the norms
 * are taken after the backward pass, summing the slices in order, so the figures do not depend on
 * which thread ran which slice.
 */
final class StepGradientNorms {
    private final boolean cellState;
    /** [T] the norms of the last backward pass; empty before one. */
    private double[] h = new double[0], c = new double[0];
    /** [slices, T] the slices' sums of squares. */
    private double[] squaresH = new double[0], squaresC = new double[0];
    private int slices, steps;
    private boolean recording;

    StepGradientNorms(boolean cellState) {
        this.cellState = cellState;
    }

    /** Turns recording on (forgetting the norms of an earlier recording) or off. */
    void setRecording(boolean on) {
        if (on && !recording) {
            h = new double[0];
            c = new double[0];
        }
        recording = on;
    }

    /** Whether backward passes record their norms. */
    boolean recording() {
        return recording;
    }

    /** Sizes the buffers for a backward pass of {@code steps} steps over {@code slices} slices. */
    void start(int slices, int steps) {
        this.slices = slices;
        this.steps = steps;
        if (h.length != steps) {
            h = new double[steps];
            c = new double[steps];
        }
        if (squaresH.length != slices * steps) {
            squaresH = new double[slices * steps];
            squaresC = new double[slices * steps];
        }
    }

    /** Records step t of one slice: its rows [from, to) of dh and dc. */
    void record(int slice, int t, float[] dh, float[] dc, int from, int to) {
        squaresH[slice * steps + t] = sumOfSquares(dh, from, to);
        squaresC[slice * steps + t] = cellState ? sumOfSquares(dc, from, to) : 0;
    }

    /** Turns the slices' sums of squares into the norms of every step. */
    void finish() {
        for (int t = 0; t < steps; t++) {
            double sh = 0, sc = 0;
            for (int k = 0; k < slices; k++) {
                sh += squaresH[k * steps + t];
                sc += squaresC[k * steps + t];
            }
            h[t] = Math.sqrt(sh);
            c[t] = cellState ? Math.sqrt(sc) : 0;
        }
    }

    /** ‖∂L/∂h_t‖ per step of the last backward pass, a copy; null when not recording or before one. */
    double[] hidden() {
        return !recording || h.length == 0 ? null : h.clone();
    }

    /** ‖∂L/∂c_t‖ per step, a copy; null when not recording, before a backward pass or without a cell state. */
    double[] cell() {
        return !recording || !cellState || c.length == 0 ? null : c.clone();
    }

    private static double sumOfSquares(float[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (double) v[i] * v[i];
        }
        return s;
    }
}
