package dev.recurrent.kernels;

import static dev.recurrent.kernels.Exact.EXACT;
import static dev.recurrent.kernels.VectorMicroKernel.L;
import static dev.recurrent.kernels.VectorMicroKernel.MR;
import static dev.recurrent.kernels.VectorMicroKernel.NR;
import static dev.recurrent.kernels.VectorMicroKernel.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Copies blocks of op(A) and op(B) into the panel layouts {@link VectorMicroKernel} reads,
 * zero-padding partial panels. The transposes are handled here, so the micro-kernel sees one layout.
 */
final class VectorPacking {

    /** Steps per block of the transposing copies: one 64-byte line of each source row. */
    private static final int TP = 16;

    private VectorPacking() {
    }

    /**
     * Packs op(A)[i0 .. i0+mc, p0 .. p0+kc) into {@code ceil(mc / MR)} panels of {@code kc · MR}
     * values (MR is 8, 6 or 5, see {@link GemmBlocking}): {@code dst[panel·kc·MR + p·MR + r] = op(A)[i0 + panel·MR + r, p0 + p]}.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float[] dst) {
        Recompile.check();
        int d = 0;
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int i = i0 + ir;
            if (transA) {
                // op(A)[i, p] = a[p·lda + i]: each step copies mr contiguous values
                int src = aOff + p0 * lda + i;
                if (mr == MR) {
                    for (int p = 0; p < kc; p++, src += lda, d += MR) {
                        dst[d] = a[src];
                        dst[d + 1] = a[src + 1];
                        dst[d + 2] = a[src + 2];
                        dst[d + 3] = a[src + 3];
                        dst[d + 4] = a[src + 4];
                        if (MR > 5) {
                            dst[d + 5] = a[src + 5];
                        }
                        if (MR == 8) {
                            dst[d + 6] = a[src + 6];
                            dst[d + 7] = a[src + 7];
                        }
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += lda, d += MR) {
                        System.arraycopy(a, src, dst, d, mr);
                        Arrays.fill(dst, d + mr, d + MR, 0f);
                    }
                }
            } else if (mr == MR) {
                int r0 = aOff + i * lda + p0;
                for (int p = 0; p < kc; p++, d += MR) {
                    int s = r0 + p;
                    dst[d] = a[s];
                    dst[d + 1] = a[s + lda];
                    dst[d + 2] = a[s + 2 * lda];
                    dst[d + 3] = a[s + 3 * lda];
                    dst[d + 4] = a[s + 4 * lda];
                    if (MR > 5) {
                        dst[d + 5] = a[s + 5 * lda];
                    }
                    if (MR == 8) {
                        dst[d + 6] = a[s + 6 * lda];
                        dst[d + 7] = a[s + 7 * lda];
                    }
                }
            } else {
                Arrays.fill(dst, d, d + kc * MR, 0f);
                for (int r = 0; r < mr; r++) {
                    int s = aOff + (i + r) * lda + p0;
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * MR + r] = a[s + p];
                    }
                }
                d += kc * MR;
            }
        }
    }

    /**
     * Packs op(B)[p0 .. p0+kc, j0 .. j0+nc) into {@code ceil(nc / NR)} panels of {@code kc · NR}
     * values: {@code dst[panel·kc·NR + p·NR + j] = op(B)[p0 + p, j0 + panel·NR + j]}.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc,
                      float[] dst, int dstOff) {
        Recompile.check();
        int d = dstOff;
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int j = j0 + jr;
            if (!transB) {
                // op(B)[p, j] = b[p·ldb + j]: each step copies nr contiguous values
                int src = bOff + p0 * ldb + j;
                if (nr == NR) {
                    for (int p = 0; p < kc; p++, src += ldb, d += NR) {
                        EXACT.cast(FloatVector.fromArray(S, b, src)).intoArray(dst, d);
                        EXACT.cast(FloatVector.fromArray(S, b, src + L)).intoArray(dst, d + L);
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += ldb, d += NR) {
                        System.arraycopy(b, src, dst, d, nr);
                        Arrays.fill(dst, d + nr, d + NR, 0f);
                    }
                }
            } else {
                // op(B)[p, j] = b[j·ldb + p]: a transpose, copied in blocks of TP steps so that the
                // source lines and destination rows stay in L1. (Not a gather load: on JDK 17 C2
                // sometimes compiles one without its intrinsic, and every call then allocates.)
                int s0 = bOff + j * ldb + p0;
                if (nr < NR) {
                    Arrays.fill(dst, d, d + kc * NR, 0f);
                }
                for (int pb = 0; pb < kc; pb += TP) {
                    int pe = Math.min(kc, pb + TP);
                    for (int jj = 0; jj < nr; jj++) {
                        int s = s0 + jj * ldb;
                        int t = d + jj;
                        for (int p = pb; p < pe; p++) {
                            dst[t + p * NR] = b[s + p];
                        }
                    }
                }
                d += kc * NR;
            }
        }
    }
}
