package dev.recurrent.kernels;

import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * Runs the vector GEMM over shapes that reach every path (packing-free tiles, packed blocks with
 * partial tiles in both directions, several K blocks, each transpose, accumulation, a pre-packed B)
 * and prints the CRC of every result's bits, the largest error against the scalar reference, and
 * the blocking chosen. Started by {@link GemmBlockingTest} in JVMs with other tiles and blocks: every
 * element is one fma chain in the order of k whatever the blocking, so the CRC must not change.
 */
final class GemmBlockingProbe {

    private static final int[][] SHAPES = {     // m, n, k
            {5, 7, 3}, {17, 33, 29}, {16, 64, 40}, {6, 48, 100}, {13, 70, 9},
            {100, 130, 90}, {131, 67, 257}, {64, 96, 600}, {200, 40, 33}, {9, 300, 1100},
    };

    public static void main(String[] args) {
        Kernels vector = KernelsProvider.vector().orElseThrow();
        Kernels scalar = KernelsProvider.scalar();
        CRC32 crc = new CRC32();
        double worst = 0;
        SplittableRandom rnd = new SplittableRandom(11);
        for (int[] s : SHAPES) {
            int m = s[0], n = s[1], k = s[2];
            for (int flags = 0; flags < 9; flags++) {
                boolean ta = (flags & 1) != 0, tb = (flags & 2) != 0, acc = (flags & 4) != 0, pre = flags == 8;
                float[] a = fill(rnd, m * k), b = fill(rnd, k * n), c0 = fill(rnd, m * n);
                float[] cv = c0.clone(), cs = c0.clone();
                int lda = ta ? m : k, ldb = tb ? k : n;
                if (pre) {
                    PackedMatrix p = vector.pack(b, 0, n, k, n, null);
                    vector.gemmPacked(m, n, k, a, 0, k, p, true, cv, 0, n);
                    scalar.gemm(false, false, m, n, k, a, 0, k, b, 0, n, true, cs, 0, n);
                } else {
                    vector.gemm(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, acc, cv, 0, n);
                    scalar.gemm(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, acc, cs, 0, n);
                }
                for (int i = 0; i < cv.length; i++) {
                    int bits = Float.floatToRawIntBits(cv[i]);
                    crc.update(bits);
                    crc.update(bits >>> 8);
                    crc.update(bits >>> 16);
                    crc.update(bits >>> 24);
                    worst = Math.max(worst, Math.abs(cv[i] - cs[i]) / (1 + Math.abs(cs[i]) + Math.sqrt(k)));
                }
            }
        }
        System.out.println("crc=" + Long.toHexString(crc.getValue()) + " worst=" + worst
                + " mr=" + VectorMicroKernel.MR + " lanes=" + VectorMicroKernel.L + " blocking=" + vector.blocking());
    }

    private static float[] fill(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextDouble(-1, 1);
        }
        return x;
    }
}
