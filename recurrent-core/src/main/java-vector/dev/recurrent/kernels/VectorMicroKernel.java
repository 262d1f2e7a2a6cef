package dev.recurrent.kernels;

import static dev.recurrent.kernels.Exact.EXACT;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked GEMM micro-kernel: an {@link #MR} × {@link #NR} tile of C (8, 6 or 5 rows ×
 * 2 vectors) computed from packed panels, with its accumulators held in locals. The rows past 5 are
 * written out under {@code MR > 5} and {@code MR == 8}, constants to the JIT: rows a tile does not
 * have are not compiled at all and their accumulators take no registers.
 *
 * <p>Packed A panel: {@code kc} steps of {@code MR} values ({@code pa[ai + p·MR + r] = A[r, p]}).
 * Packed B panel: {@code kc} steps of {@code NR} values ({@code pb[bi + p·NR + j] = B[p, j]}).
 * Each C element is the fma chain {@code acc = fma(A[r,p], B[p,j], acc)} over p = 0 .. kc-1,
 * started from C's value when adding and from zero otherwise, then stored.
 *
 * <p>The kernel is one method with no helper calls: C2 stops inlining past a node budget, and a
 * vector left un-inlined is boxed, which costs more than the whole tile. The loaded B vectors are
 * the receivers of the fmas ({@code b·a + c} is {@code a·b + c} to the bit) and the accumulators are
 * cast before they are stored, so that C2 knows every receiver's class without a profile ({@link Exact}).
 */
final class VectorMicroKernel {

    static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    /** Lanes per vector. */
    static final int L = S.length();
    /** The tile and blocks chosen for this machine. */
    static final GemmBlocking BLOCKING = GemmBlocking.forThisMachine(S.vectorBitSize());
    /** Rows of a tile: 8, or 5 where the vector register file has 16 registers (6 for sweeps). */
    static final int MR = BLOCKING.mr();
    /** Columns of a tile: two vectors. */
    static final int NR = 2 * L;

    private VectorMicroKernel() {
    }

    /**
     * {@code C[0..MR, 0..NR) (+)= Apanel · Bpanel} for a full tile at {@code c[ci]} with row stride
     * {@code ldc}; {@code add} adds to C, otherwise C is overwritten (and never read).
     */
    static void kernel(int kc, float[] pa, int ai, float[] pb, int bi,
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
        for (int p = 0; p < kc; p++) {
            int bp = bi + p * NR;
            int ap = ai + p * MR;
            FloatVector b0 = EXACT.cast(FloatVector.fromArray(S, pb, bp));
            FloatVector b1 = EXACT.cast(FloatVector.fromArray(S, pb, bp + L));
            FloatVector a = FloatVector.broadcast(S, pa[ap]);
            c00 = b0.fma(a, c00);
            c01 = b1.fma(a, c01);
            a = FloatVector.broadcast(S, pa[ap + 1]);
            c10 = b0.fma(a, c10);
            c11 = b1.fma(a, c11);
            a = FloatVector.broadcast(S, pa[ap + 2]);
            c20 = b0.fma(a, c20);
            c21 = b1.fma(a, c21);
            a = FloatVector.broadcast(S, pa[ap + 3]);
            c30 = b0.fma(a, c30);
            c31 = b1.fma(a, c31);
            a = FloatVector.broadcast(S, pa[ap + 4]);
            c40 = b0.fma(a, c40);
            c41 = b1.fma(a, c41);
            if (MR > 5) {
                a = FloatVector.broadcast(S, pa[ap + 5]);
                c50 = b0.fma(a, c50);
                c51 = b1.fma(a, c51);
            }
            if (MR == 8) {
                a = FloatVector.broadcast(S, pa[ap + 6]);
                c60 = b0.fma(a, c60);
                c61 = b1.fma(a, c61);
                a = FloatVector.broadcast(S, pa[ap + 7]);
                c70 = b0.fma(a, c70);
                c71 = b1.fma(a, c71);
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

    /**
     * A partial tile of {@code mr} ≤ MR rows and {@code nr} ≤ NR columns: the full tile is computed
     * from the zero-padded panels into {@code tile} [MR, NR], and its valid part copied to C.
     */
    static void edge(int kc, float[] pa, int ai, float[] pb, int bi, float[] tile,
                     float[] c, int ci, int ldc, int mr, int nr, boolean add) {
        Recompile.check();
        if (add) {
            // start from C's values, as a full tile does
            for (int r = 0; r < mr; r++) {
                System.arraycopy(c, ci + r * ldc, tile, r * NR, nr);
                Arrays.fill(tile, r * NR + nr, (r + 1) * NR, 0f);
            }
            Arrays.fill(tile, mr * NR, MR * NR, 0f);
        }
        kernel(kc, pa, ai, pb, bi, tile, 0, NR, add);
        for (int r = 0; r < mr; r++) {
            System.arraycopy(tile, r * NR, c, ci + r * ldc, nr);
        }
    }
}
