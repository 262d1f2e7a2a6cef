package dev.recurrent.kernels;

import static dev.recurrent.kernels.Exact.EXACT;
import static dev.recurrent.kernels.VectorActivations.applyInPlace;
import static dev.recurrent.kernels.VectorActivations.mulDerivativeInPlace;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The gate math of the cell variants (peephole and CIFG LSTM, reset-before GRU; the minimal gated
 * unit's is {@link VectorMguGates}) in stages, as {@link VectorGates} does the standard cells': sums, one activation pass per gate
 * block, then the cell update, each stage over every row before the next. Expressions are evaluated
 * in the order of {@link ScalarVariantGates} (no fma), so only the activations
 * and the GEMM differ from the reference.
 */
final class VectorVariantGates {

    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final int L = S.length();

    private VectorVariantGates() {
    }

    /** See {@link Kernels#peepholeLstmForward}. */
    static void peepholeLstmForward(Activation act, Activation recAct, int rows, int hu,
                                    float[] xp, int xpOff, float[] rp, int rpOff, float[] bias, float[] p,
                                    float[] cPrev, int cPrevOff,
                                    float[] gates, int gOff, float[] c, int cOff, float[] cAct, int caOff,
                                    float[] h, int hOff) {
        Recompile.check();
        int g4 = 4 * hu, g2 = 2 * hu, g3 = 3 * hu;
        int bound = S.loopBound(hu);
        // i, f: xp + rp + bias + p ⊙ cPrev;  c, o: xp + rp + bias (o's peephole comes with c)
        for (int r = 0; r < rows; r++) {
            int x = xpOff + r * g4, q = rpOff + r * g4, g = gOff + r * g4, cp = cPrevOff + r * hu, j = 0;
            for (; j < bound; j += L) {
                FloatVector cv = EXACT.cast(FloatVector.fromArray(S, cPrev, cp + j));
                EXACT.cast(FloatVector.fromArray(S, xp, x + j)).add(FloatVector.fromArray(S, rp, q + j))
                        .add(FloatVector.fromArray(S, bias, j)).add(EXACT.cast(FloatVector.fromArray(S, p, j)).mul(cv))
                        .intoArray(gates, g + j);
                EXACT.cast(FloatVector.fromArray(S, xp, x + hu + j)).add(FloatVector.fromArray(S, rp, q + hu + j))
                        .add(FloatVector.fromArray(S, bias, hu + j)).add(EXACT.cast(FloatVector.fromArray(S, p, hu + j)).mul(cv))
                        .intoArray(gates, g + hu + j);
                EXACT.cast(FloatVector.fromArray(S, xp, x + g2 + j)).add(FloatVector.fromArray(S, rp, q + g2 + j))
                        .add(FloatVector.fromArray(S, bias, g2 + j)).intoArray(gates, g + g2 + j);
                EXACT.cast(FloatVector.fromArray(S, xp, x + g3 + j)).add(FloatVector.fromArray(S, rp, q + g3 + j))
                        .add(FloatVector.fromArray(S, bias, g3 + j)).intoArray(gates, g + g3 + j);
            }
            for (; j < hu; j++) {
                float cv = cPrev[cp + j];
                gates[g + j] = xp[x + j] + rp[q + j] + bias[j] + p[j] * cv;
                gates[g + hu + j] = xp[x + hu + j] + rp[q + hu + j] + bias[hu + j] + p[hu + j] * cv;
                gates[g + g2 + j] = xp[x + g2 + j] + rp[q + g2 + j] + bias[g2 + j];
                gates[g + g3 + j] = xp[x + g3 + j] + rp[q + g3 + j] + bias[g3 + j];
            }
        }
        applyInPlace(recAct, gates, gOff, g2, rows, g4);
        applyInPlace(act, gates, gOff + g2, hu, rows, g4);
        // c = f ⊙ cPrev + i ⊙ g, copied to cAct;  o's pre-activation += p_o ⊙ c
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g4, s = r * hu, cs = cOff + s, ca = caOff + s, cp = cPrevOff + s, j = 0;
            for (; j < bound; j += L) {
                FloatVector cn = EXACT.cast(FloatVector.fromArray(S, gates, g + hu + j)).mul(FloatVector.fromArray(S, cPrev, cp + j))
                        .add(EXACT.cast(FloatVector.fromArray(S, gates, g + j)).mul(FloatVector.fromArray(S, gates, g + g2 + j)));
                cn.intoArray(c, cs + j);
                cn.intoArray(cAct, ca + j);
                EXACT.cast(FloatVector.fromArray(S, gates, g + g3 + j)).add(EXACT.cast(FloatVector.fromArray(S, p, g2 + j)).mul(cn))
                        .intoArray(gates, g + g3 + j);
            }
            for (; j < hu; j++) {
                float cn = gates[g + hu + j] * cPrev[cp + j] + gates[g + j] * gates[g + g2 + j];
                c[cs + j] = cn;
                cAct[ca + j] = cn;
                gates[g + g3 + j] = gates[g + g3 + j] + p[g2 + j] * cn;
            }
        }
        applyInPlace(recAct, gates, gOff + g3, hu, rows, g4);
        applyInPlace(act, cAct, caOff, hu, rows, hu);
        VectorGates.outputTimesCellActivation(rows, hu, g4, gates, gOff + g3, cAct, caOff, h, hOff);
    }

    /** See {@link Kernels#peepholeLstmBackward}. */
    static void peepholeLstmBackward(Activation act, Activation recAct, int rows, int hu, float[] p,
                                     float[] gates, int gOff, float[] cAct, int caOff, float[] cPrev, int cPrevOff,
                                     float[] dh, int dhOff, float[] dc, int dcOff, float[] dz, int dzOff) {
        Recompile.check();
        int g4 = 4 * hu, g2 = 2 * hu, g3 = 3 * hu;
        int bound = S.loopBound(hu);
        // dz_o = dh ⊙ cAct (⊙ σ'(o) below); dz_c holds dh ⊙ o (⊙ act'(cAct) below) for a moment
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g4, d = dzOff + r * g4, s = r * hu, dhs = dhOff + s, ca = caOff + s, j = 0;
            for (; j < bound; j += L) {
                FloatVector dhv = EXACT.cast(FloatVector.fromArray(S, dh, dhs + j));
                dhv.mul(FloatVector.fromArray(S, cAct, ca + j)).intoArray(dz, d + g3 + j);
                dhv.mul(FloatVector.fromArray(S, gates, g + g3 + j)).intoArray(dz, d + g2 + j);
            }
            for (; j < hu; j++) {
                dz[d + g3 + j] = dh[dhs + j] * cAct[ca + j];
                dz[d + g2 + j] = dh[dhs + j] * gates[g + g3 + j];
            }
        }
        mulDerivativeInPlace(recAct, gates, gOff + g3, g4, dz, dzOff + g3, g4, hu, rows);
        mulDerivativeInPlace(act, cAct, caOff, hu, dz, dzOff + g2, g4, hu, rows);
        // dct = dc + that + dz_o ⊙ p_o; dz before the gate derivatives; dc = dct ⊙ f for now
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g4, d = dzOff + r * g4, s = r * hu, dcs = dcOff + s, cp = cPrevOff + s, j = 0;
            for (; j < bound; j += L) {
                FloatVector dct = EXACT.cast(FloatVector.fromArray(S, dc, dcs + j)).add(FloatVector.fromArray(S, dz, d + g2 + j))
                        .add(EXACT.cast(FloatVector.fromArray(S, dz, d + g3 + j)).mul(FloatVector.fromArray(S, p, g2 + j)));
                dct.mul(FloatVector.fromArray(S, gates, g + g2 + j)).intoArray(dz, d + j);
                dct.mul(FloatVector.fromArray(S, cPrev, cp + j)).intoArray(dz, d + hu + j);
                dct.mul(FloatVector.fromArray(S, gates, g + j)).intoArray(dz, d + g2 + j);
                dct.mul(FloatVector.fromArray(S, gates, g + hu + j)).intoArray(dc, dcs + j);
            }
            for (; j < hu; j++) {
                float dct = dc[dcs + j] + dz[d + g2 + j] + dz[d + g3 + j] * p[g2 + j];
                dz[d + j] = dct * gates[g + g2 + j];
                dz[d + hu + j] = dct * cPrev[cp + j];
                dz[d + g2 + j] = dct * gates[g + j];
                dc[dcs + j] = dct * gates[g + hu + j];
            }
        }
        mulDerivativeInPlace(recAct, gates, gOff, g4, dz, dzOff, g4, g2, rows);
        mulDerivativeInPlace(act, gates, gOff + g2, g4, dz, dzOff + g2, g4, hu, rows);
        // dc += dz_i ⊙ p_i + dz_f ⊙ p_f
        for (int r = 0; r < rows; r++) {
            int d = dzOff + r * g4, dcs = dcOff + r * hu, j = 0;
            for (; j < bound; j += L) {
                EXACT.cast(FloatVector.fromArray(S, dc, dcs + j))
                        .add(EXACT.cast(FloatVector.fromArray(S, dz, d + j)).mul(FloatVector.fromArray(S, p, j)))
                        .add(EXACT.cast(FloatVector.fromArray(S, dz, d + hu + j)).mul(FloatVector.fromArray(S, p, hu + j)))
                        .intoArray(dc, dcs + j);
            }
            for (; j < hu; j++) {
                dc[dcs + j] = dc[dcs + j] + dz[d + j] * p[j] + dz[d + hu + j] * p[hu + j];
            }
        }
    }

    /** See {@link Kernels#cifgLstmForward}. */
    static void cifgLstmForward(Activation act, Activation recAct, int rows, int hu,
                                float[] xp, int xpOff, float[] rp, int rpOff, float[] bias,
                                float[] cPrev, int cPrevOff,
                                float[] gates, int gOff, float[] c, int cOff, float[] cAct, int caOff,
                                float[] h, int hOff) {
        Recompile.check();
        int g3 = 3 * hu, g2 = 2 * hu;
        int bound = S.loopBound(hu);
        VectorGates.gateSums(rows, g3, xp, xpOff, rp, rpOff, bias, gates, gOff);
        applyInPlace(recAct, gates, gOff, hu, rows, g3);
        applyInPlace(act, gates, gOff + hu, hu, rows, g3);
        applyInPlace(recAct, gates, gOff + g2, hu, rows, g3);
        // c = f ⊙ cPrev + (1 − f) ⊙ g, copied to cAct
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g3, s = r * hu, cs = cOff + s, ca = caOff + s, cp = cPrevOff + s, j = 0;
            for (; j < bound; j += L) {
                FloatVector f = EXACT.cast(FloatVector.fromArray(S, gates, g + j));
                FloatVector cn = f.mul(FloatVector.fromArray(S, cPrev, cp + j))
                        .add(f.neg().add(1f).mul(FloatVector.fromArray(S, gates, g + hu + j)));
                cn.intoArray(c, cs + j);
                cn.intoArray(cAct, ca + j);
            }
            for (; j < hu; j++) {
                float f = gates[g + j];
                float cn = f * cPrev[cp + j] + (1f - f) * gates[g + hu + j];
                c[cs + j] = cn;
                cAct[ca + j] = cn;
            }
        }
        applyInPlace(act, cAct, caOff, hu, rows, hu);
        VectorGates.outputTimesCellActivation(rows, hu, g3, gates, gOff + g2, cAct, caOff, h, hOff);
    }

    /** See {@link Kernels#cifgLstmBackward}. */
    static void cifgLstmBackward(Activation act, Activation recAct, int rows, int hu,
                                 float[] gates, int gOff, float[] cAct, int caOff, float[] cPrev, int cPrevOff,
                                 float[] dh, int dhOff, float[] dc, int dcOff, float[] dz, int dzOff) {
        Recompile.check();
        int g3 = 3 * hu, g2 = 2 * hu;
        int bound = S.loopBound(hu);
        // dz_o holds dh ⊙ o ⊙ act'(cAct) for a moment
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g3, d2 = dzOff + r * g3 + g2, dhs = dhOff + r * hu, j = 0;
            for (; j < bound; j += L) {
                EXACT.cast(FloatVector.fromArray(S, dh, dhs + j)).mul(FloatVector.fromArray(S, gates, g + g2 + j)).intoArray(dz, d2 + j);
            }
            for (; j < hu; j++) {
                dz[d2 + j] = dh[dhs + j] * gates[g + g2 + j];
            }
        }
        mulDerivativeInPlace(act, cAct, caOff, hu, dz, dzOff + g2, g3, hu, rows);
        // dct = dc + that; dz before the gate derivatives; dc = dct ⊙ f
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g3, d = dzOff + r * g3, s = r * hu;
            int ca = caOff + s, dhs = dhOff + s, dcs = dcOff + s, cp = cPrevOff + s, j = 0;
            for (; j < bound; j += L) {
                FloatVector f = EXACT.cast(FloatVector.fromArray(S, gates, g + j)), gg = EXACT.cast(FloatVector.fromArray(S, gates, g + hu + j));
                FloatVector dct = EXACT.cast(FloatVector.fromArray(S, dc, dcs + j)).add(FloatVector.fromArray(S, dz, d + g2 + j));
                dct.mul(EXACT.cast(FloatVector.fromArray(S, cPrev, cp + j)).sub(gg)).intoArray(dz, d + j);
                dct.mul(f.neg().add(1f)).intoArray(dz, d + hu + j);
                EXACT.cast(FloatVector.fromArray(S, dh, dhs + j)).mul(FloatVector.fromArray(S, cAct, ca + j)).intoArray(dz, d + g2 + j);
                dct.mul(f).intoArray(dc, dcs + j);
            }
            for (; j < hu; j++) {
                float f = gates[g + j];
                float dct = dc[dcs + j] + dz[d + g2 + j];
                dz[d + j] = dct * (cPrev[cp + j] - gates[g + hu + j]);
                dz[d + hu + j] = dct * (1f - f);
                dz[d + g2 + j] = dh[dhs + j] * cAct[ca + j];
                dc[dcs + j] = dct * f;
            }
        }
        mulDerivativeInPlace(recAct, gates, gOff, g3, dz, dzOff, g3, hu, rows);
        mulDerivativeInPlace(act, gates, gOff + hu, g3, dz, dzOff + hu, g3, hu, rows);
        mulDerivativeInPlace(recAct, gates, gOff + g2, g3, dz, dzOff + g2, g3, hu, rows);
    }

    /** See {@link Kernels#gruResetBeforeForward}; the product rh · U_h is {@code k}'s GEMM. */
    static void gruResetBeforeForward(Kernels k, Activation act, Activation recAct, int rows, int hu,
                                      float[] xp, int xpOff, float[] rp, int rpOff, float[] bias, float[] u,
                                      float[] hPrev, int hPrevOff, float[] hDropped, int hdOff,
                                      float[] gates, int gOff, float[] rh, int rhOff, float[] h, int hOff) {
        Recompile.check();
        int g3 = 3 * hu, g2 = 2 * hu;
        int bound = S.loopBound(hu), bound2 = S.loopBound(g2);
        // z and r pre-activations: xp + b + rp;  n's: xp + b, the product added below
        for (int r = 0; r < rows; r++) {
            int x = xpOff + r * g3, q = rpOff + r * g3, g = gOff + r * g3, j = 0;
            for (; j < bound2; j += L) {
                EXACT.cast(FloatVector.fromArray(S, xp, x + j)).add(FloatVector.fromArray(S, bias, j))
                        .add(FloatVector.fromArray(S, rp, q + j)).intoArray(gates, g + j);
            }
            for (; j < g2; j++) {
                gates[g + j] = xp[x + j] + bias[j] + rp[q + j];
            }
            for (j = 0; j < bound; j += L) {
                EXACT.cast(FloatVector.fromArray(S, xp, x + g2 + j)).add(FloatVector.fromArray(S, bias, g2 + j))
                        .intoArray(gates, g + g2 + j);
            }
            for (; j < hu; j++) {
                gates[g + g2 + j] = xp[x + g2 + j] + bias[g2 + j];
            }
        }
        applyInPlace(recAct, gates, gOff, g2, rows, g3);
        // rh = r ⊙ hDropped
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g3, s = r * hu, rs = rhOff + s, hd = hdOff + s, j = 0;
            for (; j < bound; j += L) {
                EXACT.cast(FloatVector.fromArray(S, gates, g + hu + j)).mul(FloatVector.fromArray(S, hDropped, hd + j))
                        .intoArray(rh, rs + j);
            }
            for (; j < hu; j++) {
                rh[rs + j] = gates[g + hu + j] * hDropped[hd + j];
            }
        }
        k.gemm(false, false, rows, hu, hu, rh, rhOff, hu, u, g2, g3, true, gates, gOff + g2, g3);
        applyInPlace(act, gates, gOff + g2, hu, rows, g3);
        VectorGates.gruBlend(rows, hu, gates, gOff, hPrev, hPrevOff, h, hOff);
    }

    /** See {@link Kernels#gruResetBeforeBackward}; the product dn · U_hᵀ is {@code k}'s GEMM, U_hᵀ read from {@code uT}. */
    static void gruResetBeforeBackward(Kernels k, Activation act, Activation recAct, int rows, int hu, float[] uT,
                                       float[] gates, int gOff, float[] hPrev, int hPrevOff,
                                       float[] hDropped, int hdOff, float[] mask, int maskOff, float[] dh, int dhOff,
                                       float[] dxp, int dxpOff, float[] drp, int drpOff,
                                       float[] dhPrev, int dhPrevOff) {
        Recompile.check();
        int g3 = 3 * hu, g2 = 2 * hu;
        int bound = S.loopBound(hu);
        // dz = dh ⊙ (hPrev − n) ⊙ σ'(z);  dn = dh ⊙ (1 − z) ⊙ act'(n);  dhPrev = dh ⊙ z (dh is not read after)
        VectorGates.gruBlendBackward(rows, hu, gates, gOff, hPrev, hPrevOff, dh, dhOff, dxp, dxpOff, g3, dhPrev, dhPrevOff);
        mulDerivativeInPlace(recAct, gates, gOff, g3, dxp, dxpOff, g3, hu, rows);
        mulDerivativeInPlace(act, gates, gOff + g2, g3, dxp, dxpOff + g2, g3, hu, rows);
        // da = dn · U_hᵀ (a = rh), held in the r block of dxp until dr replaces it
        k.gemm(false, false, rows, hu, hu, dxp, dxpOff + g2, g3, uT, g2 * hu, hu, false, dxp, dxpOff + hu, g3);
        // dhPrev += (da ⊙ r) ⊙ mask;  dr = da ⊙ hDropped (⊙ σ'(r) below)
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g3, dx = dxpOff + r * g3, s = r * hu, hd = hdOff + s, dhp = dhPrevOff + s, j = 0;
            for (; j < bound; j += L) {
                FloatVector da = EXACT.cast(FloatVector.fromArray(S, dxp, dx + hu + j));
                FloatVector dhd = da.mul(FloatVector.fromArray(S, gates, g + hu + j));
                if (mask != null) {
                    dhd = dhd.mul(FloatVector.fromArray(S, mask, maskOff + s + j));
                }
                EXACT.cast(FloatVector.fromArray(S, dhPrev, dhp + j)).add(dhd).intoArray(dhPrev, dhp + j);
                da.mul(FloatVector.fromArray(S, hDropped, hd + j)).intoArray(dxp, dx + hu + j);
            }
            for (; j < hu; j++) {
                float da = dxp[dx + hu + j];
                float dhd = da * gates[g + hu + j];
                dhPrev[dhp + j] += mask != null ? dhd * mask[maskOff + s + j] : dhd;
                dxp[dx + hu + j] = da * hDropped[hd + j];
            }
        }
        mulDerivativeInPlace(recAct, gates, gOff + hu, g3, dxp, dxpOff + hu, g3, hu, rows);
        // drp = [dz, dr, 0]
        for (int r = 0; r < rows; r++) {
            int dx = dxpOff + r * g3, dr = drpOff + r * g3;
            System.arraycopy(dxp, dx, drp, dr, g2);
            java.util.Arrays.fill(drp, dr + g2, dr + g3, 0f);
        }
    }
}
