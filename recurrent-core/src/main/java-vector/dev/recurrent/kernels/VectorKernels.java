package dev.recurrent.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API twin of {@link ScalarKernels}, held equal to it by {@code VectorKernelsEquivalenceTest}.
 * Loaded by name by {@link KernelsProvider} only when {@code jdk.incubator.vector} is readable.
 *
 * <p>The GEMM is {@link VectorGemm} (packed panels and an MR×2-vector micro-kernel blocked for the machine, or a
 * packing-free path for small products); the gate math is {@link VectorGates} and, for the cell
 * variants, {@link VectorVariantGates}, {@link VectorMguGates} and {@link VectorLayerNormGates}. The lane count is
 * the platform's preferred species, fixed once.
 */
public final class VectorKernels implements Kernels {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    static {
        Recompile.watch(Parallel.workers());
    }

    private final VectorGemm gemm = new VectorGemm();

    /** Used by {@link KernelsProvider}, by name. */
    public VectorKernels() {
    }

    @Override
    public String name() {
        return "vector(" + SPECIES.vectorBitSize() + "-bit)";
    }

    @Override
    public String blocking() {
        return VectorMicroKernel.BLOCKING.describe();
    }

    @Override
    public int recompilations() {
        return Recompile.requests();
    }

    @Override
    public boolean boxingSeen() {
        return Recompile.boxingSeen();
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     boolean accumulate, float[] c, int cOff, int ldc) {
        gemm.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc);
    }

    @Override
    public PackedMatrix pack(float[] b, int bOff, int ldb, int k, int n, PackedMatrix into) {
        PackedMatrix p = into != null ? into : new PackedMatrix();
        p.setSource(b, bOff, ldb, k, n);
        gemm.pack(p);
        return p;
    }

    @Override
    public void gemmPacked(int m, int n, int k, float[] a, int aOff, int lda, PackedMatrix b,
                           boolean accumulate, float[] c, int cOff, int ldc) {
        b.check(m, n, k);
        gemm.gemmPacked(m, n, k, a, aOff, lda, b, accumulate, c, cOff, ldc);
    }

    @Override
    public void lstmForward(Activation act, Activation recAct, int rows, int units,
                            float[] xp, int xpOff, float[] rp, int rpOff, float[] bias,
                            float[] cPrev, int cPrevOff,
                            float[] gates, int gOff, float[] c, int cOff, float[] cAct, int caOff,
                            float[] h, int hOff) {
        VectorGates.lstmForward(act, recAct, rows, units, xp, xpOff, rp, rpOff, bias, cPrev, cPrevOff,
                gates, gOff, c, cOff, cAct, caOff, h, hOff);
    }

    @Override
    public void lstmBackward(Activation act, Activation recAct, int rows, int units,
                             float[] gates, int gOff, float[] cAct, int caOff, float[] cPrev, int cPrevOff,
                             float[] dh, int dhOff, float[] dc, int dcOff, float[] dz, int dzOff) {
        VectorGates.lstmBackward(act, recAct, rows, units, gates, gOff, cAct, caOff, cPrev, cPrevOff,
                dh, dhOff, dc, dcOff, dz, dzOff);
    }

    @Override
    public void gruForward(Activation act, Activation recAct, int rows, int units,
                           float[] xp, int xpOff, float[] rp, int rpOff, float[] bias,
                           float[] hPrev, int hPrevOff,
                           float[] gates, int gOff, float[] hh, int hhOff, float[] h, int hOff) {
        VectorGates.gruForward(act, recAct, rows, units, xp, xpOff, rp, rpOff, bias, hPrev, hPrevOff,
                gates, gOff, hh, hhOff, h, hOff);
    }

    @Override
    public void gruBackward(Activation act, Activation recAct, int rows, int units,
                            float[] gates, int gOff, float[] hh, int hhOff, float[] hPrev, int hPrevOff,
                            float[] dh, int dhOff,
                            float[] dxp, int dxpOff, float[] drp, int drpOff, float[] dhPrev, int dhPrevOff) {
        VectorGates.gruBackward(act, recAct, rows, units, gates, gOff, hh, hhOff, hPrev, hPrevOff,
                dh, dhOff, dxp, dxpOff, drp, drpOff, dhPrev, dhPrevOff);
    }

    @Override
    public void peepholeLstmForward(Activation act, Activation recAct, int rows, int units,
                                    float[] xp, int xpOff, float[] rp, int rpOff, float[] bias, float[] peephole,
                                    float[] cPrev, int cPrevOff,
                                    float[] gates, int gOff, float[] c, int cOff, float[] cAct, int caOff,
                                    float[] h, int hOff) {
        VectorVariantGates.peepholeLstmForward(act, recAct, rows, units, xp, xpOff, rp, rpOff, bias, peephole,
                cPrev, cPrevOff, gates, gOff, c, cOff, cAct, caOff, h, hOff);
    }

    @Override
    public void peepholeLstmBackward(Activation act, Activation recAct, int rows, int units, float[] peephole,
                                     float[] gates, int gOff, float[] cAct, int caOff, float[] cPrev, int cPrevOff,
                                     float[] dh, int dhOff, float[] dc, int dcOff, float[] dz, int dzOff) {
        VectorVariantGates.peepholeLstmBackward(act, recAct, rows, units, peephole, gates, gOff, cAct, caOff,
                cPrev, cPrevOff, dh, dhOff, dc, dcOff, dz, dzOff);
    }

    @Override
    public void cifgLstmForward(Activation act, Activation recAct, int rows, int units,
                                float[] xp, int xpOff, float[] rp, int rpOff, float[] bias,
                                float[] cPrev, int cPrevOff,
                                float[] gates, int gOff, float[] c, int cOff, float[] cAct, int caOff,
                                float[] h, int hOff) {
        VectorVariantGates.cifgLstmForward(act, recAct, rows, units, xp, xpOff, rp, rpOff, bias,
                cPrev, cPrevOff, gates, gOff, c, cOff, cAct, caOff, h, hOff);
    }

    @Override
    public void cifgLstmBackward(Activation act, Activation recAct, int rows, int units,
                                 float[] gates, int gOff, float[] cAct, int caOff, float[] cPrev, int cPrevOff,
                                 float[] dh, int dhOff, float[] dc, int dcOff, float[] dz, int dzOff) {
        VectorVariantGates.cifgLstmBackward(act, recAct, rows, units, gates, gOff, cAct, caOff, cPrev, cPrevOff,
                dh, dhOff, dc, dcOff, dz, dzOff);
    }

    @Override
    public void gruResetBeforeForward(Activation act, Activation recAct, int rows, int units,
                                      float[] xp, int xpOff, float[] rp, int rpOff, float[] bias,
                                      float[] recurrentKernel,
                                      float[] hPrev, int hPrevOff, float[] hDropped, int hdOff,
                                      float[] gates, int gOff, float[] rh, int rhOff, float[] h, int hOff) {
        VectorVariantGates.gruResetBeforeForward(this, act, recAct, rows, units, xp, xpOff, rp, rpOff, bias,
                recurrentKernel, hPrev, hPrevOff, hDropped, hdOff, gates, gOff, rh, rhOff, h, hOff);
    }

    @Override
    public void gruResetBeforeBackward(Activation act, Activation recAct, int rows, int units,
                                       float[] recurrentKernelT,
                                       float[] gates, int gOff, float[] hPrev, int hPrevOff,
                                       float[] hDropped, int hdOff, float[] mask, int maskOff, float[] dh, int dhOff,
                                       float[] dxp, int dxpOff, float[] drp, int drpOff,
                                       float[] dhPrev, int dhPrevOff) {
        VectorVariantGates.gruResetBeforeBackward(this, act, recAct, rows, units, recurrentKernelT, gates, gOff,
                hPrev, hPrevOff, hDropped, hdOff, mask, maskOff, dh, dhOff, dxp, dxpOff, drp, drpOff,
                dhPrev, dhPrevOff);
    }

    @Override
    public void mguForward(Activation act, Activation recAct, int rows, int units,
                           float[] xp, int xpOff, float[] rp, int rpOff, float[] bias, float[] recurrentKernel,
                           float[] hPrev, int hPrevOff, float[] hDropped, int hdOff,
                           float[] gates, int gOff, float[] fh, int fhOff, float[] h, int hOff) {
        VectorMguGates.mguForward(this, act, recAct, rows, units, xp, xpOff, rp, rpOff, bias, recurrentKernel,
                hPrev, hPrevOff, hDropped, hdOff, gates, gOff, fh, fhOff, h, hOff);
    }

    @Override
    public void mguBackward(Activation act, Activation recAct, int rows, int units, float[] recurrentKernelT,
                            float[] gates, int gOff, float[] hPrev, int hPrevOff, float[] hDropped, int hdOff,
                            float[] mask, int maskOff, float[] dh, int dhOff,
                            float[] dxp, int dxpOff, float[] drp, int drpOff, float[] dhPrev, int dhPrevOff) {
        VectorMguGates.mguBackward(this, act, recAct, rows, units, recurrentKernelT, gates, gOff, hPrev, hPrevOff,
                hDropped, hdOff, mask, maskOff, dh, dhOff, dxp, dxpOff, drp, drpOff, dhPrev, dhPrevOff);
    }

    @Override
    public void layerNormLstmForward(Activation act, Activation recAct, int rows, int units, float epsilon, float[][] norms,
                                     float[] xp, int xpOff, float[] rp, int rpOff, float[] bias,
                                     float[] cPrev, int cPrevOff, float[] gates, int gOff, float[] c, int cOff,
                                     float[] cAct, int caOff, float[] h, int hOff, float[] stats, int sOff) {
        VectorLayerNormGates.lstmForward(act, recAct, rows, units, epsilon, norms, xp, xpOff, rp, rpOff, bias,
                cPrev, cPrevOff, gates, gOff, c, cOff, cAct, caOff, h, hOff, stats, sOff);
    }

    @Override
    public void layerNormLstmBackward(Activation act, Activation recAct, int rows, int units, float[][] norms,
                                      float[] gates, int gOff, float[] cAct, int caOff, float[] cPrev, int cPrevOff,
                                      float[] stats, int sOff, float[] dh, int dhOff, float[] dc, int dcOff,
                                      float[] dxp, int dxpOff, float[] drp, int drpOff, float[] dhPrev, int dhPrevOff,
                                      float[] dNorm, int dnOff) {
        VectorLayerNormGates.lstmBackward(act, recAct, rows, units, norms, gates, gOff, cAct, caOff, cPrev, cPrevOff,
                stats, sOff, dh, dhOff, dc, dcOff, dxp, dxpOff, drp, drpOff, dhPrev, dhPrevOff, dNorm, dnOff);
    }

    @Override
    public void layerNormGruForward(Activation act, Activation recAct, int rows, int units, float epsilon, float[][] norms,
                                    float[] xp, int xpOff, float[] rp, int rpOff, float[] bias,
                                    float[] hPrev, int hPrevOff, float[] gates, int gOff, float[] qh, int qhOff,
                                    float[] h, int hOff, float[] stats, int sOff) {
        VectorLayerNormGates.gruForward(act, recAct, rows, units, epsilon, norms, xp, xpOff, rp, rpOff, bias,
                hPrev, hPrevOff, gates, gOff, qh, qhOff, h, hOff, stats, sOff);
    }

    @Override
    public void layerNormGruBackward(Activation act, Activation recAct, int rows, int units, float[][] norms,
                                     float[] gates, int gOff, float[] qh, int qhOff, float[] hPrev, int hPrevOff,
                                     float[] stats, int sOff, float[] dh, int dhOff,
                                     float[] dxp, int dxpOff, float[] drp, int drpOff, float[] dhPrev, int dhPrevOff,
                                     float[] dNorm, int dnOff) {
        VectorLayerNormGates.gruBackward(act, recAct, rows, units, norms, gates, gOff, qh, qhOff, hPrev, hPrevOff,
                stats, sOff, dh, dhOff, dxp, dxpOff, drp, drpOff, dhPrev, dhPrevOff, dNorm, dnOff);
    }

    @Override
    public void addTransposedProductInOrder(int rows, int m, int n, float[] a, int aOff, int lda,
                                            float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        VectorOrderedProducts.addTransposedProduct(rows, m, n, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    }

    @Override
    public void rnnForward(Activation act, int rows, int units,
                           float[] xp, int xpOff, float[] rp, int rpOff, float[] bias, float[] h, int hOff) {
        VectorGates.rnnForward(act, rows, units, xp, xpOff, rp, rpOff, bias, h, hOff);
    }

    @Override
    public void rnnBackward(Activation act, int rows, int units,
                            float[] h, int hOff, float[] dh, int dhOff, float[] dz, int dzOff) {
        VectorGates.rnnBackward(act, rows, units, h, hOff, dh, dhOff, dz, dzOff);
    }

    @Override
    public void add(int len, float[] x, int xOff, float[] y, int yOff) {
        VectorGates.add(len, x, xOff, y, yOff);
    }

    @Override
    public void addColumnSums(int rows, int cols, float[] x, int xOff, float[] sums, int sumsOff) {
        VectorGates.addColumnSums(rows, cols, x, xOff, sums, sumsOff);
    }
}
