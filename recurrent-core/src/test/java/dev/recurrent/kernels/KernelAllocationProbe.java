package dev.recurrent.kernels;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Runs every vector kernel, on shapes that reach each of its paths (packed and packing-free GEMM,
 * partial tiles, tail columns, transposes, every activation, the sigmoid's branch below −9), until
 * C2 has compiled them, then prints how many bytes the calling thread allocates per round of all of
 * them. Started in a JVM of its own by {@link KernelAllocationTest}; compiled kernels allocate
 * nothing, kernels compiled with boxed vectors allocate on every vector operation.
 *
 * <p>Arguments: warm-up rounds, measured rounds. Run it with {@code -Drecurrent.threads=1}, so that
 * all the work is done in the calling thread.
 */
final class KernelAllocationProbe {

    private static final Activation[][] PAIRS = {
            {Activation.TANH, Activation.SIGMOID},
            {Activation.RELU, Activation.HARD_SIGMOID},
            {Activation.LINEAR, Activation.HARD_SIGMOID_KERAS2},
    };

    private final Kernels k;
    private final int units;
    private final int rows = 9;
    private final float[] a = new float[64 * 96], b = new float[96 * 96], c = new float[96 * 96];
    private final float[] xp, rp, bias, prev, gates, state, act, h, dh, dc, dz, dx, drp, dPrev, peephole, kernel, mask;
    /** The layer-normalised cells' γ and β, per-row statistics and normalisation gradients, and a projection they may change. */
    private final float[][] norms;
    private final float[] stats, dNorm, lnXp;
    private final PackedMatrix packed;

    private KernelAllocationProbe(Kernels k) {
        this.k = k;
        units = 2 * VectorKernels.SPECIES.length() + 3;    // vector bodies and scalar tails
        int g = 4 * units, n = rows * g;
        SplittableRandom rnd = new SplittableRandom(7);
        xp = fill(rnd, n);
        rp = fill(rnd, n);
        bias = fill(rnd, 2 * g);
        prev = fill(rnd, rows * units);
        gates = fill(rnd, n);
        state = fill(rnd, rows * units);
        act = fill(rnd, rows * units);
        h = new float[rows * units];
        dh = fill(rnd, rows * units);
        dc = fill(rnd, rows * units);
        dz = new float[n];
        dx = new float[n];
        drp = new float[n];
        dPrev = new float[rows * units];
        peephole = fill(rnd, 3 * units);
        kernel = fill(rnd, units * 3 * units);
        mask = fill(rnd, rows * units);
        for (int i = 0; i < mask.length; i += 3) {
            mask[i] = 0f;
        }
        norms = new float[][] {fill(rnd, g), fill(rnd, g), fill(rnd, g), fill(rnd, g), fill(rnd, units), fill(rnd, units)};
        stats = new float[rows * (9 * units + 3)];
        dNorm = new float[rows * 6 * units];
        lnXp = new float[n];
        fillInto(rnd, a);
        fillInto(rnd, b);
        packed = k.pack(b, 0, 96, 40, 80, null);
    }

    public static void main(String[] args) {
        int warmup = Integer.parseInt(args[0]), rounds = Integer.parseInt(args[1]);
        Kernels k = KernelsProvider.vector().orElseThrow(() -> new IllegalStateException("no vector kernels"));
        KernelAllocationProbe probe = new KernelAllocationProbe(k);
        for (int i = 0; i < warmup; i++) {
            probe.round();
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < rounds; i++) {
            probe.round();
        }
        long bytes = threads.getCurrentThreadAllocatedBytes() - before;
        System.out.printf(Locale.ROOT, "kernels=%s bytes_per_round=%d rounds=%d%n", k.name(), bytes / rounds, rounds);
    }

    private void round() {
        // with -Drecurrent.gemm.directMax=1000 these reach: packed with partial tiles (A plain, A
        // transposed, B transposed, B packed ahead), the packing-free tiles (A plain, A transposed,
        // tail columns, single rows) and B transposed into a narrow product
        k.gemm(false, false, 20, 80, 30, a, 0, 30, b, 0, 80, false, c, 0, 80);
        k.gemm(true, false, 40, 80, 30, a, 0, 40, b, 0, 80, true, c, 0, 80);
        k.gemm(false, true, 20, 80, 30, a, 0, 30, b, 0, 30, false, c, 0, 80);
        k.gemmPacked(20, 80, 40, a, 0, 40, packed, true, c, 0, 80);
        k.gemm(false, false, 20, 40, 30, a, 0, 30, b, 0, 40, true, c, 0, 40);
        k.gemm(true, false, 20, 40, 30, a, 0, 20, b, 0, 40, false, c, 0, 40);
        k.gemm(false, false, 3, 8, 5, a, 0, 5, b, 0, 8, false, c, 0, 8);
        k.gemm(false, true, 20, 40, 60, a, 0, 60, b, 0, 60, false, c, 0, 40);
        for (Activation[] p : PAIRS) {
            Activation f = p[0], r = p[1];
            k.lstmForward(f, r, rows, units, xp, 0, rp, 0, bias, prev, 0, gates, 0, state, 0, act, 0, h, 0);
            k.lstmBackward(f, r, rows, units, gates, 0, act, 0, prev, 0, dh, 0, dc, 0, dz, 0);
            k.gruForward(f, r, rows, units, xp, 0, rp, 0, bias, prev, 0, gates, 0, state, 0, h, 0);
            k.gruBackward(f, r, rows, units, gates, 0, state, 0, prev, 0, dh, 0, dx, 0, drp, 0, dPrev, 0);
            k.peepholeLstmForward(f, r, rows, units, xp, 0, rp, 0, bias, peephole, prev, 0, gates, 0, state, 0,
                    act, 0, h, 0);
            k.peepholeLstmBackward(f, r, rows, units, peephole, gates, 0, act, 0, prev, 0, dh, 0, dc, 0, dz, 0);
            k.cifgLstmForward(f, r, rows, units, xp, 0, rp, 0, bias, prev, 0, gates, 0, state, 0, act, 0, h, 0);
            k.cifgLstmBackward(f, r, rows, units, gates, 0, act, 0, prev, 0, dh, 0, dc, 0, dz, 0);
            k.gruResetBeforeForward(f, r, rows, units, xp, 0, rp, 0, bias, kernel, prev, 0, prev, 0, gates, 0,
                    state, 0, h, 0);
            k.gruResetBeforeBackward(f, r, rows, units, kernel, gates, 0, prev, 0, prev, 0, mask, 0, dh, 0,
                    dx, 0, drp, 0, dPrev, 0);
            k.mguForward(f, r, rows, units, xp, 0, rp, 0, bias, kernel, prev, 0, prev, 0, gates, 0, state, 0, h, 0);
            k.mguBackward(f, r, rows, units, kernel, gates, 0, prev, 0, prev, 0, mask, 0, dh, 0, dx, 0, drp, 0, dPrev, 0);
            // an outlier where the normalisation takes its first guess of the mean: its second pass
            System.arraycopy(xp, 0, lnXp, 0, lnXp.length);
            lnXp[0] = 1e4f;
            k.layerNormLstmForward(f, r, rows, units, 1e-3f, norms, lnXp, 0, rp, 0, bias, prev, 0, gates, 0, state, 0,
                    act, 0, h, 0, stats, 0);
            k.layerNormLstmBackward(f, r, rows, units, norms, gates, 0, act, 0, prev, 0, stats, 0, dh, 0, dc, 0,
                    dx, 0, drp, 0, dPrev, 0, dNorm, 0);
            System.arraycopy(xp, 0, lnXp, 0, lnXp.length);
            lnXp[0] = 1e4f;
            k.layerNormGruForward(f, r, rows, units, 1e-3f, norms, lnXp, 0, rp, 0, bias, prev, 0, gates, 0, state, 0,
                    h, 0, stats, 0);
            k.layerNormGruBackward(f, r, rows, units, norms, gates, 0, state, 0, prev, 0, stats, 0, dh, 0,
                    dx, 0, drp, 0, dPrev, 0, dNorm, 0);
            System.arraycopy(dh, 0, dc, 0, dc.length);
            k.rnnForward(f, rows, units, xp, 0, rp, 0, bias, h, 0);
            k.rnnBackward(f, rows, units, h, 0, dh, 0, dz, 0);
            // the state stays bounded however many rounds run
            System.arraycopy(xp, 0, gates, 0, gates.length);
            System.arraycopy(act, 0, state, 0, state.length);
        }
        // a with zeros, as masked steps leave it: both of the kernel's branches are taken
        k.addTransposedProductInOrder(rows, units, 2 * units + 1, mask, 0, units, kernel, 0, 3 * units, c, 0, 2 * units + 1);
        k.add(rows * units, dh, 0, dc, 0);
        k.addColumnSums(rows, units, dh, 0, dc, 0);
        System.arraycopy(dh, 0, dc, 0, dc.length);
    }

    /** Values in [−12, 12): below −9 the vector sigmoid takes its exp branch. */
    private static float[] fill(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        fillInto(rnd, x);
        return x;
    }

    private static void fillInto(SplittableRandom rnd, float[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextDouble() * 24 - 12);
        }
    }
}
