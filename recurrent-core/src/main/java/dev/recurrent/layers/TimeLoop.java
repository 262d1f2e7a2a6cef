package dev.recurrent.layers;

import dev.recurrent.kernels.Kernels;
import dev.recurrent.kernels.PackedMatrix;
import dev.recurrent.kernels.Parallel;

import java.util.Arrays;

/**
 * Runs a {@link Cell} over the steps of a {@link Workspace}, forward or backward (backpropagation
 * through time): each step's recurrent product, the cell's gate math, masking, recurrent dropout
 * and truncation. The layer ({@link Recurrent}) does the rest: the input projection before the
 * forward loop, the weight and input gradients after the backward one. Its parts: {@link StepMask}
 * (what a masked step does) and {@link GateBiasSums} (the bias gradient).
 *
 * <p>The loop runs in batch slices, each slice's whole sequence on one core (one hand-off per call),
 * or step by step with each step's work split across cores; see {@link #slices}.
 */
final class TimeLoop {
    /** Below this many gate values per step the gate math runs in the calling thread. */
    private static final int PARALLEL_MIN_GATE_VALUES = 1 << 14;
    /** Batch rows per slice when the time loop runs slice by slice (two micro-kernel tiles). */
    private static final int SLICE_ROWS = 16;
    /**
     * Recurrent kernels up to this many values (512 KB) stay in a core's cache and are read as they
     * are; larger ones are packed once per layer call for all steps' products.
     */
    private static final int SLICED_MAX_KERNEL_VALUES = 1 << 17;

    private final Cell cell;
    private final int units;
    private final boolean returnSequences;
    /** The current call's mask and what it does at a masked step. */
    private final StepMask mask;
    private final GateBiasSums biasSums = new GateBiasSums();
    private final StepTask stepTask = new StepTask();
    private final SliceTask sliceTask = new SliceTask();

    /** What the last forward call ran on; its backward call runs on the same. */
    private Kernels kernels;
    private Workspace ws;
    private boolean recurrentDropout;

    /** What the current call reads: the bias and recurrent kernel (forward) or its transpose (backward). */
    private float[] bias, u;
    private PackedMatrix packed;
    private float[] dy;
    private StepGradientNorms norms;
    private int truncateSteps;
    private int gradientStart;

    TimeLoop(Cell cell, int units, boolean returnSequences, boolean goBackwards, boolean zeroMaskedOutputs) {
        this(cell, units, returnSequences, goBackwards, zeroMaskedOutputs, false);
    }

    TimeLoop(Cell cell, int units, boolean returnSequences, boolean goBackwards, boolean zeroMaskedOutputs,
             boolean zeroMaskedStates) {
        this.cell = cell;
        this.units = units;
        this.returnSequences = returnSequences;
        this.mask = new StepMask(cell, units, goBackwards, zeroMaskedOutputs, zeroMaskedStates);
    }

    /** Whether a recurrent kernel of this many values is packed once per call rather than read as it is. */
    static boolean packs(int recurrentKernelValues) {
        return recurrentKernelValues > SLICED_MAX_KERNEL_VALUES;
    }

    /**
     * Steps 0…steps−1 of {@code w} forward: the input projection is in w.xp, the initial states in
     * block 0 of w.hs (and w.cs).
     *
     * @param recurrentKernel [H, G·H]
     * @param packedKernel    the recurrent kernel packed, when {@link #packs} says so; else null
     * @param mask            [B, T], false at padded steps; null for none
     */
    void forward(Kernels kernels, Workspace w, float[] bias, float[] recurrentKernel, PackedMatrix packedKernel,
                 boolean[] mask, boolean recurrentDropout, int steps) {
        this.kernels = kernels;
        this.ws = w;
        this.mask.use(mask);
        this.recurrentDropout = recurrentDropout;
        this.bias = bias;
        this.u = recurrentKernel;
        this.packed = packedKernel;
        cell.prepare(w);
        run(true, steps);
    }

    /**
     * All steps of the last forward call backward, from the gradient of the output {@code dy}:
     * leaves the gate gradients in w.dxp (and w.drp) and the initial states' gradients in w.dh
     * (and w.dc).
     *
     * @param recurrentKernelT [G·H, H] the recurrent kernel transposed
     * @param packedKernelT    it packed, when {@link #packs} says so; else null
     * @param norms            records the per-step gradient norms; null for none
     * @param truncateSteps    the gradient window; 0 for full
     * @param gradientStart    no gradient flows back past this step (the steps before it get none); 0 for none
     * @param biasGrad         the bias gradient ([G·H], or [2·G·H] with the recurrent projection's own; empty
     *                         when the cell sums it itself),
     *                         to which the column sums of the gate gradients of every step are added
     */
    void backward(float[] dy, float[] recurrentKernelT, PackedMatrix packedKernelT, StepGradientNorms norms,
                  int truncateSteps, int gradientStart, float[] biasGrad) {
        this.dy = dy;
        this.u = recurrentKernelT;
        this.packed = packedKernelT;
        this.norms = norms;
        this.truncateSteps = truncateSteps;
        this.gradientStart = gradientStart;
        Workspace w = ws;
        w.recurrentKernelT = recurrentKernelT;
        int slices = slices(w.batch);
        // a kernel read as it is always runs in the same slices, whatever the core count (see GateBiasSums)
        biasSums.start(w, biasGrad, packed == null, slices);
        try {
            run(false, w.steps);
        } finally {
            this.dy = null;
        }
        biasSums.finish(kernels, w, biasGrad, slices);
    }

    /**
     * The number of batch slices the time loop runs over, each on one core from the first step to
     * the last (one hand-off per layer call instead of two per step); 0 when it runs step by step
     * over the whole batch instead, each step's work split across cores. A small layer always runs
     * in slices of {@link #SLICE_ROWS}; a large one when every core gets slices of at least as many
     * rows, else step by step. Every element of every product and gate is computed by the same
     * operations in the same order either way, so the result is the same, bit for bit, for any
     * number of cores.
     */
    private int slices(int batch) {
        if (packed == null) {
            return (batch + SLICE_ROWS - 1) / SLICE_ROWS;
        }
        int threads = Parallel.threads(), perThread = batch / (SLICE_ROWS * threads);
        return perThread == 0 ? 0 : perThread * threads;
    }

    /** Runs the first {@code steps} steps over every slice of the batch (or step by step). */
    private void run(boolean forward, int steps) {
        int b = ws.batch, slices = slices(b);
        boolean recordNorms = !forward && norms != null;
        if (recordNorms) {
            norms.start(Math.max(1, slices), ws.steps);
        }
        if (slices == 0) {
            rows(forward, 0, 0, b, true, steps);
        } else if (slices == 1) {
            rows(forward, 0, 0, b, false, steps);
        } else {
            sliceTask.forward = forward;
            sliceTask.slices = slices;
            sliceTask.steps = steps;
            Parallel.run(slices, sliceTask);
        }
        if (recordNorms) {
            norms.finish();
        }
    }

    /** One batch slice's whole time loop; reused so that dispatching allocates nothing. */
    private final class SliceTask implements Parallel.Task {
        boolean forward;
        int slices, steps;

        @Override
        public void run(int index) {
            int b = ws.batch;
            int r0 = b * index / slices, r1 = b * (index + 1) / slices;
            rows(forward, index, r0, r1 - r0, false, steps);
        }
    }

    /** The time loop on rows [r0, r0 + rows); with {@code splitSteps} each step's gate math is split across cores. */
    private void rows(boolean forward, int slice, int r0, int rows, boolean splitSteps, int steps) {
        if (forward) {
            forwardRows(r0, rows, splitSteps, steps);
        } else {
            backwardRows(slice, r0, rows, splitSteps);
        }
    }

    /** Steps 0…steps−1 forward on rows [r0, r0 + rows). */
    private void forwardRows(int r0, int rows, boolean splitSteps, int steps) {
        Workspace w = ws;
        int b = w.batch, h = units, g = w.gateWidth, bh = b * h, p = cell.recurrentProductGates() * h;
        for (int t = 0; t < steps; t++) {
            int prev = t * bh;
            if (recurrentDropout) {
                for (int e = r0 * h; e < (r0 + rows) * h; e++) {
                    w.hd[prev + e] = w.hs[prev + e] * w.recurrentMask[e];
                }
            }
            if (packed != null) {
                kernels.gemmPacked(rows, p, h, w.hd, prev + r0 * h, h, packed, false, w.rp, r0 * g, g);
            } else {
                kernels.gemm(false, false, rows, p, h, w.hd, prev + r0 * h, h, u, 0, g, false, w.rp, r0 * g, g);
            }
            if (splitSteps) {
                runStep(t, true);
            } else {
                cell.forward(kernels, w, bias, t, r0, rows);
            }
            if (mask.present()) {
                mask.carryStates(w, t, r0, rows);
            }
        }
    }

    /** Steps T−1…0 backward on rows [r0, r0 + rows), leaving the initial states' gradients in dh and dc. */
    private void backwardRows(int slice, int r0, int rows, boolean splitSteps) {
        Workspace w = ws;
        int b = w.batch, T = w.steps, h = units, g = w.gateWidth;
        int e0 = r0 * h, e1 = (r0 + rows) * h;
        boolean direct = cell.hasDirectHiddenPath();
        for (int t = T - 1; t >= 0; t--) {
            addOutputGradient(w, t, r0, rows);
            if (norms != null) {
                norms.record(slice, t, w.dh, w.dc, e0, e1);
            }
            if (mask.present()) {
                mask.saveCellGradients(w, e0, e1);
            }
            if (splitSteps) {
                runStep(t, false);
            } else {
                cell.backward(kernels, w, t, r0, rows);
            }
            if (mask.present()) {
                mask.clearGateGradients(w, t, r0, rows);
            }
            if (biasSums.perStep()) {
                biasSums.addStep(kernels, w, slice, t, r0, rows);
            }
            // dh_{t-1} = (direct part) + (drp_t · U^T) ⊙ recurrent-dropout mask
            int step = (t * b + r0) * g;
            if (!recurrentDropout) {
                dhPrevProduct(rows, step, direct, w.dhPrev, e0);
            } else {
                dhPrevProduct(rows, step, false, w.dhRec, e0);
                for (int e = e0; e < e1; e++) {
                    float v = w.dhRec[e] * w.recurrentMask[e];
                    w.dhPrev[e] = direct ? w.dhPrev[e] + v : v;
                }
            }
            if (mask.present()) {
                mask.passGradients(w, t, r0, rows);
            }
            if (truncateSteps > 0 && t % truncateSteps == 0 && t > 0 || t == gradientStart && t > 0) {
                Arrays.fill(w.dhPrev, e0, e1, 0f);
                if (cell.hasCellState()) {
                    Arrays.fill(w.dc, e0, e1, 0f);
                }
            }
            System.arraycopy(w.dhPrev, e0, w.dh, e0, e1 - e0);
        }
    }

    /** {@code out[rows, H] (+)= drp_t[rows, G·H] · U^T}, over the blocks of {@link Cell#recurrentProductGates()}. */
    private void dhPrevProduct(int rows, int drpOff, boolean accumulate, float[] out, int outOff) {
        int h = units, g = ws.gateWidth, p = cell.recurrentProductGates() * h;
        if (packed != null) {
            kernels.gemmPacked(rows, h, p, ws.drp, ws.drpStart + drpOff, g, packed, accumulate, out, outOff, h);
        } else {
            kernels.gemm(false, false, rows, h, p, ws.drp, ws.drpStart + drpOff, g, u, 0, h, accumulate, out, outOff, h);
        }
    }

    private void addOutputGradient(Workspace w, int t, int r0, int rows) {
        int T = w.steps, h = units;
        if (returnSequences) {
            boolean dropMasked = mask.dropsOutputGradients();
            for (int r = r0; r < r0 + rows; r++) {
                if (dropMasked && mask.masked(r, t, T)) {
                    continue;
                }
                kernels.add(h, dy, (r * T + t) * h, w.dh, r * h);
            }
        } else if (t == T - 1) {
            kernels.add(rows * h, dy, r0 * h, w.dh, r0 * h);
        }
    }

    /** The input step that processing step t reads ({@code goBackwards} reads the last first). */
    int sourceStep(int t, int steps) {
        return mask.sourceStep(t, steps);
    }

    /** Runs the cell's step t over the batch, split across cores when the step is large enough. */
    private void runStep(int t, boolean forward) {
        int b = ws.batch;
        int chunks = (long) b * ws.gateWidth < PARALLEL_MIN_GATE_VALUES ? 1 : Math.min(b, Parallel.threads());
        if (chunks == 1) {
            if (forward) {
                cell.forward(kernels, ws, bias, t, 0, b);
            } else {
                cell.backward(kernels, ws, t, 0, b);
            }
            return;
        }
        stepTask.t = t;
        stepTask.forward = forward;
        stepTask.chunks = chunks;
        Parallel.run(chunks, stepTask);
    }

    /** One step's gate math on a slice of the batch; reused so that dispatching allocates nothing. */
    private final class StepTask implements Parallel.Task {
        int t, chunks;
        boolean forward;

        @Override
        public void run(int index) {
            int b = ws.batch;
            int r0 = b * index / chunks, r1 = b * (index + 1) / chunks;
            if (forward) {
                cell.forward(kernels, ws, bias, t, r0, r1 - r0);
            } else {
                cell.backward(kernels, ws, t, r0, r1 - r0);
            }
        }
    }
}
