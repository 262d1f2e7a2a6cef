package dev.recurrent.kernels;

/**
 * The reference kernels in plain Java: what {@code VectorKernels} must equal. The GEMM is blocked
 * by rows across threads and written so that C2 auto-vectorizes its inner loops; it is the fallback
 * when the Vector API is absent, not a toy.
 */
public class ScalarKernels implements Kernels {

    /** Below this many multiply-adds a GEMM runs in the calling thread. */
    static final long PARALLEL_MIN_FLOPS = 1L << 18;

    private final ThreadLocal<RowJob> jobs = ThreadLocal.withInitial(RowJob::new);

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     boolean accumulate, float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (transB && m > 1 && k > 0) {
            // a transposed B would make every C value a dot product, which the JIT does not
            // vectorize: transpose it once into this thread's scratch and stream its rows instead
            float[] bt = transposed(b, bOff, ldb, n, k);
            gemm(transA, false, m, n, k, a, aOff, lda, bt, 0, n, accumulate, c, cOff, ldc);
            return;
        }
        int chunks = (long) m * n * k < PARALLEL_MIN_FLOPS ? 1 : Math.min(m, Parallel.threads() * 4);
        if (chunks == 1) {
            gemmRows(transA, transB, 0, m, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc);
            return;
        }
        RowJob job = jobs.get();
        job.set(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc);
        job.chunks = chunks;
        try {
            Parallel.run(chunks, job);
        } finally {
            job.clear();
        }
    }

    private final ThreadLocal<float[][]> scratch = ThreadLocal.withInitial(() -> new float[1][0]);

    /** {@code b} [n, k] (leading dimension ldb) transposed into this thread's scratch, [k, n]. */
    private float[] transposed(float[] b, int bOff, int ldb, int n, int k) {
        float[][] holder = scratch.get();
        int size = Math.multiplyExact(n, k);
        if (holder[0].length < size) {
            holder[0] = new float[size];
        }
        float[] t = holder[0];
        for (int j = 0; j < n; j++) {
            int row = bOff + j * ldb;
            for (int p = 0; p < k; p++) {
                t[p * n + j] = b[row + p];
            }
        }
        return t;
    }

    /** Rows [i0, i1) of C. */
    static void gemmRows(boolean transA, boolean transB, int i0, int i1, int n, int k,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         boolean accumulate, float[] c, int cOff, int ldc) {
        int i = i0;
        if (!transB) {
            i = gemmFourRows(transA, i0, i1, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc);
        }
        for (; i < i1; i++) {
            int ci = cOff + i * ldc;
            if (!transB) {
                if (!accumulate) {
                    java.util.Arrays.fill(c, ci, ci + n, 0f);
                }
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += av * b[bp + j];
                    }
                }
            } else {
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    float s = 0f;
                    if (!transA) {
                        int ai = aOff + i * lda;
                        for (int p = 0; p < k; p++) {
                            s += a[ai + p] * b[bj + p];
                        }
                    } else {
                        for (int p = 0; p < k; p++) {
                            s += a[aOff + p * lda + i] * b[bj + p];
                        }
                    }
                    c[ci + j] = accumulate ? c[ci + j] + s : s;
                }
            }
        }
    }

    /**
     * Rows [i0, i1) of C = op(A)·B four at a time, so that each row of B read serves four rows of C;
     * every C value still adds its products in the order p = 0, 1, ..., k−1, so the result is the
     * one-row loop's, bit for bit. Returns the first row not done (fewer than four were left).
     */
    private static int gemmFourRows(boolean transA, int i0, int i1, int n, int k,
                                    float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                    boolean accumulate, float[] c, int cOff, int ldc) {
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int c0 = cOff + i * ldc, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
            if (!accumulate) {
                java.util.Arrays.fill(c, c0, c0 + n, 0f);
                java.util.Arrays.fill(c, c1, c1 + n, 0f);
                java.util.Arrays.fill(c, c2, c2 + n, 0f);
                java.util.Arrays.fill(c, c3, c3 + n, 0f);
            }
            for (int p = 0; p < k; p++) {
                float a0, a1, a2, a3;
                if (transA) {
                    int ap = aOff + p * lda + i;
                    a0 = a[ap];
                    a1 = a[ap + 1];
                    a2 = a[ap + 2];
                    a3 = a[ap + 3];
                } else {
                    int ap = aOff + i * lda + p;
                    a0 = a[ap];
                    a1 = a[ap + lda];
                    a2 = a[ap + 2 * lda];
                    a3 = a[ap + 3 * lda];
                }
                int bp = bOff + p * ldb;
                for (int j = 0; j < n; j++) {
                    float bv = b[bp + j];
                    c[c0 + j] += a0 * bv;
                    c[c1 + j] += a1 * bv;
                    c[c2 + j] += a2 * bv;
                    c[c3 + j] += a3 * bv;
                }
            }
        }
        return i;
    }

    /** A GEMM split by rows, reused by its thread so that dispatching allocates nothing. */
    private static final class RowJob extends GemmJob {
        int chunks;

        @Override
        public void run(int index) {
            int i0 = (int) ((long) m * index / chunks);
            int i1 = (int) ((long) m * (index + 1) / chunks);
            gemmRows(transA, transB, i0, i1, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc);
        }
    }

    @Override
    public PackedMatrix pack(float[] b, int bOff, int ldb, int k, int n, PackedMatrix into) {
        PackedMatrix p = into != null ? into : new PackedMatrix();
        p.setSource(b, bOff, ldb, k, n);
        return p;
    }

    @Override
    public void gemmPacked(int m, int n, int k, float[] a, int aOff, int lda, PackedMatrix b,
                           boolean accumulate, float[] c, int cOff, int ldc) {
        b.check(m, n, k);
        gemm(false, false, m, n, k, a, aOff, lda, b.source, b.sourceOff, b.ld, accumulate, c, cOff, ldc);
    }

    @Override
    public void lstmForward(Activation act, Activation recAct, int rows, int units,
                            float[] xp, int xpOff, float[] rp, int rpOff, float[] bias,
                            float[] cPrev, int cPrevOff,
                            float[] gates, int gOff, float[] c, int cOff, float[] cAct, int caOff,
                            float[] h, int hOff) {
        int hu = units, g4 = 4 * units;
        for (int r = 0; r < rows; r++) {
            int x = xpOff + r * g4, q = rpOff + r * g4, g = gOff + r * g4, s = r * hu;
            for (int j = 0; j < hu; j++) {
                float i = recAct.apply(xp[x + j] + rp[q + j] + bias[j]);
                float f = recAct.apply(xp[x + hu + j] + rp[q + hu + j] + bias[hu + j]);
                float gg = act.apply(xp[x + 2 * hu + j] + rp[q + 2 * hu + j] + bias[2 * hu + j]);
                float o = recAct.apply(xp[x + 3 * hu + j] + rp[q + 3 * hu + j] + bias[3 * hu + j]);
                float cn = f * cPrev[cPrevOff + s + j] + i * gg;
                float ca = act.apply(cn);
                gates[g + j] = i;
                gates[g + hu + j] = f;
                gates[g + 2 * hu + j] = gg;
                gates[g + 3 * hu + j] = o;
                c[cOff + s + j] = cn;
                cAct[caOff + s + j] = ca;
                h[hOff + s + j] = o * ca;
            }
        }
    }

    @Override
    public void lstmBackward(Activation act, Activation recAct, int rows, int units,
                             float[] gates, int gOff, float[] cAct, int caOff, float[] cPrev, int cPrevOff,
                             float[] dh, int dhOff, float[] dc, int dcOff, float[] dz, int dzOff) {
        int hu = units, g4 = 4 * units;
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g4, d = dzOff + r * g4, s = r * hu;
            for (int j = 0; j < hu; j++) {
                float i = gates[g + j], f = gates[g + hu + j], gg = gates[g + 2 * hu + j], o = gates[g + 3 * hu + j];
                float ca = cAct[caOff + s + j];
                float dhv = dh[dhOff + s + j];
                float dct = dc[dcOff + s + j] + dhv * o * act.derivativeFromOutput(ca);
                dz[d + j] = dct * gg * recAct.derivativeFromOutput(i);
                dz[d + hu + j] = dct * cPrev[cPrevOff + s + j] * recAct.derivativeFromOutput(f);
                dz[d + 2 * hu + j] = dct * i * act.derivativeFromOutput(gg);
                dz[d + 3 * hu + j] = dhv * ca * recAct.derivativeFromOutput(o);
                dc[dcOff + s + j] = dct * f;
            }
        }
    }

    @Override
    public void gruForward(Activation act, Activation recAct, int rows, int units,
                           float[] xp, int xpOff, float[] rp, int rpOff, float[] bias,
                           float[] hPrev, int hPrevOff,
                           float[] gates, int gOff, float[] hh, int hhOff, float[] h, int hOff) {
        int hu = units, g3 = 3 * units;
        for (int r = 0; r < rows; r++) {
            int x = xpOff + r * g3, q = rpOff + r * g3, g = gOff + r * g3, s = r * hu;
            for (int j = 0; j < hu; j++) {
                float z = recAct.apply(xp[x + j] + bias[j] + rp[q + j] + bias[g3 + j]);
                float rr = recAct.apply(xp[x + hu + j] + bias[hu + j] + rp[q + hu + j] + bias[g3 + hu + j]);
                float hhv = rp[q + 2 * hu + j] + bias[g3 + 2 * hu + j];
                float nn = act.apply(xp[x + 2 * hu + j] + bias[2 * hu + j] + rr * hhv);
                gates[g + j] = z;
                gates[g + hu + j] = rr;
                gates[g + 2 * hu + j] = nn;
                hh[hhOff + s + j] = hhv;
                h[hOff + s + j] = z * hPrev[hPrevOff + s + j] + (1f - z) * nn;
            }
        }
    }

    @Override
    public void gruBackward(Activation act, Activation recAct, int rows, int units,
                            float[] gates, int gOff, float[] hh, int hhOff, float[] hPrev, int hPrevOff,
                            float[] dh, int dhOff,
                            float[] dxp, int dxpOff, float[] drp, int drpOff, float[] dhPrev, int dhPrevOff) {
        int hu = units, g3 = 3 * units;
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g3, dx = dxpOff + r * g3, dr = drpOff + r * g3, s = r * hu;
            for (int j = 0; j < hu; j++) {
                float z = gates[g + j], rr = gates[g + hu + j], nn = gates[g + 2 * hu + j];
                float dhv = dh[dhOff + s + j];
                float dzz = dhv * (hPrev[hPrevOff + s + j] - nn) * recAct.derivativeFromOutput(z);
                float dn = dhv * (1f - z) * act.derivativeFromOutput(nn);
                float dzr = dn * hh[hhOff + s + j] * recAct.derivativeFromOutput(rr);
                dxp[dx + j] = dzz;
                dxp[dx + hu + j] = dzr;
                dxp[dx + 2 * hu + j] = dn;
                drp[dr + j] = dzz;
                drp[dr + hu + j] = dzr;
                drp[dr + 2 * hu + j] = dn * rr;
                dhPrev[dhPrevOff + s + j] = dhv * z;
            }
        }
    }

    @Override
    public void peepholeLstmForward(Activation act, Activation recAct, int rows, int units,
                                    float[] xp, int xpOff, float[] rp, int rpOff, float[] bias, float[] peephole,
                                    float[] cPrev, int cPrevOff,
                                    float[] gates, int gOff, float[] c, int cOff, float[] cAct, int caOff,
                                    float[] h, int hOff) {
        ScalarVariantGates.peepholeLstmForward(act, recAct, rows, units, xp, xpOff, rp, rpOff, bias, peephole,
                cPrev, cPrevOff, gates, gOff, c, cOff, cAct, caOff, h, hOff);
    }

    @Override
    public void peepholeLstmBackward(Activation act, Activation recAct, int rows, int units, float[] peephole,
                                     float[] gates, int gOff, float[] cAct, int caOff, float[] cPrev, int cPrevOff,
                                     float[] dh, int dhOff, float[] dc, int dcOff, float[] dz, int dzOff) {
        ScalarVariantGates.peepholeLstmBackward(act, recAct, rows, units, peephole, gates, gOff, cAct, caOff,
                cPrev, cPrevOff, dh, dhOff, dc, dcOff, dz, dzOff);
    }

    @Override
    public void cifgLstmForward(Activation act, Activation recAct, int rows, int units,
                                float[] xp, int xpOff, float[] rp, int rpOff, float[] bias,
                                float[] cPrev, int cPrevOff,
                                float[] gates, int gOff, float[] c, int cOff, float[] cAct, int caOff,
                                float[] h, int hOff) {
        ScalarVariantGates.cifgLstmForward(act, recAct, rows, units, xp, xpOff, rp, rpOff, bias,
                cPrev, cPrevOff, gates, gOff, c, cOff, cAct, caOff, h, hOff);
    }

    @Override
    public void cifgLstmBackward(Activation act, Activation recAct, int rows, int units,
                                 float[] gates, int gOff, float[] cAct, int caOff, float[] cPrev, int cPrevOff,
                                 float[] dh, int dhOff, float[] dc, int dcOff, float[] dz, int dzOff) {
        ScalarVariantGates.cifgLstmBackward(act, recAct, rows, units, gates, gOff, cAct, caOff, cPrev, cPrevOff,
                dh, dhOff, dc, dcOff, dz, dzOff);
    }

    @Override
    public void gruResetBeforeForward(Activation act, Activation recAct, int rows, int units,
                                      float[] xp, int xpOff, float[] rp, int rpOff, float[] bias,
                                      float[] recurrentKernel,
                                      float[] hPrev, int hPrevOff, float[] hDropped, int hdOff,
                                      float[] gates, int gOff, float[] rh, int rhOff, float[] h, int hOff) {
        ScalarVariantGates.gruResetBeforeForward(this, act, recAct, rows, units, xp, xpOff, rp, rpOff, bias,
                recurrentKernel, hPrev, hPrevOff, hDropped, hdOff, gates, gOff, rh, rhOff, h, hOff);
    }

    @Override
    public void gruResetBeforeBackward(Activation act, Activation recAct, int rows, int units,
                                       float[] recurrentKernelT,
                                       float[] gates, int gOff, float[] hPrev, int hPrevOff,
                                       float[] hDropped, int hdOff, float[] mask, int maskOff, float[] dh, int dhOff,
                                       float[] dxp, int dxpOff, float[] drp, int drpOff,
                                       float[] dhPrev, int dhPrevOff) {
        ScalarVariantGates.gruResetBeforeBackward(this, act, recAct, rows, units, recurrentKernelT, gates, gOff,
                hPrev, hPrevOff, hDropped, hdOff, mask, maskOff, dh, dhOff, dxp, dxpOff, drp, drpOff,
                dhPrev, dhPrevOff);
    }

    @Override
    public void rnnForward(Activation act, int rows, int units,
                           float[] xp, int xpOff, float[] rp, int rpOff, float[] bias, float[] h, int hOff) {
        for (int r = 0; r < rows; r++) {
            int s = r * units;
            for (int j = 0; j < units; j++) {
                h[hOff + s + j] = act.apply(xp[xpOff + s + j] + rp[rpOff + s + j] + bias[j]);
            }
        }
    }

    @Override
    public void rnnBackward(Activation act, int rows, int units,
                            float[] h, int hOff, float[] dh, int dhOff, float[] dz, int dzOff) {
        int len = rows * units;
        for (int e = 0; e < len; e++) {
            dz[dzOff + e] = dh[dhOff + e] * act.derivativeFromOutput(h[hOff + e]);
        }
    }

    @Override
    public void add(int len, float[] x, int xOff, float[] y, int yOff) {
        for (int e = 0; e < len; e++) {
            y[yOff + e] += x[xOff + e];
        }
    }

    @Override
    public void addColumnSums(int rows, int cols, float[] x, int xOff, float[] sums, int sumsOff) {
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols;
            for (int j = 0; j < cols; j++) {
                sums[sumsOff + j] += x[xr + j];
            }
        }
    }
}
