package dev.recurrent.kernels;

import static dev.recurrent.kernels.Exact.EXACT;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels#addTransposedProductInOrder} with vectors: the plain loop's operations on each
 * element, in its order (a product, then an addition, over r ascending, no fma, no branch: a vector
 * set in an {@code if} reaches the merge as a plain {@code FloatVector}, and JDK 17 boxed this kernel's
 * accumulators that way, {@code KernelAllocationTest}), with the element held
 * in a register across a block of r instead of stored and loaded at every r, and four rows of C
 * sharing each load of B. The result is the plain loop's, bit for bit.
 */
final class VectorOrderedProducts {

    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final int L = S.length();
    /** The r of one pass over C: a block of B this deep stays in cache while C's rows run. */
    private static final int DEPTH = 128;

    private VectorOrderedProducts() {
    }

    static void addTransposedProduct(int rows, int m, int n, float[] a, int aOff, int lda,
                                     float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        Recompile.check();
        int bound = S.loopBound(n);
        for (int r0 = 0; r0 < rows; r0 += DEPTH) {
            int r1 = Math.min(rows, r0 + DEPTH);
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                int c0 = cOff + i * ldc, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
                for (int j = 0; j < bound; j += L) {
                    FloatVector s0 = EXACT.cast(FloatVector.fromArray(S, c, c0 + j));
                    FloatVector s1 = EXACT.cast(FloatVector.fromArray(S, c, c1 + j));
                    FloatVector s2 = EXACT.cast(FloatVector.fromArray(S, c, c2 + j));
                    FloatVector s3 = EXACT.cast(FloatVector.fromArray(S, c, c3 + j));
                    for (int r = r0; r < r1; r++) {
                        int ar = aOff + r * lda + i;
                        FloatVector bv = EXACT.cast(FloatVector.fromArray(S, b, bOff + r * ldb + j));
                        float x0 = a[ar], x1 = a[ar + 1], x2 = a[ar + 2], x3 = a[ar + 3];
                        s0 = EXACT.cast(s0).add(bv.mul(x0));
                        s1 = EXACT.cast(s1).add(bv.mul(x1));
                        s2 = EXACT.cast(s2).add(bv.mul(x2));
                        s3 = EXACT.cast(s3).add(bv.mul(x3));
                    }
                    EXACT.cast(s0).intoArray(c, c0 + j);
                    EXACT.cast(s1).intoArray(c, c1 + j);
                    EXACT.cast(s2).intoArray(c, c2 + j);
                    EXACT.cast(s3).intoArray(c, c3 + j);
                }
                for (int q = 0; q < 4; q++) {
                    tail(r0, r1, i + q, bound, n, a, aOff, lda, b, bOff, ldb, c, cOff + (i + q) * ldc);
                }
            }
            for (; i < m; i++) {
                int ci = cOff + i * ldc;
                for (int j = 0; j < bound; j += L) {
                    FloatVector s0 = EXACT.cast(FloatVector.fromArray(S, c, ci + j));
                    for (int r = r0; r < r1; r++) {
                        float x = a[aOff + r * lda + i];
                        s0 = EXACT.cast(s0).add(EXACT.cast(FloatVector.fromArray(S, b, bOff + r * ldb + j)).mul(x));
                    }
                    EXACT.cast(s0).intoArray(c, ci + j);
                }
                tail(r0, r1, i, bound, n, a, aOff, lda, b, bOff, ldb, c, ci);
            }
        }
    }

    /** Columns [j0, n) of row i of C over r in [r0, r1), as the plain loop. */
    private static void tail(int r0, int r1, int i, int j0, int n, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb, float[] c, int ci) {
        for (int j = j0; j < n; j++) {
            float s = c[ci + j];
            for (int r = r0; r < r1; r++) {
                s += a[aOff + r * lda + i] * b[bOff + r * ldb + j];
            }
            c[ci + j] = s;
        }
    }
}
