package dev.recurrent.layers;

import java.util.Arrays;

/**
 * The mask as the {@link TimeLoop} applies it: [B, T] in input order, false at padded steps. At a
 * masked (sample, step) pair the states pass through the step unchanged, and so do their gradients
 * backward; with {@link MaskingMode#DL4J} both become zeros there instead. Processing step t reads
 * input step {@link #sourceStep} ({@code goBackwards} reads the last first).
 */
final class StepMask {
    private final Cell cell;
    private final int units;
    private final boolean goBackwards;
    /** Masked steps output zeros (zero_output_for_mask with return_sequences): their output gradient is dropped. */
    private final boolean zeroMaskedOutputs;
    /** Masked steps set the states to zeros ({@link MaskingMode#DL4J}) rather than carry them through. */
    private final boolean zeroMaskedStates;
    /** The mask of the current call; null for none. */
    private boolean[] mask;

    StepMask(Cell cell, int units, boolean goBackwards, boolean zeroMaskedOutputs, boolean zeroMaskedStates) {
        this.cell = cell;
        this.units = units;
        this.goBackwards = goBackwards;
        this.zeroMaskedOutputs = zeroMaskedOutputs;
        this.zeroMaskedStates = zeroMaskedStates;
    }

    /** The mask of the call that starts (its backward call uses the same); null for none. */
    void use(boolean[] mask) {
        this.mask = mask;
    }

    /** Whether the current call has a mask. */
    boolean present() {
        return mask != null;
    }

    /** Whether masked steps get no output gradient (their outputs are zeros). */
    boolean dropsOutputGradients() {
        return zeroMaskedOutputs && mask != null;
    }

    /** Whether processing step t of sample r is masked, of {@code steps}. */
    boolean masked(int r, int t, int steps) {
        return !mask[r * steps + sourceStep(t, steps)];
    }

    /** The input step that processing step t reads ({@code goBackwards} reads the last first). */
    int sourceStep(int t, int steps) {
        return goBackwards ? steps - 1 - t : t;
    }

    /** At masked (sample, step) pairs the states pass through step t unchanged (or become zeros: DL4J's masking). */
    void carryStates(Workspace w, int t, int r0, int rows) {
        int b = w.batch, h = units, src = sourceStep(t, w.steps);
        for (int r = r0; r < r0 + rows; r++) {
            if (!mask[r * w.steps + src]) {
                int from = (t * b + r) * h, to = from + b * h;
                if (zeroMaskedStates) {
                    Arrays.fill(w.hs, to, to + h, 0f);
                    if (cell.hasCellState()) {
                        Arrays.fill(w.cs, to, to + h, 0f);
                    }
                    continue;
                }
                System.arraycopy(w.hs, from, w.hs, to, h);
                if (cell.hasCellState()) {
                    System.arraycopy(w.cs, from, w.cs, to, h);
                }
            }
        }
    }

    /** Keeps the cell-state gradients of elements [e0, e1) before the step, for {@link #passGradients}. */
    void saveCellGradients(Workspace w, int e0, int e1) {
        if (cell.hasCellState()) {
            System.arraycopy(w.dc, e0, w.dcSaved, e0, e1 - e0);
        }
    }

    /** At masked (sample, step) pairs step t's gate gradients are zeros. */
    void clearGateGradients(Workspace w, int t, int r0, int rows) {
        int b = w.batch, g = w.gateWidth, src = sourceStep(t, w.steps);
        for (int r = r0; r < r0 + rows; r++) {
            if (!mask[r * w.steps + src]) {
                int row = (t * b + r) * g;
                Arrays.fill(w.dxp, w.dxpStart + row, w.dxpStart + row + g, 0f);
                Arrays.fill(w.drp, w.drpStart + row, w.drpStart + row + g, 0f);
                cell.dropStepGradients(w, t, r);
            }
        }
    }

    /** At masked (sample, step) pairs the gradients pass to step t−1 unchanged (or stop there: DL4J's masking). */
    void passGradients(Workspace w, int t, int r0, int rows) {
        int h = units, src = sourceStep(t, w.steps);
        for (int r = r0; r < r0 + rows; r++) {
            if (!mask[r * w.steps + src]) {
                if (zeroMaskedStates) {
                    Arrays.fill(w.dhPrev, r * h, (r + 1) * h, 0f);
                    if (cell.hasCellState()) {
                        Arrays.fill(w.dc, r * h, (r + 1) * h, 0f);
                    }
                    continue;
                }
                System.arraycopy(w.dh, r * h, w.dhPrev, r * h, h);
                if (cell.hasCellState()) {
                    System.arraycopy(w.dcSaved, r * h, w.dc, r * h, h);
                }
            }
        }
    }
}
