package dev.recurrent.kernels;

import dev.recurrent.kernels.Kernels.CellStep;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the vector kernels a layer is about to use on tiny inputs, in a daemon thread, so that the
 * JIT compiles them while the weights are drawn and the data is read, instead of during the first
 * step, where a kernel runs a hundred times slower until it is compiled and each of its long loops
 * is compiled twice (on-stack replacement, then a normal compilation).
 *
 * <p>Each GEMM path (packed with each transpose, packed B, packing-free with its tail columns) and
 * each requested cell step runs {@link #ROUNDS} times, which takes the methods past the thresholds
 * the {@code recurrent} launcher sets for the kernels (a hundredth of the JIT's usual ones); with
 * the JIT's usual thresholds it compiles little. Only what a layer asks for is run: every extra
 * kernel is compile time the first step's cores wait for. {@code -Drecurrent.warmUp=false} turns
 * it off.
 *
 * <p>The inputs are small enough that no call is split across threads and no loop runs long, and
 * everything is written to buffers of the warm-up's own.
 */
final class VectorWarmUp {

    static final int ROUNDS = 30;
    /**
     * Smaller layers are not warmed up: their first step's kernels reach the JIT's thresholds within
     * milliseconds anyway, and the early code costs them speed for good (imdb's 32-unit LSTM trained
     * 3–6 % slower on JDK 25; JDK 17's planned recompilation, {@link Recompile}, makes up for it there).
     */
    static final int MIN_UNITS = 128;
    private static final boolean ENABLED = !"false".equals(System.getProperty("recurrent.warmUp"));
    /** The GEMMs' key and every cell step and activations asked for, each warmed once per JVM. */
    private static final Set<String> REQUESTED = ConcurrentHashMap.newKeySet();
    private static final String GEMM = "gemm";

    private VectorWarmUp() {
    }

    /**
     * Starts a warm-up of the GEMMs (the first time) and of this step, unless the layer is smaller
     * than {@link #MIN_UNITS} or both were already started; returns whether it started one.
     */
    static boolean request(Kernels kernels, CellStep step, Activation act, Activation recAct, int units) {
        if (!ENABLED || units < MIN_UNITS) {
            return false;
        }
        boolean gemm = REQUESTED.add(GEMM);
        boolean cell = step != CellStep.NONE && REQUESTED.add(step + "/" + act + "/" + recAct);
        if (!gemm && !cell) {
            return false;
        }
        Thread t = new Thread(() -> run(kernels, ROUNDS, gemm, cell ? step : CellStep.NONE, act, recAct),
                "recurrent-warm-up");
        t.setDaemon(true);
        t.start();
        return true;
    }

    /** Runs the GEMM paths (when {@code gemm}) and {@code step}'s forward and backward, {@code rounds} times. */
    static void run(Kernels kernels, int rounds, boolean gemm, CellStep step, Activation act, Activation recAct) {
        Buffers b = new Buffers(VectorMicroKernel.MR + 1, VectorKernels.SPECIES.length() + 1, 5);
        for (int r = 0; r < rounds; r++) {
            boolean accumulate = (r & 1) == 1;
            if (gemm) {
                b.gemms(kernels, accumulate);
            }
            b.step(kernels, step, act, recAct);
        }
    }

    /**
     * Inputs for every kernel: {@code rows} rows (one micro-kernel tile and one row more),
     * {@code units} units (one vector and one lane more), depth {@code depth}, so that the paths for
     * a partial tile, panel or vector are compiled too (whole tiles and vectors only: the first
     * large training step ended 0.1 s later).
     */
    private static final class Buffers {
        final int rows, units, depth, g;
        final float[] a, b, c, xp, rp, bias, state, gates, cell, cellAct, h, dh, dc, dz, drp, dhPrev, sums;
        final PackedMatrix packed;

        Buffers(int rows, int units, int depth) {
            this.rows = rows;
            this.units = units;
            this.depth = depth;
            g = 4 * units;
            a = filled(rows * depth, 0.01f);
            b = filled(depth * g, 0.02f);
            c = new float[rows * g];
            xp = filled(rows * g, 0.03f);
            rp = filled(rows * g, 0.01f);
            bias = filled(6 * units, 0.1f);               // the GRU's is [2, 3H]
            state = filled(rows * units, 0.2f);
            gates = new float[rows * g];
            cell = new float[rows * units];
            cellAct = new float[rows * units];
            h = new float[rows * units];
            dh = filled(rows * units, 0.1f);
            dc = filled(rows * units, 0.05f);
            dz = new float[rows * g];
            drp = new float[rows * g];
            dhPrev = new float[rows * units];
            sums = new float[g];
            packed = new PackedMatrix();
        }

        void gemms(Kernels k, boolean accumulate) {
            VectorGemm.Workspace w = VectorGemm.workspace();
            // the packed path in each layout (a layer's products are large enough to take it)
            VectorGemm.packed(false, false, 0, rows, 0, g, depth, a, 0, depth, b, 0, g, null, accumulate, c, 0, g, w);
            VectorGemm.packed(true, false, 0, rows, 0, g, depth, a, 0, rows, b, 0, g, null, accumulate, c, 0, g, w);
            VectorGemm.packed(false, true, 0, rows, 0, g, depth, a, 0, depth, b, 0, depth, null, accumulate, c, 0, g, w);
            k.pack(b, 0, g, depth, g, packed);
            VectorGemm.packed(false, false, 0, rows, 0, g, depth, a, 0, depth, null, 0, 0, packed, accumulate, c, 0, g, w);
            // the packing-free path: full panels, tail columns eight rows at a time, a narrow Dense
            k.gemm(false, false, rows, g, depth, a, 0, depth, b, 0, g, accumulate, c, 0, g);
            k.gemm(true, false, rows, g, depth, a, 0, rows, b, 0, g, accumulate, c, 0, g);
            k.gemm(false, false, rows, 10, depth, a, 0, depth, b, 0, 10, accumulate, c, 0, 10);
            k.gemm(false, false, 3, 10, depth, a, 0, depth, b, 0, 10, accumulate, c, 0, 10);
            k.add(rows * units, dh, 0, dc, 0);
            k.addColumnSums(rows, g, xp, 0, sums, 0);
        }

        void step(Kernels k, CellStep step, Activation act, Activation recAct) {
            switch (step) {
                case LSTM:
                    k.lstmForward(act, recAct, rows, units, xp, 0, rp, 0, bias, state, 0, gates, 0, cell, 0,
                            cellAct, 0, h, 0);
                    k.lstmBackward(act, recAct, rows, units, gates, 0, cellAct, 0, state, 0, dh, 0, dc, 0, dz, 0);
                    return;
                case GRU:
                    k.gruForward(act, recAct, rows, units, xp, 0, rp, 0, bias, state, 0, gates, 0, cell, 0, h, 0);
                    k.gruBackward(act, recAct, rows, units, gates, 0, cell, 0, state, 0, dh, 0, dz, 0, drp, 0,
                            dhPrev, 0);
                    return;
                case SIMPLE_RNN:
                    k.rnnForward(act, rows, units, xp, 0, rp, 0, bias, h, 0);
                    k.rnnBackward(act, rows, units, h, 0, dh, 0, dz, 0);
                    return;
                default:
            }
        }

        private static float[] filled(int n, float step) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = ((i * 7919) % 97 - 48) * step;
            }
            return x;
        }
    }
}
