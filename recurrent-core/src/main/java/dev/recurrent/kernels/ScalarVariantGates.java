package dev.recurrent.kernels;

/**
 * The gate math of the cell variants in plain Java, for {@link ScalarKernels}: each expression is
 * evaluated as the variant cells always have, operation for operation, so results are unchanged bit
 * for bit. The reset-before GRU's products go through the kernels' GEMM, which adds each element's
 * products in the order the loops did.
 */
final class ScalarVariantGates {

    private ScalarVariantGates() {
    }

    /** See {@link Kernels#peepholeLstmForward}. */
    static void peepholeLstmForward(Activation act, Activation recAct, int rows, int hu,
                                    float[] xp, int xpOff, float[] rp, int rpOff, float[] bias, float[] p,
                                    float[] cPrev, int cPrevOff,
                                    float[] gates, int gOff, float[] c, int cOff, float[] cAct, int caOff,
                                    float[] h, int hOff) {
        int g4 = 4 * hu;
        for (int r = 0; r < rows; r++) {
            int x = xpOff + r * g4, q = rpOff + r * g4, g = gOff + r * g4, s = r * hu;
            for (int j = 0; j < hu; j++) {
                float cp = cPrev[cPrevOff + s + j];
                float i = recAct.apply(xp[x + j] + rp[q + j] + bias[j] + p[j] * cp);
                float f = recAct.apply(xp[x + hu + j] + rp[q + hu + j] + bias[hu + j] + p[hu + j] * cp);
                float gg = act.apply(xp[x + 2 * hu + j] + rp[q + 2 * hu + j] + bias[2 * hu + j]);
                float cn = f * cp + i * gg;
                float o = recAct.apply(xp[x + 3 * hu + j] + rp[q + 3 * hu + j] + bias[3 * hu + j] + p[2 * hu + j] * cn);
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

    /** See {@link Kernels#peepholeLstmBackward}. */
    static void peepholeLstmBackward(Activation act, Activation recAct, int rows, int hu, float[] p,
                                     float[] gates, int gOff, float[] cAct, int caOff, float[] cPrev, int cPrevOff,
                                     float[] dh, int dhOff, float[] dc, int dcOff, float[] dz, int dzOff) {
        int g4 = 4 * hu;
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g4, d = dzOff + r * g4, s = r * hu;
            for (int j = 0; j < hu; j++) {
                float i = gates[g + j], f = gates[g + hu + j], gg = gates[g + 2 * hu + j], o = gates[g + 3 * hu + j];
                float ca = cAct[caOff + s + j];
                float dhv = dh[dhOff + s + j];
                float dzo = dhv * ca * recAct.derivativeFromOutput(o);
                float dct = dc[dcOff + s + j] + dhv * o * act.derivativeFromOutput(ca) + dzo * p[2 * hu + j];
                float cp = cPrev[cPrevOff + s + j];
                float dzi = dct * gg * recAct.derivativeFromOutput(i);
                float dzf = dct * cp * recAct.derivativeFromOutput(f);
                dz[d + j] = dzi;
                dz[d + hu + j] = dzf;
                dz[d + 2 * hu + j] = dct * i * act.derivativeFromOutput(gg);
                dz[d + 3 * hu + j] = dzo;
                dc[dcOff + s + j] = dct * f + dzi * p[j] + dzf * p[hu + j];
            }
        }
    }

    /** See {@link Kernels#cifgLstmForward}. */
    static void cifgLstmForward(Activation act, Activation recAct, int rows, int hu,
                                float[] xp, int xpOff, float[] rp, int rpOff, float[] bias,
                                float[] cPrev, int cPrevOff,
                                float[] gates, int gOff, float[] c, int cOff, float[] cAct, int caOff,
                                float[] h, int hOff) {
        int g3 = 3 * hu;
        for (int r = 0; r < rows; r++) {
            int x = xpOff + r * g3, q = rpOff + r * g3, g = gOff + r * g3, s = r * hu;
            for (int j = 0; j < hu; j++) {
                float f = recAct.apply(xp[x + j] + rp[q + j] + bias[j]);
                float gg = act.apply(xp[x + hu + j] + rp[q + hu + j] + bias[hu + j]);
                float o = recAct.apply(xp[x + 2 * hu + j] + rp[q + 2 * hu + j] + bias[2 * hu + j]);
                float cn = f * cPrev[cPrevOff + s + j] + (1f - f) * gg;
                float ca = act.apply(cn);
                gates[g + j] = f;
                gates[g + hu + j] = gg;
                gates[g + 2 * hu + j] = o;
                c[cOff + s + j] = cn;
                cAct[caOff + s + j] = ca;
                h[hOff + s + j] = o * ca;
            }
        }
    }

    /** See {@link Kernels#cifgLstmBackward}. */
    static void cifgLstmBackward(Activation act, Activation recAct, int rows, int hu,
                                 float[] gates, int gOff, float[] cAct, int caOff, float[] cPrev, int cPrevOff,
                                 float[] dh, int dhOff, float[] dc, int dcOff, float[] dz, int dzOff) {
        int g3 = 3 * hu;
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g3, d = dzOff + r * g3, s = r * hu;
            for (int j = 0; j < hu; j++) {
                float f = gates[g + j], gg = gates[g + hu + j], o = gates[g + 2 * hu + j];
                float ca = cAct[caOff + s + j];
                float dhv = dh[dhOff + s + j];
                float dct = dc[dcOff + s + j] + dhv * o * act.derivativeFromOutput(ca);
                dz[d + j] = dct * (cPrev[cPrevOff + s + j] - gg) * recAct.derivativeFromOutput(f);
                dz[d + hu + j] = dct * (1f - f) * act.derivativeFromOutput(gg);
                dz[d + 2 * hu + j] = dhv * ca * recAct.derivativeFromOutput(o);
                dc[dcOff + s + j] = dct * f;
            }
        }
    }

    /** See {@link Kernels#gruResetBeforeForward}; the product rh · U_h is {@code k}'s GEMM. */
    static void gruResetBeforeForward(Kernels k, Activation act, Activation recAct, int rows, int hu,
                                      float[] xp, int xpOff, float[] rp, int rpOff, float[] bias, float[] u,
                                      float[] hPrev, int hPrevOff, float[] hDropped, int hdOff,
                                      float[] gates, int gOff, float[] rh, int rhOff, float[] h, int hOff) {
        int g3 = 3 * hu, g2 = 2 * hu;
        for (int r = 0; r < rows; r++) {
            int x = xpOff + r * g3, q = rpOff + r * g3, g = gOff + r * g3, s = r * hu;
            for (int j = 0; j < hu; j++) {
                float z = recAct.apply(xp[x + j] + bias[j] + rp[q + j]);
                float rr = recAct.apply(xp[x + hu + j] + bias[hu + j] + rp[q + hu + j]);
                float xh = xp[x + g2 + j] + bias[g2 + j];
                gates[g + j] = z;
                gates[g + hu + j] = rr;
                gates[g + g2 + j] = xh;
                rh[rhOff + s + j] = rr * hDropped[hdOff + s + j];
            }
        }
        // n's pre-activation += rh · U_h, each element's products added in the order m = 0, 1, ..., H−1
        k.gemm(false, false, rows, hu, hu, rh, rhOff, hu, u, g2, g3, true, gates, gOff + g2, g3);
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g3, s = r * hu;
            for (int j = 0; j < hu; j++) {
                float nn = act.apply(gates[g + g2 + j]);
                float z = gates[g + j];
                gates[g + g2 + j] = nn;
                h[hOff + s + j] = z * hPrev[hPrevOff + s + j] + (1f - z) * nn;
            }
        }
    }

    /** See {@link Kernels#gruResetBeforeBackward}; the product dn · U_hᵀ is {@code k}'s GEMM, U_hᵀ read from {@code uT}. */
    static void gruResetBeforeBackward(Kernels k, Activation act, Activation recAct, int rows, int hu, float[] uT,
                                       float[] gates, int gOff, float[] hPrev, int hPrevOff,
                                       float[] hDropped, int hdOff, float[] mask, int maskOff, float[] dh, int dhOff,
                                       float[] dxp, int dxpOff, float[] drp, int drpOff,
                                       float[] dhPrev, int dhPrevOff) {
        int g3 = 3 * hu, g2 = 2 * hu;
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g3, d = dxpOff + r * g3, q = drpOff + r * g3, s = r * hu;
            for (int j = 0; j < hu; j++) {
                float z = gates[g + j], nn = gates[g + g2 + j];
                float dhv = dh[dhOff + s + j];
                float dzz = dhv * (hPrev[hPrevOff + s + j] - nn) * recAct.derivativeFromOutput(z);
                dxp[d + j] = dzz;
                drp[q + j] = dzz;
                float dn = dhv * (1f - z) * act.derivativeFromOutput(nn);
                dxp[d + g2 + j] = dn;
                drp[q + g2 + j] = 0f;
                dhPrev[dhPrevOff + s + j] = dhv * z;
            }
        }
        // da = dn · U_hᵀ (a = rh), held in the r block of dxp until dr replaces it
        k.gemm(false, false, rows, hu, hu, dxp, dxpOff + g2, g3, uT, g2 * hu, hu, false, dxp, dxpOff + hu, g3);
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g3, d = dxpOff + r * g3, q = drpOff + r * g3, s = r * hu;
            for (int m = 0; m < hu; m++) {
                float da = dxp[d + hu + m];
                float rr = gates[g + hu + m];
                float dr = da * hDropped[hdOff + s + m] * recAct.derivativeFromOutput(rr);
                dxp[d + hu + m] = dr;
                drp[q + hu + m] = dr;
                float dhd = da * rr;
                dhPrev[dhPrevOff + s + m] += mask != null ? dhd * mask[maskOff + s + m] : dhd;
            }
        }
    }
}
