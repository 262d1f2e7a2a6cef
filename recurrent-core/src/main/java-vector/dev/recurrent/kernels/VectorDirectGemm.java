package dev.recurrent.kernels;

import static dev.recurrent.kernels.Exact.EXACT;
import static dev.recurrent.kernels.VectorMicroKernel.L;
import static dev.recurrent.kernels.VectorMicroKernel.MR;
import static dev.recurrent.kernels.VectorMicroKernel.NR;
import static dev.recurrent.kernels.VectorMicroKernel.S;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;

/**
 * The packing-free GEMM for small products with B stored [k, n] (no transB): B rows are read in
 * place and A elements broadcast from where they are, op(A)[i, p] = {@code a[aOff + i·ars + p·aps]}.
 * No K blocking: every C element is one fma chain over p = 0 .. k-1 (started from C's value when
 * adding, from zero otherwise), whichever kernel computes it
 * (MR×2-vector tile, single vector, or the padded tail columns), so the result does not depend on the split.
 * The tiles' rows past 5 are compiled only when the tile has them, as in {@link VectorMicroKernel}.
 * As in {@link VectorMicroKernel}, the loaded B vectors are the fmas' receivers and the accumulators
 * are cast before they are stored ({@link Exact}).
 */
final class VectorDirectGemm {

    /** Rows of {@link #tileOneVector}: eight accumulators, one B vector and one broadcast fit any register file. */
    static final int ONE_VECTOR_ROWS = 8;

    private VectorDirectGemm() {
    }

    /** C[i0..i1, j0..j1) (+)= op(A) · B over the full k. */
    static void block(int i0, int i1, int j0, int j1, int k,
                      float[] a, int aOff, int ars, int aps, float[] b, int bOff, int ldb,
                      boolean add, float[] c, int cOff, int ldc) {
        Recompile.check();
        int j = j0;
        for (; j + NR <= j1; j += NR) {
            int i = i0;
            for (; i + MR <= i1; i += MR) {
                if (aps == 1) {
                    tileRowMajorA(k, a, aOff + i * ars, ars, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, add);
                } else {
                    tile(k, a, aOff + i * ars, ars, aps, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, add);
                }
            }
            for (; i < i1; i++) {
                vector(k, a, aOff + i * ars, aps, b, bOff + j, ldb, c, cOff + i * ldc + j, add);
                vector(k, a, aOff + i * ars, aps, b, bOff + j + L, ldb, c, cOff + i * ldc + j + L, add);
            }
        }
        for (; j + L <= j1; j += L) {
            for (int i = i0; i < i1; i++) {
                vector(k, a, aOff + i * ars, aps, b, bOff + j, ldb, c, cOff + i * ldc + j, add);
            }
        }
        if (j < j1 && i1 - i0 >= ONE_VECTOR_ROWS) {
            tailColumns(i0, i1, j, j1 - j, k, a, aOff, ars, aps, b, bOff, ldb, add, c, cOff, ldc, VectorGemm.workspace());
            return;
        }
        for (; j < j1; j++) {                           // fewer rows than a tile: padding would cost more
            for (int i = i0; i < i1; i++) {
                int ai = aOff + i * ars, bj = bOff + j, ci = cOff + i * ldc + j;
                float s = add ? c[ci] : 0f;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[ai + p * aps], b[bj + p * ldb], s);
                }
                c[ci] = s;
            }
        }
    }

    /**
     * The last {@code w < L} columns (all of them when n is below one vector, as for a Dense layer
     * of a few units): B's columns copied into one zero-padded vector per row of B, C's into a
     * buffer of the same width, so that they too run eight rows at a time instead of one scalar
     * fma chain after another.
     */
    private static void tailColumns(int i0, int i1, int j, int w, int k,
                                    float[] a, int aOff, int ars, int aps, float[] b, int bOff, int ldb,
                                    boolean add, float[] c, int cOff, int ldc, VectorGemm.Workspace ws) {
        int rows = i1 - i0;
        float[] pb = ws.packedB(k * L), pc = ws.tail(rows * L);
        for (int p = 0; p < k; p++) {
            System.arraycopy(b, bOff + p * ldb + j, pb, p * L, w);
            Arrays.fill(pb, p * L + w, (p + 1) * L, 0f);
        }
        if (add) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(c, cOff + (i0 + r) * ldc + j, pc, r * L, w);
            }
        }
        int r = 0;
        for (; r + ONE_VECTOR_ROWS <= rows; r += ONE_VECTOR_ROWS) {
            tileOneVector(k, a, aOff + (i0 + r) * ars, ars, aps, pb, pc, r * L, add);
        }
        for (; r < rows; r++) {
            vector(k, a, aOff + (i0 + r) * ars, aps, pb, 0, L, pc, r * L, add);
        }
        for (r = 0; r < rows; r++) {
            System.arraycopy(pc, r * L, c, cOff + (i0 + r) * ldc + j, w);
        }
    }

    /** Eight rows × one vector of padded columns ({@code b} and {@code c} one vector wide): the tile of {@link #tailColumns}. */
    static void tileOneVector(int k, float[] a, int ai, int ars, int aps, float[] b, float[] c, int ci, boolean add) {
        Recompile.check();
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7;
        if (add) {
            c0 = FloatVector.fromArray(S, c, ci);
            c1 = FloatVector.fromArray(S, c, ci + L);
            c2 = FloatVector.fromArray(S, c, ci + 2 * L);
            c3 = FloatVector.fromArray(S, c, ci + 3 * L);
            c4 = FloatVector.fromArray(S, c, ci + 4 * L);
            c5 = FloatVector.fromArray(S, c, ci + 5 * L);
            c6 = FloatVector.fromArray(S, c, ci + 6 * L);
            c7 = FloatVector.fromArray(S, c, ci + 7 * L);
        } else {
            c0 = c1 = c2 = c3 = c4 = c5 = c6 = c7 = FloatVector.zero(S);
        }
        int a1 = ars, a2 = 2 * ars, a3 = 3 * ars, a4 = 4 * ars, a5 = 5 * ars, a6 = 6 * ars, a7 = 7 * ars;
        for (int p = 0; p < k; p++) {
            int ap = ai + p * aps;
            FloatVector bv = EXACT.cast(FloatVector.fromArray(S, b, p * L));
            c0 = bv.fma(FloatVector.broadcast(S, a[ap]), c0);
            c1 = bv.fma(FloatVector.broadcast(S, a[ap + a1]), c1);
            c2 = bv.fma(FloatVector.broadcast(S, a[ap + a2]), c2);
            c3 = bv.fma(FloatVector.broadcast(S, a[ap + a3]), c3);
            c4 = bv.fma(FloatVector.broadcast(S, a[ap + a4]), c4);
            c5 = bv.fma(FloatVector.broadcast(S, a[ap + a5]), c5);
            c6 = bv.fma(FloatVector.broadcast(S, a[ap + a6]), c6);
            c7 = bv.fma(FloatVector.broadcast(S, a[ap + a7]), c7);
        }
        EXACT.cast(c0).intoArray(c, ci);
        EXACT.cast(c1).intoArray(c, ci + L);
        EXACT.cast(c2).intoArray(c, ci + 2 * L);
        EXACT.cast(c3).intoArray(c, ci + 3 * L);
        EXACT.cast(c4).intoArray(c, ci + 4 * L);
        EXACT.cast(c5).intoArray(c, ci + 5 * L);
        EXACT.cast(c6).intoArray(c, ci + 6 * L);
        EXACT.cast(c7).intoArray(c, ci + 7 * L);
    }

    /** One MR-row × 2-vector tile: A rows at {@code ai + r·ars}, B columns at {@code bi}. */
    static void tile(int k, float[] a, int ai, int ars, int aps, float[] b, int bi, int ldb,
                     float[] c, int ci, int ldc, boolean add) {
        Recompile.check();
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (add) {
            c00 = FloatVector.fromArray(S, c, ci);
            c01 = FloatVector.fromArray(S, c, ci + L);
            c10 = FloatVector.fromArray(S, c, ci + ldc);
            c11 = FloatVector.fromArray(S, c, ci + ldc + L);
            c20 = FloatVector.fromArray(S, c, ci + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, ci + 2 * ldc + L);
            c30 = FloatVector.fromArray(S, c, ci + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, ci + 3 * ldc + L);
            c40 = FloatVector.fromArray(S, c, ci + 4 * ldc);
            c41 = FloatVector.fromArray(S, c, ci + 4 * ldc + L);
            if (MR > 5) {
                c50 = FloatVector.fromArray(S, c, ci + 5 * ldc);
                c51 = FloatVector.fromArray(S, c, ci + 5 * ldc + L);
            } else {
                c50 = c51 = FloatVector.zero(S);
            }
            if (MR == 8) {
                c60 = FloatVector.fromArray(S, c, ci + 6 * ldc);
                c61 = FloatVector.fromArray(S, c, ci + 6 * ldc + L);
                c70 = FloatVector.fromArray(S, c, ci + 7 * ldc);
                c71 = FloatVector.fromArray(S, c, ci + 7 * ldc + L);
            } else {
                c60 = c61 = c70 = c71 = FloatVector.zero(S);
            }
        } else {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = FloatVector.zero(S);
            c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = c00;
        }
        int a1 = ars, a2 = 2 * ars, a3 = 3 * ars, a4 = 4 * ars, a5 = 5 * ars, a6 = 6 * ars, a7 = 7 * ars;
        for (int p = 0; p < k; p++) {
            int bp = bi + p * ldb;
            int ap = ai + p * aps;
            FloatVector b0 = EXACT.cast(FloatVector.fromArray(S, b, bp));
            FloatVector b1 = EXACT.cast(FloatVector.fromArray(S, b, bp + L));
            FloatVector v = FloatVector.broadcast(S, a[ap]);
            c00 = b0.fma(v, c00);
            c01 = b1.fma(v, c01);
            v = FloatVector.broadcast(S, a[ap + a1]);
            c10 = b0.fma(v, c10);
            c11 = b1.fma(v, c11);
            v = FloatVector.broadcast(S, a[ap + a2]);
            c20 = b0.fma(v, c20);
            c21 = b1.fma(v, c21);
            v = FloatVector.broadcast(S, a[ap + a3]);
            c30 = b0.fma(v, c30);
            c31 = b1.fma(v, c31);
            v = FloatVector.broadcast(S, a[ap + a4]);
            c40 = b0.fma(v, c40);
            c41 = b1.fma(v, c41);
            if (MR > 5) {
                v = FloatVector.broadcast(S, a[ap + a5]);
                c50 = b0.fma(v, c50);
                c51 = b1.fma(v, c51);
            }
            if (MR == 8) {
                v = FloatVector.broadcast(S, a[ap + a6]);
                c60 = b0.fma(v, c60);
                c61 = b1.fma(v, c61);
                v = FloatVector.broadcast(S, a[ap + a7]);
                c70 = b0.fma(v, c70);
                c71 = b1.fma(v, c71);
            }
        }
        EXACT.cast(c00).intoArray(c, ci);
        EXACT.cast(c01).intoArray(c, ci + L);
        EXACT.cast(c10).intoArray(c, ci + ldc);
        EXACT.cast(c11).intoArray(c, ci + ldc + L);
        EXACT.cast(c20).intoArray(c, ci + 2 * ldc);
        EXACT.cast(c21).intoArray(c, ci + 2 * ldc + L);
        EXACT.cast(c30).intoArray(c, ci + 3 * ldc);
        EXACT.cast(c31).intoArray(c, ci + 3 * ldc + L);
        EXACT.cast(c40).intoArray(c, ci + 4 * ldc);
        EXACT.cast(c41).intoArray(c, ci + 4 * ldc + L);
        if (MR > 5) {
            EXACT.cast(c50).intoArray(c, ci + 5 * ldc);
            EXACT.cast(c51).intoArray(c, ci + 5 * ldc + L);
        }
        if (MR == 8) {
            EXACT.cast(c60).intoArray(c, ci + 6 * ldc);
            EXACT.cast(c61).intoArray(c, ci + 6 * ldc + L);
            EXACT.cast(c70).intoArray(c, ci + 7 * ldc);
            EXACT.cast(c71).intoArray(c, ci + 7 * ldc + L);
        }
    }

    /** {@link #tile} for A stored [m, k], the common case: steps are 1 apart, a constant C2 can fold into the addressing. */
    static void tileRowMajorA(int k, float[] a, int ai, int ars, float[] b, int bi, int ldb,
                     float[] c, int ci, int ldc, boolean add) {
        Recompile.check();
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (add) {
            c00 = FloatVector.fromArray(S, c, ci);
            c01 = FloatVector.fromArray(S, c, ci + L);
            c10 = FloatVector.fromArray(S, c, ci + ldc);
            c11 = FloatVector.fromArray(S, c, ci + ldc + L);
            c20 = FloatVector.fromArray(S, c, ci + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, ci + 2 * ldc + L);
            c30 = FloatVector.fromArray(S, c, ci + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, ci + 3 * ldc + L);
            c40 = FloatVector.fromArray(S, c, ci + 4 * ldc);
            c41 = FloatVector.fromArray(S, c, ci + 4 * ldc + L);
            if (MR > 5) {
                c50 = FloatVector.fromArray(S, c, ci + 5 * ldc);
                c51 = FloatVector.fromArray(S, c, ci + 5 * ldc + L);
            } else {
                c50 = c51 = FloatVector.zero(S);
            }
            if (MR == 8) {
                c60 = FloatVector.fromArray(S, c, ci + 6 * ldc);
                c61 = FloatVector.fromArray(S, c, ci + 6 * ldc + L);
                c70 = FloatVector.fromArray(S, c, ci + 7 * ldc);
                c71 = FloatVector.fromArray(S, c, ci + 7 * ldc + L);
            } else {
                c60 = c61 = c70 = c71 = FloatVector.zero(S);
            }
        } else {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = FloatVector.zero(S);
            c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = c00;
        }
        int a1 = ars, a2 = 2 * ars, a3 = 3 * ars, a4 = 4 * ars, a5 = 5 * ars, a6 = 6 * ars, a7 = 7 * ars;
        for (int p = 0; p < k; p++) {
            int bp = bi + p * ldb;
            int ap = ai + p;
            FloatVector b0 = EXACT.cast(FloatVector.fromArray(S, b, bp));
            FloatVector b1 = EXACT.cast(FloatVector.fromArray(S, b, bp + L));
            FloatVector v = FloatVector.broadcast(S, a[ap]);
            c00 = b0.fma(v, c00);
            c01 = b1.fma(v, c01);
            v = FloatVector.broadcast(S, a[ap + a1]);
            c10 = b0.fma(v, c10);
            c11 = b1.fma(v, c11);
            v = FloatVector.broadcast(S, a[ap + a2]);
            c20 = b0.fma(v, c20);
            c21 = b1.fma(v, c21);
            v = FloatVector.broadcast(S, a[ap + a3]);
            c30 = b0.fma(v, c30);
            c31 = b1.fma(v, c31);
            v = FloatVector.broadcast(S, a[ap + a4]);
            c40 = b0.fma(v, c40);
            c41 = b1.fma(v, c41);
            if (MR > 5) {
                v = FloatVector.broadcast(S, a[ap + a5]);
                c50 = b0.fma(v, c50);
                c51 = b1.fma(v, c51);
            }
            if (MR == 8) {
                v = FloatVector.broadcast(S, a[ap + a6]);
                c60 = b0.fma(v, c60);
                c61 = b1.fma(v, c61);
                v = FloatVector.broadcast(S, a[ap + a7]);
                c70 = b0.fma(v, c70);
                c71 = b1.fma(v, c71);
            }
        }
        EXACT.cast(c00).intoArray(c, ci);
        EXACT.cast(c01).intoArray(c, ci + L);
        EXACT.cast(c10).intoArray(c, ci + ldc);
        EXACT.cast(c11).intoArray(c, ci + ldc + L);
        EXACT.cast(c20).intoArray(c, ci + 2 * ldc);
        EXACT.cast(c21).intoArray(c, ci + 2 * ldc + L);
        EXACT.cast(c30).intoArray(c, ci + 3 * ldc);
        EXACT.cast(c31).intoArray(c, ci + 3 * ldc + L);
        EXACT.cast(c40).intoArray(c, ci + 4 * ldc);
        EXACT.cast(c41).intoArray(c, ci + 4 * ldc + L);
        if (MR > 5) {
            EXACT.cast(c50).intoArray(c, ci + 5 * ldc);
            EXACT.cast(c51).intoArray(c, ci + 5 * ldc + L);
        }
        if (MR == 8) {
            EXACT.cast(c60).intoArray(c, ci + 6 * ldc);
            EXACT.cast(c61).intoArray(c, ci + 6 * ldc + L);
            EXACT.cast(c70).intoArray(c, ci + 7 * ldc);
            EXACT.cast(c71).intoArray(c, ci + 7 * ldc + L);
        }
    }

    /** One row × one vector: the edge of {@link #tile}, with the same fma chain per element. */
    static void vector(int k, float[] a, int ai, int aps, float[] b, int bi, int ldb,
                       float[] c, int ci, boolean add) {
        Recompile.check();
        FloatVector acc = add ? FloatVector.fromArray(S, c, ci) : FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            acc = EXACT.cast(FloatVector.fromArray(S, b, bi + p * ldb)).fma(FloatVector.broadcast(S, a[ai + p * aps]), acc);
        }
        EXACT.cast(acc).intoArray(c, ci);
    }
}
