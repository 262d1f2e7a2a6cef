package dev.recurrent.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds {@code VectorKernels} equal to {@link ScalarKernels} on random inputs: every GEMM transpose
 * and accumulate combination over odd shapes, offsets and padded leading dimensions, and every
 * gate kernel (the standard cells' and the variants', the layer-normalised ones included) under every
 * activation pair. The seed is
 * printed; {@code -Dtest.seed=N} replays one.
 *
 * <p>Tolerance: {@code |vector − scalar| ≤ 1e-5 · (1 + magnitude)}, where the magnitude of a GEMM
 * element is {@code (|op(A)|·|op(B)|)_ij (+ |C_ij|)} and that of a gate output its own size.
 * Elements outside the written region must be untouched, bit for bit.
 */
class VectorKernelsEquivalenceTest {

    private static final float TOL = 1e-5f;
    private static Kernels scalar;
    private static Kernels vector;
    private static long seed;
    private static int lanes;

    @BeforeAll
    static void setUp() {
        Optional<Kernels> v = KernelsProvider.vector();
        assumeTrue(v.isPresent(), "VectorKernels not tested: jdk.incubator.vector is not present"
                + " (run with --add-modules jdk.incubator.vector)");
        vector = v.get();
        scalar = KernelsProvider.scalar();
        lanes = VectorKernels.SPECIES.length();
        seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("VectorKernelsEquivalenceTest seed=" + seed + " (-Dtest.seed=" + seed
                + " replays it), kernels " + vector.name());
    }

    private static int[] sizes() {
        return new int[] {1, 3, 7, 13, 17, 33, 129, lanes - 1, lanes, lanes + 1};
    }

    @Test
    void gemmOverOddShapes() {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] s = sizes();
        for (int flags = 0; flags < 8; flags++) {
            boolean ta = (flags & 1) != 0, tb = (flags & 2) != 0, acc = (flags & 4) != 0;
            for (int mi = 0; mi < s.length; mi++) {
                for (int ni = 0; ni < s.length; ni++) {
                    int k = s[(mi + ni + flags) % s.length];
                    checkGemm(rnd, ta, tb, acc, s[mi], s[ni], k);
                }
            }
        }
    }

    @Test
    void gemmOverBlockedAndParallelShapes() {
        SplittableRandom rnd = new SplittableRandom(seed + 1);
        int[][] shapes = {{300, 520, 600}, {64, 200, 513}, {40, 64, 100}, {150, 37, 260}, {9, 700, 40}, {5, 4, 1000}};
        for (int[] sh : shapes) {
            for (int flags = 0; flags < 8; flags++) {
                checkGemm(rnd, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, sh[0], sh[1], sh[2]);
            }
        }
    }

    @Test
    void gemmIsIndependentOfTheSplitAcrossThreads() {
        SplittableRandom rnd = new SplittableRandom(seed + 2);
        int[][] shapes = {{200, 300, 400}, {40, 64, 100}, {33, 129, 300}};
        for (int[] sh : shapes) {
            for (int flags = 0; flags < 4; flags++) {
                boolean ta = (flags & 1) != 0, tb = (flags & 2) != 0;
                int m = sh[0], n = sh[1], k = sh[2];
                float[] a = random(rnd, m * k), b = random(rnd, k * n);
                int lda = ta ? m : k, ldb = tb ? k : n;
                float[] c1 = new float[m * n], c2 = new float[m * n];
                vector.gemm(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, false, c1, 0, n);
                VectorGemm.block(VectorGemm.direct(ta, tb, m, n, k), ta, tb, 0, m, 0, n, k,
                        a, 0, lda, b, 0, ldb, null, false, c2, 0, n);
                for (int e = 0; e < c1.length; e++) {
                    if (Float.floatToRawIntBits(c1[e]) != Float.floatToRawIntBits(c2[e])) {
                        fail("split GEMM differs from one-thread GEMM at " + e + " for " + m + "x" + n + "x" + k
                                + " transA=" + ta + " transB=" + tb + ": " + c1[e] + " vs " + c2[e]);
                    }
                }
            }
        }
    }

    @Test
    void deepTransposedProductsWithFewRowsAndColumnsArePackingFreeAndAgree() {
        SplittableRandom rnd = new SplittableRandom(seed + 5);
        assertTrue(VectorGemm.direct(true, false, 32, 128, 16_000), "a small layer's weight gradient");
        assertTrue(!VectorGemm.direct(false, false, 32, 128, 16_000), "A not transposed");
        assertTrue(!VectorGemm.direct(true, false, 64, 256, 16_000), "too many rows");
        assertTrue(!VectorGemm.direct(true, false, 32, 512, 16_000), "too many columns");
        assertTrue(!VectorGemm.direct(true, true, 32, 128, 16_000), "B transposed");
        int[][] shapes = {{32, 128, 3000}, {13, 2 * lanes + 5, 2500}, {32, 256, 1100}};
        for (int[] sh : shapes) {
            assertTrue(VectorGemm.direct(true, false, sh[0], sh[1], sh[2]));
            for (int acc = 0; acc < 2; acc++) {
                checkGemm(rnd, true, false, acc == 1, sh[0], sh[1], sh[2]);
            }
        }
    }

    @Test
    void narrowProductsArePackingFreeAtAnySizeAndAgree() {
        SplittableRandom rnd = new SplittableRandom(seed + 6);
        assertTrue(VectorGemm.direct(false, false, 16_000, 32, 128), "an input gradient");
        assertTrue(!VectorGemm.direct(false, false, 16_000, 128, 32), "an input projection: wide, shallow");
        assertTrue(VectorGemm.transposesB(16_000, 32, 128), "B transposed, narrow");
        assertTrue(!VectorGemm.transposesB(16_000, 128, 32), "B transposed, wide");
        assertTrue(!VectorGemm.transposesB(20, 30, 40), "small enough for the packing-free path as it is");
        // with B transposed each of these is copied out first, then takes the packing-free path
        int[][] shapes = {{900, 12, 300}, {700, 2 * lanes + 3, 150}, {333, 64, 97}, {1000, 5, 1200}};
        for (int[] sh : shapes) {
            for (int flags = 0; flags < 8; flags++) {
                boolean ta = (flags & 1) != 0, tb = (flags & 2) != 0, acc = (flags & 4) != 0;
                checkGemm(rnd, ta, tb, acc, sh[0], sh[1], sh[2]);
            }
        }
    }

    @Test
    void packingFreeGemmIsOneFmaChainPerElementInItsLastColumnsToo() {
        SplittableRandom rnd = new SplittableRandom(seed + 4);
        // narrow outputs (a Dense layer of a few units), tails after whole tiles and vectors, rows off the 8-row tile, fewer rows than a tile
        int[][] shapes = {{512, 12, 128}, {32, 1, 32}, {13, 5, 40}, {9, 2 * lanes + 3, 7}, {20, lanes + lanes / 2, 64},
            {3, 12, 20}, {1, 1, 4}};
        for (int[] sh : shapes) {
            for (int flags = 0; flags < 4; flags++) {
                boolean ta = (flags & 1) != 0, acc = (flags & 2) != 0;
                int m = sh[0], n = sh[1], k = sh[2], lda = (ta ? m : k) + 1, ldb = n + 2, ldc = n + 3;
                assertTrue(VectorGemm.direct(ta, false, m, n, k), "not on the packing-free path: " + m + "x" + n + "x" + k);
                float[] a = random(rnd, 1 + k * lda + m * lda), b = random(rnd, 2 + k * ldb), c0 = random(rnd, 3 + m * ldc);
                float[] c = c0.clone();
                vector.gemm(ta, false, m, n, k, a, 1, lda, b, 2, ldb, acc, c, 3, ldc);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        float s = acc ? c0[3 + i * ldc + j] : 0f;
                        for (int p = 0; p < k; p++) {
                            s = Math.fma(a[1 + (ta ? p * lda + i : i * lda + p)], b[2 + p * ldb + j], s);
                        }
                        assertEquals(Float.floatToRawIntBits(s), Float.floatToRawIntBits(c[3 + i * ldc + j]),
                                m + "x" + n + "x" + k + " transA=" + ta + " accumulate=" + acc + " at C[" + i + ", " + j + "]");
                    }
                    for (int j = n; j < ldc && 3 + i * ldc + j < c.length; j++) {
                        assertEquals(Float.floatToRawIntBits(c0[3 + i * ldc + j]), Float.floatToRawIntBits(c[3 + i * ldc + j]),
                                "wrote outside C at row " + i + " column " + j);
                    }
                }
            }
        }
    }

    @Test
    void packedGemmGivesTheSameBitsAsGemm() {
        SplittableRandom rnd = new SplittableRandom(seed + 3);
        // packed and direct paths, one and several K blocks, partial panels, row blocks over MC
        int[][] shapes = {{64, 2048, 512}, {16, 512, 128}, {3, 70, 33}, {200, 300, 600}, {1, 4000, 300}, {33, 129, 257}};
        for (Kernels kernels : new Kernels[] {vector, KernelsProvider.scalar()}) {
            PackedMatrix reused = null;
            for (int[] sh : shapes) {
                int m = sh[0], n = sh[1], k = sh[2], ldb = n + 3, bOff = 2;
                float[] a = random(rnd, m * k), b = random(rnd, bOff + k * ldb);
                for (boolean acc : new boolean[] {false, true}) {
                    float[] c1 = random(rnd, m * n), c2 = c1.clone();
                    kernels.gemm(false, false, m, n, k, a, 0, k, b, bOff, ldb, acc, c1, 0, n);
                    reused = kernels.pack(b, bOff, ldb, k, n, reused);
                    kernels.gemmPacked(m, n, k, a, 0, k, reused, acc, c2, 0, n);
                    for (int e = 0; e < c1.length; e++) {
                        if (Float.floatToRawIntBits(c1[e]) != Float.floatToRawIntBits(c2[e])) {
                            fail(kernels.name() + ": packed GEMM differs at " + e + " for " + m + "x" + n + "x" + k
                                    + " accumulate=" + acc + ": " + c1[e] + " vs " + c2[e]);
                        }
                    }
                }
            }
            PackedMatrix p = kernels.pack(new float[12], 0, 4, 3, 4, null);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> kernels.gemmPacked(2, 5, 3, new float[6], 0, 3, p, false, new float[10], 0, 5));
            assertTrue(e.getMessage().contains("[3, 4]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> kernels.pack(new float[11], 0, 4, 3, 4, null));
        }
    }

    private void checkGemm(SplittableRandom rnd, boolean ta, boolean tb, boolean acc, int m, int n, int k) {
        int aRows = ta ? k : m, aCols = ta ? m : k;
        int bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + rnd.nextInt(4), ldb = bCols + rnd.nextInt(4), ldc = n + rnd.nextInt(4);
        int aOff = rnd.nextInt(5), bOff = rnd.nextInt(5), cOff = rnd.nextInt(5);
        float[] a = random(rnd, aOff + aRows * lda);
        float[] b = random(rnd, bOff + bRows * ldb);
        float[] c0 = random(rnd, cOff + m * ldc + 3);
        if (!acc) {
            // garbage that must be overwritten, never read, inside the region
            for (int i = 0; i < m; i++) {
                Arrays.fill(c0, cOff + i * ldc, cOff + i * ldc + n, Float.NaN);
            }
        }
        float[] cs = c0.clone(), cv = c0.clone();
        scalar.gemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, acc, cs, cOff, ldc);
        vector.gemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, acc, cv, cOff, ldc);
        // magnitude of each element: |op(A)|·|op(B)| (+ |C|)
        float[] absA = abs(a), absB = abs(b), mag = new float[c0.length];
        if (acc) {
            mag = abs(c0);
        }
        scalar.gemm(ta, tb, m, n, k, absA, aOff, lda, absB, bOff, ldb, acc, mag, cOff, ldc);
        String what = "gemm " + m + "x" + n + "x" + k + " transA=" + ta + " transB=" + tb + " accumulate=" + acc
                + " offsets " + aOff + "/" + bOff + "/" + cOff + " ld " + lda + "/" + ldb + "/" + ldc + " seed=" + seed;
        for (int e = 0; e < c0.length; e++) {
            int i = (e - cOff) / ldc, j = (e - cOff) % ldc;
            boolean inside = e >= cOff && i < m && j < n;
            if (!inside) {
                if (Float.floatToRawIntBits(cv[e]) != Float.floatToRawIntBits(c0[e])) {
                    fail(what + ": wrote outside C at index " + e);
                }
            } else if (!(Math.abs(cv[e] - cs[e]) <= TOL * (1f + mag[e]))) {
                fail(what + ": C[" + i + ", " + j + "] vector " + cv[e] + " scalar " + cs[e]);
            }
        }
    }

    @Test
    void lstmForwardAndBackward() {
        Random rnd = new Random(seed + 3);
        for (Activation act : Activation.values()) {
            for (Activation rec : Activation.values()) {
                for (int units : sizes()) {
                    int rows = 1 + rnd.nextInt(3), h = units, g4 = 4 * h;
                    int o = 1 + rnd.nextInt(4);
                    float[] xp = random(rnd, o + rows * g4, 3f), rp = random(rnd, o + rows * g4, 3f);
                    float[] bias = random(rnd, g4, 1f), cPrev = random(rnd, o + rows * h, 2f);
                    float[][] s = {random(rnd, o + rows * g4, 1f), random(rnd, o + rows * h, 1f),
                            random(rnd, o + rows * h, 1f), random(rnd, o + rows * h, 1f)};
                    float[][] v = copy(s);
                    scalar.lstmForward(act, rec, rows, h, xp, o, rp, o, bias, cPrev, o, s[0], o, s[1], o, s[2], o, s[3], o);
                    vector.lstmForward(act, rec, rows, h, xp, o, rp, o, bias, cPrev, o, v[0], o, v[1], o, v[2], o, v[3], o);
                    String what = "lstmForward act=" + act + " rec=" + rec + " units=" + h + " rows=" + rows;
                    assertClose(what + " gates", s[0], v[0]);
                    assertClose(what + " c", s[1], v[1]);
                    assertClose(what + " cAct", s[2], v[2]);
                    assertClose(what + " h", s[3], v[3]);

                    float[] gates = s[0], cAct = s[2], dh = random(rnd, o + rows * h, 1f);
                    float[][] sb = {random(rnd, o + rows * h, 1f), random(rnd, o + rows * g4, 1f)};
                    float[][] vb = copy(sb);
                    scalar.lstmBackward(act, rec, rows, h, gates, o, cAct, o, cPrev, o, dh, o, sb[0], o, sb[1], o);
                    vector.lstmBackward(act, rec, rows, h, gates, o, cAct, o, cPrev, o, dh, o, vb[0], o, vb[1], o);
                    what = "lstmBackward act=" + act + " rec=" + rec + " units=" + h + " rows=" + rows;
                    assertClose(what + " dc", sb[0], vb[0]);
                    assertClose(what + " dz", sb[1], vb[1]);
                }
            }
        }
    }

    @Test
    void gruForwardAndBackward() {
        Random rnd = new Random(seed + 4);
        for (Activation act : Activation.values()) {
            for (Activation rec : Activation.values()) {
                for (int units : sizes()) {
                    int rows = 1 + rnd.nextInt(3), h = units, g3 = 3 * h;
                    int o = 1 + rnd.nextInt(4);
                    float[] xp = random(rnd, o + rows * g3, 3f), rp = random(rnd, o + rows * g3, 3f);
                    float[] bias = random(rnd, 2 * g3, 1f), hPrev = random(rnd, o + rows * h, 1f);
                    float[][] s = {random(rnd, o + rows * g3, 1f), random(rnd, o + rows * h, 1f),
                            random(rnd, o + rows * h, 1f)};
                    float[][] v = copy(s);
                    scalar.gruForward(act, rec, rows, h, xp, o, rp, o, bias, hPrev, o, s[0], o, s[1], o, s[2], o);
                    vector.gruForward(act, rec, rows, h, xp, o, rp, o, bias, hPrev, o, v[0], o, v[1], o, v[2], o);
                    String what = "gruForward act=" + act + " rec=" + rec + " units=" + h + " rows=" + rows;
                    assertClose(what + " gates", s[0], v[0]);
                    assertClose(what + " hh", s[1], v[1]);
                    assertClose(what + " h", s[2], v[2]);

                    float[] gates = s[0], hh = s[1], dh = random(rnd, o + rows * h, 1f);
                    float[][] sb = {random(rnd, o + rows * g3, 1f), random(rnd, o + rows * g3, 1f),
                            random(rnd, o + rows * h, 1f)};
                    float[][] vb = copy(sb);
                    scalar.gruBackward(act, rec, rows, h, gates, o, hh, o, hPrev, o, dh, o, sb[0], o, sb[1], o, sb[2], o);
                    vector.gruBackward(act, rec, rows, h, gates, o, hh, o, hPrev, o, dh, o, vb[0], o, vb[1], o, vb[2], o);
                    what = "gruBackward act=" + act + " rec=" + rec + " units=" + h + " rows=" + rows;
                    assertClose(what + " dxp", sb[0], vb[0]);
                    assertClose(what + " drp", sb[1], vb[1]);
                    assertClose(what + " dhPrev", sb[2], vb[2]);
                }
            }
        }
    }

    @Test
    void peepholeLstmForwardAndBackward() {
        Random rnd = new Random(seed + 7);
        for (Activation act : Activation.values()) {
            for (Activation rec : Activation.values()) {
                for (int units : sizes()) {
                    int rows = 1 + rnd.nextInt(3), h = units, g4 = 4 * h;
                    int o = 1 + rnd.nextInt(4);
                    float[] xp = random(rnd, o + rows * g4, 3f), rp = random(rnd, o + rows * g4, 3f);
                    float[] bias = random(rnd, g4, 1f), peephole = random(rnd, 3 * h, 1f);
                    float[] cPrev = random(rnd, o + rows * h, 2f);
                    float[][] s = {random(rnd, o + rows * g4, 1f), random(rnd, o + rows * h, 1f),
                            random(rnd, o + rows * h, 1f), random(rnd, o + rows * h, 1f)};
                    float[][] v = copy(s);
                    scalar.peepholeLstmForward(act, rec, rows, h, xp, o, rp, o, bias, peephole, cPrev, o,
                            s[0], o, s[1], o, s[2], o, s[3], o);
                    vector.peepholeLstmForward(act, rec, rows, h, xp, o, rp, o, bias, peephole, cPrev, o,
                            v[0], o, v[1], o, v[2], o, v[3], o);
                    String what = "peepholeLstmForward act=" + act + " rec=" + rec + " units=" + h + " rows=" + rows;
                    assertClose(what + " gates", s[0], v[0]);
                    assertClose(what + " c", s[1], v[1]);
                    assertClose(what + " cAct", s[2], v[2]);
                    assertClose(what + " h", s[3], v[3]);

                    float[] gates = s[0], cAct = s[2], dh = random(rnd, o + rows * h, 1f);
                    float[][] sb = {random(rnd, o + rows * h, 1f), random(rnd, o + rows * g4, 1f)};
                    float[][] vb = copy(sb);
                    scalar.peepholeLstmBackward(act, rec, rows, h, peephole, gates, o, cAct, o, cPrev, o, dh, o,
                            sb[0], o, sb[1], o);
                    vector.peepholeLstmBackward(act, rec, rows, h, peephole, gates, o, cAct, o, cPrev, o, dh, o,
                            vb[0], o, vb[1], o);
                    what = "peepholeLstmBackward act=" + act + " rec=" + rec + " units=" + h + " rows=" + rows;
                    assertClose(what + " dc", sb[0], vb[0]);
                    assertClose(what + " dz", sb[1], vb[1]);
                }
            }
        }
    }

    @Test
    void cifgLstmForwardAndBackward() {
        Random rnd = new Random(seed + 8);
        for (Activation act : Activation.values()) {
            for (Activation rec : Activation.values()) {
                for (int units : sizes()) {
                    int rows = 1 + rnd.nextInt(3), h = units, g3 = 3 * h;
                    int o = 1 + rnd.nextInt(4);
                    float[] xp = random(rnd, o + rows * g3, 3f), rp = random(rnd, o + rows * g3, 3f);
                    float[] bias = random(rnd, g3, 1f), cPrev = random(rnd, o + rows * h, 2f);
                    float[][] s = {random(rnd, o + rows * g3, 1f), random(rnd, o + rows * h, 1f),
                            random(rnd, o + rows * h, 1f), random(rnd, o + rows * h, 1f)};
                    float[][] v = copy(s);
                    scalar.cifgLstmForward(act, rec, rows, h, xp, o, rp, o, bias, cPrev, o, s[0], o, s[1], o, s[2], o, s[3], o);
                    vector.cifgLstmForward(act, rec, rows, h, xp, o, rp, o, bias, cPrev, o, v[0], o, v[1], o, v[2], o, v[3], o);
                    String what = "cifgLstmForward act=" + act + " rec=" + rec + " units=" + h + " rows=" + rows;
                    assertClose(what + " gates", s[0], v[0]);
                    assertClose(what + " c", s[1], v[1]);
                    assertClose(what + " cAct", s[2], v[2]);
                    assertClose(what + " h", s[3], v[3]);

                    float[] gates = s[0], cAct = s[2], dh = random(rnd, o + rows * h, 1f);
                    float[][] sb = {random(rnd, o + rows * h, 1f), random(rnd, o + rows * g3, 1f)};
                    float[][] vb = copy(sb);
                    scalar.cifgLstmBackward(act, rec, rows, h, gates, o, cAct, o, cPrev, o, dh, o, sb[0], o, sb[1], o);
                    vector.cifgLstmBackward(act, rec, rows, h, gates, o, cAct, o, cPrev, o, dh, o, vb[0], o, vb[1], o);
                    what = "cifgLstmBackward act=" + act + " rec=" + rec + " units=" + h + " rows=" + rows;
                    assertClose(what + " dc", sb[0], vb[0]);
                    assertClose(what + " dz", sb[1], vb[1]);
                }
            }
        }
    }

    @Test
    void orderedTransposedProductGivesThePlainLoopsBits() {
        Random rnd = new Random(seed + 14);
        int[][] shapes = {{1, 1, 1}, {7, 5, 3}, {130, 9, 37}, {300, 66, 2 * lanes + 3}, {5, 3, lanes}, {129, 4, lanes - 1}};
        for (int[] sh : shapes) {
            int rows = sh[0], m = sh[1], n = sh[2], lda = m + 2, ldb = n + 3, ldc = n + 1, o = 2;
            float[] a = random(rnd, o + rows * lda, 1f), b = random(rnd, o + rows * ldb, 1f);
            for (int e = 0; e < a.length; e += 3) {
                a[e] = 0f;                          // skipped, as the plain loop skips them
            }
            float[] cs = random(rnd, o + m * ldc, 1f), cv = cs.clone();
            scalar.addTransposedProductInOrder(rows, m, n, a, o, lda, b, o, ldb, cs, o, ldc);
            vector.addTransposedProductInOrder(rows, m, n, a, o, lda, b, o, ldb, cv, o, ldc);
            for (int e = 0; e < cs.length; e++) {
                assertEquals(Float.floatToRawIntBits(cs[e]), Float.floatToRawIntBits(cv[e]),
                        "rows=" + rows + " m=" + m + " n=" + n + " index " + e + ": " + cs[e] + " vs " + cv[e]);
            }
        }
    }

    @Test
    void gruResetBeforeForwardAndBackward() {
        Random rnd = new Random(seed + 9);
        for (Activation act : Activation.values()) {
            for (Activation rec : Activation.values()) {
                for (int units : sizes()) {
                    int rows = 1 + rnd.nextInt(5), h = units, g3 = 3 * h;
                    int o = 1 + rnd.nextInt(4);
                    boolean dropout = rnd.nextBoolean();
                    float[] xp = random(rnd, o + rows * g3, 3f), rp = random(rnd, o + rows * g3, 3f);
                    float[] bias = random(rnd, g3, 1f), u = random(rnd, h * g3, 0.3f);
                    float[] hPrev = random(rnd, o + rows * h, 1f);
                    float[] mask = dropout ? random(rnd, o + rows * h, 2f) : null;
                    float[] hDropped = hPrev.clone();
                    if (dropout) {
                        for (int e = 0; e < hDropped.length; e++) {
                            hDropped[e] *= mask[e];
                        }
                    }
                    float[][] s = {random(rnd, o + rows * g3, 1f), random(rnd, o + rows * h, 1f),
                            random(rnd, o + rows * h, 1f)};
                    float[][] v = copy(s);
                    scalar.gruResetBeforeForward(act, rec, rows, h, xp, o, rp, o, bias, u, hPrev, o, hDropped, o,
                            s[0], o, s[1], o, s[2], o);
                    vector.gruResetBeforeForward(act, rec, rows, h, xp, o, rp, o, bias, u, hPrev, o, hDropped, o,
                            v[0], o, v[1], o, v[2], o);
                    String what = "gruResetBeforeForward act=" + act + " rec=" + rec + " units=" + h + " rows=" + rows;
                    assertClose(what + " gates", s[0], v[0]);
                    assertClose(what + " rh", s[1], v[1]);
                    assertClose(what + " h", s[2], v[2]);

                    float[] gates = s[0], dh = random(rnd, o + rows * h, 1f);
                    float[][] sb = {random(rnd, o + rows * g3, 1f), random(rnd, o + rows * g3, 1f),
                            random(rnd, o + rows * h, 1f)};
                    float[][] vb = copy(sb);
                    scalar.gruResetBeforeBackward(act, rec, rows, h, u, gates, o, hPrev, o, hDropped, o, mask, o,
                            dh, o, sb[0], o, sb[1], o, sb[2], o);
                    vector.gruResetBeforeBackward(act, rec, rows, h, u, gates, o, hPrev, o, hDropped, o, mask, o,
                            dh, o, vb[0], o, vb[1], o, vb[2], o);
                    what = "gruResetBeforeBackward act=" + act + " rec=" + rec + " units=" + h + " rows=" + rows
                            + " dropout=" + dropout;
                    assertClose(what + " dxp", sb[0], vb[0]);
                    assertClose(what + " drp", sb[1], vb[1]);
                    assertClose(what + " dhPrev", sb[2], vb[2]);
                }
            }
        }
    }

    @Test
    void mguForwardAndBackward() {
        Random rnd = new Random(seed + 13);
        for (Activation act : Activation.values()) {
            for (Activation rec : Activation.values()) {
                for (int units : sizes()) {
                    int rows = 1 + rnd.nextInt(5), h = units, g2 = 2 * h;
                    int o = 1 + rnd.nextInt(4);
                    boolean dropout = rnd.nextBoolean();
                    float[] xp = random(rnd, o + rows * g2, 3f), rp = random(rnd, o + rows * g2, 3f);
                    float[] bias = random(rnd, g2, 1f), u = random(rnd, h * g2, 0.3f);
                    float[] hPrev = random(rnd, o + rows * h, 1f);
                    float[] mask = dropout ? random(rnd, o + rows * h, 2f) : null;
                    float[] hDropped = hPrev.clone();
                    if (dropout) {
                        for (int e = 0; e < hDropped.length; e++) {
                            hDropped[e] *= mask[e];
                        }
                    }
                    float[][] s = {random(rnd, o + rows * g2, 1f), random(rnd, o + rows * h, 1f),
                            random(rnd, o + rows * h, 1f)};
                    float[][] v = copy(s);
                    scalar.mguForward(act, rec, rows, h, xp, o, rp, o, bias, u, hPrev, o, hDropped, o,
                            s[0], o, s[1], o, s[2], o);
                    vector.mguForward(act, rec, rows, h, xp, o, rp, o, bias, u, hPrev, o, hDropped, o,
                            v[0], o, v[1], o, v[2], o);
                    String what = "mguForward act=" + act + " rec=" + rec + " units=" + h + " rows=" + rows;
                    assertClose(what + " gates", s[0], v[0]);
                    assertClose(what + " fh", s[1], v[1]);
                    assertClose(what + " h", s[2], v[2]);

                    float[] gates = s[0], dh = random(rnd, o + rows * h, 1f);
                    float[][] sb = {random(rnd, o + rows * g2, 1f), random(rnd, o + rows * g2, 1f),
                            random(rnd, o + rows * h, 1f)};
                    float[][] vb = copy(sb);
                    scalar.mguBackward(act, rec, rows, h, u, gates, o, hPrev, o, hDropped, o, mask, o,
                            dh, o, sb[0], o, sb[1], o, sb[2], o);
                    vector.mguBackward(act, rec, rows, h, u, gates, o, hPrev, o, hDropped, o, mask, o,
                            dh, o, vb[0], o, vb[1], o, vb[2], o);
                    what = "mguBackward act=" + act + " rec=" + rec + " units=" + h + " rows=" + rows
                            + " dropout=" + dropout;
                    assertClose(what + " dxp", sb[0], vb[0]);
                    assertClose(what + " drp", sb[1], vb[1]);
                    assertClose(what + " dhPrev", sb[2], vb[2]);
                }
            }
        }
    }

    @Test
    void layerNormLstmForwardAndBackward() {
        Random rnd = new Random(seed + 14);
        for (Activation act : Activation.values()) {
            for (Activation rec : Activation.values()) {
                for (int units : sizes()) {
                    int rows = 1 + rnd.nextInt(4), h = units, g4 = 4 * h, stride = 9 * h + 3;
                    int o = 1 + rnd.nextInt(4);
                    float[] xp = random(rnd, o + rows * g4, 3f), rp = random(rnd, o + rows * g4, 3f);
                    float[] bias = random(rnd, g4, 1f), cPrev = random(rnd, o + rows * h, 2f);
                    float[][] norms = layerNormWeights(rnd, g4, g4, h);
                    float[][] s = {random(rnd, o + rows * g4, 1f), random(rnd, o + rows * h, 1f),
                            random(rnd, o + rows * h, 1f), random(rnd, o + rows * h, 1f),
                            random(rnd, o + rows * stride, 1f)};
                    float[][] v = copy(s);
                    scalar.layerNormLstmForward(act, rec, rows, h, 1e-3f, norms, xp, o, rp, o, bias, cPrev, o,
                            s[0], o, s[1], o, s[2], o, s[3], o, s[4], o);
                    vector.layerNormLstmForward(act, rec, rows, h, 1e-3f, norms, xp, o, rp, o, bias, cPrev, o,
                            v[0], o, v[1], o, v[2], o, v[3], o, v[4], o);
                    String what = "layerNormLstmForward act=" + act + " rec=" + rec + " units=" + h + " rows=" + rows;
                    assertClose(what + " gates", s[0], v[0]);
                    assertClose(what + " c", s[1], v[1]);
                    assertClose(what + " cAct", s[2], v[2]);
                    assertClose(what + " h", s[3], v[3]);
                    assertClose(what + " stats", s[4], v[4]);

                    float[] gates = s[0], cAct = s[2], stats = s[4], dh = random(rnd, o + rows * h, 1f);
                    float[][] sb = {random(rnd, o + rows * h, 1f), random(rnd, o + rows * g4, 1f),
                            random(rnd, o + rows * g4, 1f), random(rnd, o + rows * h, 1f),
                            random(rnd, o + rows * 5 * h, 1f)};
                    float[][] vb = copy(sb);
                    scalar.layerNormLstmBackward(act, rec, rows, h, norms, gates, o, cAct, o, cPrev, o, stats, o,
                            dh, o, sb[0], o, sb[1], o, sb[2], o, sb[3], o, sb[4], o);
                    vector.layerNormLstmBackward(act, rec, rows, h, norms, gates, o, cAct, o, cPrev, o, stats, o,
                            dh, o, vb[0], o, vb[1], o, vb[2], o, vb[3], o, vb[4], o);
                    what = "layerNormLstmBackward act=" + act + " rec=" + rec + " units=" + h + " rows=" + rows;
                    assertClose(what + " dc", sb[0], vb[0]);
                    assertClose(what + " dxp", sb[1], vb[1]);
                    assertClose(what + " drp", sb[2], vb[2]);
                    assertClose(what + " dhPrev", sb[3], vb[3]);
                    assertClose(what + " dNorm", sb[4], vb[4]);
                }
            }
        }
    }

    @Test
    void layerNormGruForwardAndBackward() {
        Random rnd = new Random(seed + 15);
        for (Activation act : Activation.values()) {
            for (Activation rec : Activation.values()) {
                for (int units : sizes()) {
                    int rows = 1 + rnd.nextInt(4), h = units, g3 = 3 * h, stride = 6 * h + 4;
                    int o = 1 + rnd.nextInt(4);
                    float[] xs = random(rnd, o + rows * g3, 3f), xv = xs.clone(), rp = random(rnd, o + rows * g3, 3f);
                    float[] bias = random(rnd, g3, 1f), hPrev = random(rnd, o + rows * h, 1f);
                    float[][] norms = layerNormWeights(rnd, g3, g3);
                    float[][] s = {random(rnd, o + rows * g3, 1f), random(rnd, o + rows * h, 1f),
                            random(rnd, o + rows * h, 1f), random(rnd, o + rows * stride, 1f)};
                    float[][] v = copy(s);
                    scalar.layerNormGruForward(act, rec, rows, h, 1e-3f, norms, xs, o, rp, o, bias, hPrev, o,
                            s[0], o, s[1], o, s[2], o, s[3], o);
                    vector.layerNormGruForward(act, rec, rows, h, 1e-3f, norms, xv, o, rp, o, bias, hPrev, o,
                            v[0], o, v[1], o, v[2], o, v[3], o);
                    String what = "layerNormGruForward act=" + act + " rec=" + rec + " units=" + h + " rows=" + rows;
                    assertClose(what + " xp + bias", xs, xv);
                    assertClose(what + " gates", s[0], v[0]);
                    assertClose(what + " qh", s[1], v[1]);
                    assertClose(what + " h", s[2], v[2]);
                    assertClose(what + " stats", s[3], v[3]);

                    float[] gates = s[0], qh = s[1], stats = s[3], dh = random(rnd, o + rows * h, 1f);
                    float[][] sb = {random(rnd, o + rows * g3, 1f), random(rnd, o + rows * g3, 1f),
                            random(rnd, o + rows * h, 1f), random(rnd, o + rows * 4 * h, 1f)};
                    float[][] vb = copy(sb);
                    scalar.layerNormGruBackward(act, rec, rows, h, norms, gates, o, qh, o, hPrev, o, stats, o,
                            dh, o, sb[0], o, sb[1], o, sb[2], o, sb[3], o);
                    vector.layerNormGruBackward(act, rec, rows, h, norms, gates, o, qh, o, hPrev, o, stats, o,
                            dh, o, vb[0], o, vb[1], o, vb[2], o, vb[3], o);
                    what = "layerNormGruBackward act=" + act + " rec=" + rec + " units=" + h + " rows=" + rows;
                    assertClose(what + " dxp", sb[0], vb[0]);
                    assertClose(what + " drp", sb[1], vb[1]);
                    assertClose(what + " dhPrev", sb[2], vb[2]);
                    assertClose(what + " dNorm", sb[3], vb[3]);
                }
            }
        }
    }

    /** γ in [0.5, 1.5) and β in [−0.5, 0.5) for each normalisation of the given widths, in that order. */
    private static float[][] layerNormWeights(Random rnd, int... widths) {
        float[][] norms = new float[2 * widths.length][];
        for (int i = 0; i < widths.length; i++) {
            norms[2 * i] = random(rnd, widths[i], 0.5f);
            for (int e = 0; e < widths[i]; e++) {
                norms[2 * i][e] += 1f;
            }
            norms[2 * i + 1] = random(rnd, widths[i], 0.5f);
        }
        return norms;
    }

    @Test
    void rnnForwardAndBackward() {
        Random rnd = new Random(seed + 5);
        for (Activation act : Activation.values()) {
            for (int units : sizes()) {
                int rows = 1 + rnd.nextInt(3), h = units, o = 1 + rnd.nextInt(4);
                float[] xp = random(rnd, o + rows * h, 3f), rp = random(rnd, o + rows * h, 3f);
                float[] bias = random(rnd, h, 1f);
                float[] hs = random(rnd, o + rows * h, 1f), hv = hs.clone();
                scalar.rnnForward(act, rows, h, xp, o, rp, o, bias, hs, o);
                vector.rnnForward(act, rows, h, xp, o, rp, o, bias, hv, o);
                assertClose("rnnForward act=" + act + " units=" + h, hs, hv);

                float[] dh = random(rnd, o + rows * h, 1f);
                float[] dzs = random(rnd, o + rows * h, 1f), dzv = dzs.clone();
                scalar.rnnBackward(act, rows, h, hs, o, dh, o, dzs, o);
                vector.rnnBackward(act, rows, h, hs, o, dh, o, dzv, o);
                assertClose("rnnBackward act=" + act + " units=" + h, dzs, dzv);
            }
        }
    }

    @Test
    void activationEdgesMatch() {
        // exact thresholds of both hard sigmoids and relu, saturation of sigmoid and tanh
        float[] y = {0f, 1f, 0.5f, -0f, 1e-8f, 0.99999994f, -1f, 2f, -2f, 30f, -30f, 90f, -90f, 0.25f, 0.75f, 3f, -3f, 2.5f, -2.5f};
        for (Activation act : Activation.values()) {
            float[] x = new float[3 * lanes + 1];
            for (int i = 0; i < x.length; i++) {
                x[i] = y[i % y.length];
            }
            float[] g = new float[x.length];
            Arrays.fill(g, 1f);
            float[] hs = x.clone(), hv = x.clone(), dzs = new float[x.length], dzv = new float[x.length];
            scalar.rnnForward(act, 1, x.length, new float[x.length], 0, new float[x.length], 0, x.clone(), hs, 0);
            vector.rnnForward(act, 1, x.length, new float[x.length], 0, new float[x.length], 0, x.clone(), hv, 0);
            assertClose("activation " + act, hs, hv);
            scalar.rnnBackward(act, 1, x.length, x, 0, g, 0, dzs, 0);
            vector.rnnBackward(act, 1, x.length, x, 0, g, 0, dzv, 0);
            assertClose("derivative " + act, dzs, dzv);
        }
    }

    @Test
    void addAndColumnSums() {
        Random rnd = new Random(seed + 6);
        for (int len : sizes()) {
            float[] x = random(rnd, len + 7, 1f), ys = random(rnd, len + 9, 1f), yv = ys.clone();
            scalar.add(len, x, 3, ys, 5);
            vector.add(len, x, 3, yv, 5);
            assertEquals(Arrays.toString(ys), Arrays.toString(yv), "add len=" + len);
            int rows = 1 + rnd.nextInt(5);
            float[] m = random(rnd, 2 + rows * len, 1f), ss = random(rnd, len + 4, 1f), sv = ss.clone();
            scalar.addColumnSums(rows, len, m, 2, ss, 3);
            vector.addColumnSums(rows, len, m, 2, sv, 3);
            assertEquals(Arrays.toString(ss), Arrays.toString(sv), "addColumnSums cols=" + len);
        }
        // large enough to be split by columns across the cores: still each column's sum in row order
        for (int[] sh : new int[][] {{896, 512}, {300, 2 * lanes + 5}, {64, 1000}}) {
            int rows = sh[0], cols = sh[1];
            float[] m = random(rnd, 1 + rows * cols, 1f), ss = random(rnd, cols + 2, 1f), sv = ss.clone();
            scalar.addColumnSums(rows, cols, m, 1, ss, 2);
            vector.addColumnSums(rows, cols, m, 1, sv, 2);
            assertEquals(Arrays.toString(ss), Arrays.toString(sv), "addColumnSums " + rows + "x" + cols);
        }
    }

    private static void assertClose(String what, float[] expected, float[] actual) {
        for (int e = 0; e < expected.length; e++) {
            float x = expected[e], y = actual[e];
            if (Float.isNaN(x) && Float.isNaN(y)) {
                continue;
            }
            if (!(Math.abs(x - y) <= TOL * (1f + Math.abs(x)))) {
                fail(what + ": index " + e + " scalar " + x + " vector " + y + " (seed=" + seed + ")");
            }
        }
    }

    private static float[][] copy(float[][] x) {
        float[][] y = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i].clone();
        }
        return y;
    }

    private static float[] abs(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.abs(x[i]);
        }
        return y;
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }

    private static float[] random(Random rnd, int n, float scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (rnd.nextFloat() * 2 - 1) * scale;
        }
        return x;
    }
}
