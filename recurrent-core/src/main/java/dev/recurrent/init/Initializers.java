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
                double dot = 0;
                for (int i = 0; i < big; i++) {
                    dot += a[p][i] * a[j][i];
                }
                for (int i = 0; i < big; i++) {
                    a[j][i] -= dot * a[p][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < big; i++) {
                norm += a[j][i] * a[j][i];
            }
            norm = Math.sqrt(norm);
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
}
