package dev.recurrent.init;

import java.util.Random;

/**
 * Keras' weight initializers. The random streams are Java's, so values differ from Keras' for the
 * same seed, but the distributions are the same.
 */
public final class Initializers {

    private Initializers() {
    }

    /**
     * {@code glorot_uniform}: U(−limit, limit) with {@code limit = sqrt(6 / (fanIn + fanOut))}; for
     * a 2-D weight [fanIn, fanOut].
     */
    public static void glorotUniform(float[] w, int fanIn, int fanOut, Random rng) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((rng.nextDouble() * 2 - 1) * limit);
        }
    }

    /**
     * {@code orthogonal} (gain 1) for a [rows, cols] matrix, as Keras computes it: a normal matrix of
     * shape [max, min] is QR-factorised, Q's columns take the signs of R's diagonal, and Q is
     * transposed when {@code rows < cols}. The rows (or columns, whichever are fewer) are
     * orthonormal.
     */
    public static void orthogonal(float[] w, int rows, int cols, Random rng) {
        int big = Math.max(rows, cols), small = Math.min(rows, cols);
        double[][] a = new double[small][big]; // column j of the [big, small] matrix is a[j]
        for (int i = 0; i < big; i++) {
            for (int j = 0; j < small; j++) {
                a[j][i] = rng.nextGaussian();
            }
        }
        // modified Gram-Schmidt: a[j] becomes q_j; r_jj's sign is folded in (q_j * sign(r_jj))
        for (int j = 0; j < small; j++) {
            for (int p = 0; p < j; p++) {
                subtractProjection(a[p], a[j]);
            }
            double norm = Math.sqrt(dot(a[j], a[j]));
            for (int i = 0; i < big; i++) {
                a[j][i] /= norm;
            }
        }
        for (int i = 0; i < big; i++) {
            for (int j = 0; j < small; j++) {
                if (rows >= cols) {
                    w[i * cols + j] = (float) a[j][i];   // Q is [rows, cols]
                } else {
                    w[j * cols + i] = (float) a[j][i];   // Q^T is [rows = small, cols = big]
                }
            }
        }
    }

    /** a -= (q·a) q, for a unit vector q. */
    private static void subtractProjection(double[] q, double[] a) {
        double dot = dot(q, a);
        for (int i = 0; i < a.length; i++) {
            a[i] -= dot * q[i];
        }
    }

    /**
     * x·y with eight running sums: one sum would wait on each addition in turn, and a large layer's
     * orthogonal init is on the way to the first training step.
     */
    private static double dot(double[] x, double[] y) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int n = x.length, i = 0;
        for (; i + 8 <= n; i += 8) {
            s0 = Math.fma(x[i], y[i], s0);
            s1 = Math.fma(x[i + 1], y[i + 1], s1);
            s2 = Math.fma(x[i + 2], y[i + 2], s2);
            s3 = Math.fma(x[i + 3], y[i + 3], s3);
            s4 = Math.fma(x[i + 4], y[i + 4], s4);
            s5 = Math.fma(x[i + 5], y[i + 5], s5);
            s6 = Math.fma(x[i + 6], y[i + 6], s6);
            s7 = Math.fma(x[i + 7], y[i + 7], s7);
        }
        for (; i < n; i++) {
            s0 = Math.fma(x[i], y[i], s0);
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
