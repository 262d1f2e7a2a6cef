package dev.recurrent.kernels;

/**
 * The arguments of one GEMM, held by a task that splits it across threads. Each kernel keeps one
 * per thread and refills it for every call, so that dispatching a GEMM allocates nothing.
 */
abstract class GemmJob implements Parallel.Task {
    boolean transA, transB, accumulate;
    int m, n, k, aOff, lda, bOff, ldb, cOff, ldc;
    float[] a, b, c;

    /** Takes the arguments of {@link Kernels#gemm}. */
    final void set(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                   float[] b, int bOff, int ldb, boolean accumulate, float[] c, int cOff, int ldc) {
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.a = a;
        this.aOff = aOff;
        this.lda = lda;
        this.b = b;
        this.bOff = bOff;
        this.ldb = ldb;
        this.accumulate = accumulate;
        this.c = c;
        this.cOff = cOff;
        this.ldc = ldc;
    }

    /** Drops the references to the caller's arrays once the GEMM is done. */
    final void clear() {
        a = b = c = null;
    }
}
