package dev.recurrent.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked GEMM micro-kernel: an {@link #MR} × {@link #NR} tile of C (8 rows × 2
 * vectors) computed from packed panels, with its 16 accumulators held in locals.
 *
 * <p>Packed A panel: {@code kc} steps of {@code MR} values ({@code pa[ai + p·MR + r] = A[r, p]}).
 * Packed B panel: {@code kc} steps of {@code NR} values ({@code pb[bi + p·NR + j] = B[p, j]}).
 * Each C element is the fma chain {@code acc = fma(A[r,p], B[p,j], acc)} over p = 0 .. kc-1,
 * started from zero, then stored or added to C.
 */
final class VectorMicroKernel {

    static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    /** Lanes per vector. */
    static final int L = S.length();
    /** Rows of a tile. */
    static final int MR = 8;
    /** Columns of a tile: two vectors. */
    static final int NR = 2 * L;

    private VectorMicroKernel() {
    }

    /**
     * {@code C[0..8, 0..NR) (+)= Apanel · Bpanel} for a full tile at {@code c[ci]} with row stride
     * {@code ldc}; {@code add} adds to C, otherwise C is overwritten.
     */
    static void kernel(int kc, float[] pa, int ai, float[] pb, int bi,
                       float[] c, int ci, int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bp = bi + p * NR;
            int ap = ai + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, pb, bp);
            FloatVector b1 = FloatVector.fromArray(S, pb, bp + L);
            FloatVector a = FloatVector.broadcast(S, pa[ap]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, pa[ap + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, pa[ap + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, pa[ap + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, pa[ap + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, pa[ap + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, pa[ap + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, pa[ap + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
        }
        store(c00, c01, c, ci, add);
        store(c10, c11, c, ci + ldc, add);
        store(c20, c21, c, ci + 2 * ldc, add);
        store(c30, c31, c, ci + 3 * ldc, add);
        store(c40, c41, c, ci + 4 * ldc, add);
        store(c50, c51, c, ci + 5 * ldc, add);
        store(c60, c61, c, ci + 6 * ldc, add);
        store(c70, c71, c, ci + 7 * ldc, add);
    }

    /** Writes one tile row of two vectors at {@code c[ci]}, adding to what is there if asked. */
    static void store(FloatVector v0, FloatVector v1, float[] c, int ci, boolean add) {
        if (add) {
            v0 = v0.add(FloatVector.fromArray(S, c, ci));
            v1 = v1.add(FloatVector.fromArray(S, c, ci + L));
        }
        v0.intoArray(c, ci);
        v1.intoArray(c, ci + L);
    }

    /**
     * A partial tile of {@code mr} ≤ MR rows and {@code nr} ≤ NR columns: the full tile is computed
     * from the zero-padded panels into {@code tile} [MR, NR], and its valid part copied to C.
     */
    static void edge(int kc, float[] pa, int ai, float[] pb, int bi, float[] tile,
                     float[] c, int ci, int ldc, int mr, int nr, boolean add) {
        kernel(kc, pa, ai, pb, bi, tile, 0, NR, false);
        for (int r = 0; r < mr; r++) {
            int cr = ci + r * ldc, tr = r * NR;
            if (add) {
                for (int j = 0; j < nr; j++) {
                    c[cr + j] += tile[tr + j];
                }
            } else {
                System.arraycopy(tile, tr, c, cr, nr);
            }
        }
    }
}
