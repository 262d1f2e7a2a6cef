package dev.recurrent.init;

import dev.recurrent.kernels.Parallel;

import java.util.Random;

/**
 * Keras' weight initializers. The random streams are Java's, so values differ from Keras' for the
 * same seed, but the distributions are the same.
 */
public final class Initializers {

    /** Columns orthonormalized together (16 columns of 2,048 doubles: 256 KB, which stays in L2). */
    static final int GRAM_SCHMIDT_BLOCK = 16;
    /** Below this many multiply-adds a block's removal from the later columns stays in one thread. */
    private static final long PARALLEL_MIN_MULTIPLY_ADDS = 1L << 18;

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
        gramSchmidt(a);
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

    /**
     * Modified Gram-Schmidt in place: a[j] becomes q_j, with r_jj's sign folded in (q_j · sign(r_jj)).
     * Every column has the projections of q_0, q_1, … removed in that order, as in the textbook loop,
     * so the result is the same to the bit; the order of the loops is what differs. Columns go in
     * blocks of {@link #GRAM_SCHMIDT_BLOCK}: once a block is orthonormal, its vectors are removed from
     * every later block, the later blocks split across the cores, each block's columns and the
     * vectors applied to them held in cache.
     */
    static void gramSchmidt(double[][] a) {
        int n = a.length, block = GRAM_SCHMIDT_BLOCK;
        int blocks = (n + block - 1) / block;
        for (int jb = 0; jb < blocks; jb++) {
            int j0 = jb * block, j1 = Math.min(n, j0 + block);
            for (int j = j0; j < j1; j++) {
                for (int p = j0; p < j; p++) {
                    subtractProjection(a[p], a[j]);
                }
                double norm = Math.sqrt(dot(a[j], a[j]));
                double[] q = a[j];
                for (int i = 0; i < q.length; i++) {
                    q[i] /= norm;
                }
            }
            int later = blocks - jb - 1;
            Parallel.Task removeBlock = t -> {
                int k0 = j1 + t * block, k1 = Math.min(n, k0 + block);
                for (int k = k0; k < k1; k++) {
                    for (int p = j0; p < j1; p++) {
                        subtractProjection(a[p], a[k]);
                    }
                }
            };
            if ((long) later * block * (j1 - j0) * a[0].length < PARALLEL_MIN_MULTIPLY_ADDS) {
                for (int t = 0; t < later; t++) {
                    removeBlock.run(t);
                }
            } else {
                Parallel.run(later, removeBlock);
            }
        }
    }

    /** a -= (q·a) q, for a unit vector q. */
    static void subtractProjection(double[] q, double[] a) {
        double dot = dot(q, a);
        for (int i = 0; i < a.length; i++) {
            a[i] -= dot * q[i];
        }
    }

    /**
     * x·y with eight running sums: one sum would wait on each addition in turn, which made a
     * 512-unit LSTM's orthogonal init take 0.3 s.
     */
    static double dot(double[] x, double[] y) {
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
