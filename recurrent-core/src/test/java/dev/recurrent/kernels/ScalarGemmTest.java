package dev.recurrent.kernels;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The scalar GEMM's blocking does not change a single bit: rows done four at a time equal rows
 * done one at a time, and a transposed B (transposed once into scratch) equals B given
 * transposed; both against a plain triple loop within float rounding.
 */
class ScalarGemmTest {
    private final ScalarKernels kernels = new ScalarKernels();

    @Test
    void fourRowsAtATimeEqualOneRowAtATime() {
        Random r = new Random(11);
        for (int[] sh : new int[][] {{4, 16, 9}, {7, 13, 17}, {9, 33, 5}, {64, 70, 40}}) {
            int m = sh[0], n = sh[1], k = sh[2];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean acc : new boolean[] {false, true}) {
                    float[] a = random(r, m * k), b = random(r, k * n), c = random(r, m * n);
                    float[] rowByRow = c.clone(), blocked = c.clone();
                    int lda = ta ? m : k;
                    for (int i = 0; i < m; i++) {
                        // one row of C: A's row i (or column i of the stored A) against B
                        float[] ai = new float[k];
                        for (int p = 0; p < k; p++) {
                            ai[p] = ta ? a[p * lda + i] : a[i * lda + p];
                        }
                        kernels.gemm(false, false, 1, n, k, ai, 0, k, b, 0, n, acc, rowByRow, i * n, n);
                    }
                    kernels.gemm(ta, false, m, n, k, a, 0, lda, b, 0, n, acc, blocked, 0, n);
                    assertArrayEquals(rowByRow, blocked, "m=" + m + " n=" + n + " k=" + k + " transA=" + ta + " acc=" + acc);
                    assertClose(plain(ta, false, m, n, k, a, b, acc ? c : null), blocked);
                }
            }
        }
    }

    @Test
    void transposedBEqualsBGivenTransposed() {
        Random r = new Random(12);
        int m = 9, n = 21, k = 14;
        float[] a = random(r, m * k), bt = random(r, n * k), b = new float[k * n];
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) {
                b[p * n + j] = bt[j * k + p];
            }
        }
        float[] viaT = new float[m * n], direct = new float[m * n];
        kernels.gemm(false, true, m, n, k, a, 0, k, bt, 0, k, false, viaT, 0, n);
        kernels.gemm(false, false, m, n, k, a, 0, k, b, 0, n, false, direct, 0, n);
        assertArrayEquals(direct, viaT);
        assertClose(plain(false, true, m, n, k, a, bt, null), viaT);
    }

    private static float[] plain(boolean ta, boolean tb, int m, int n, int k, float[] a, float[] b, float[] c0) {
        float[] c = c0 == null ? new float[m * n] : c0.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = c[i * n + j];
                for (int p = 0; p < k; p++) {
                    s += (double) (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                }
                c[i * n + j] = (float) s;
            }
        }
        return c;
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4f * (1 + Math.abs(expected[i])), "at " + i + " of " + Arrays.toString(new int[] {expected.length}));
        }
    }

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }
}
