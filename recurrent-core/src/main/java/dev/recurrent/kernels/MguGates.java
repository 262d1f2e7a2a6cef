package dev.recurrent.kernels;

/**
 * The minimal gated unit's step (Zhou et al. 2016) in plain Java, for both kernel implementations
 * (the products go through the given kernels' GEMM). Gate order f, h; see {@link Kernels#mguForward}.
 */
final class MguGates {

    private MguGates() {
    }

    /** See {@link Kernels#mguForward}. */
    static void forward(Kernels k, Activation act, Activation recAct, int rows, int hu,
                        float[] xp, int xpOff, float[] rp, int rpOff, float[] bias, float[] u,
                        float[] hPrev, int hPrevOff, float[] hDropped, int hdOff,
                        float[] gates, int gOff, float[] fh, int fhOff, float[] h, int hOff) {
        int g2 = 2 * hu;
        for (int r = 0; r < rows; r++) {
            int x = xpOff + r * g2, q = rpOff + r * g2, g = gOff + r * g2, s = r * hu;
            for (int j = 0; j < hu; j++) {
                float f = recAct.apply(xp[x + j] + bias[j] + rp[q + j]);
                float xh = xp[x + hu + j] + bias[hu + j];
                gates[g + j] = f;
                gates[g + hu + j] = xh;
                fh[fhOff + s + j] = f * hDropped[hdOff + s + j];
            }
        }
        // the candidate's pre-activation += (f ⊙ h_{t-1}) · U_h
        k.gemm(false, false, rows, hu, hu, fh, fhOff, hu, u, hu, g2, true, gates, gOff + hu, g2);
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g2, s = r * hu;
            for (int j = 0; j < hu; j++) {
                float n = act.apply(gates[g + hu + j]);
                float f = gates[g + j];
                gates[g + hu + j] = n;
                h[hOff + s + j] = (1f - f) * hPrev[hPrevOff + s + j] + f * n;
            }
        }
    }

    /** See {@link Kernels#mguBackward}. */
    static void backward(Kernels k, Activation act, Activation recAct, int rows, int hu, float[] uT,
                         float[] gates, int gOff, float[] hPrev, int hPrevOff, float[] hDropped, int hdOff,
                         float[] mask, int maskOff, float[] dh, int dhOff,
                         float[] dxp, int dxpOff, float[] drp, int drpOff, float[] dhPrev, int dhPrevOff) {
        int g2 = 2 * hu;
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g2, d = dxpOff + r * g2, q = drpOff + r * g2, s = r * hu;
            for (int j = 0; j < hu; j++) {
                float f = gates[g + j], n = gates[g + hu + j];
                float dhv = dh[dhOff + s + j];
                dxp[d + hu + j] = dhv * f * act.derivativeFromOutput(n);
                drp[q + hu + j] = 0f;
                dhPrev[dhPrevOff + s + j] = dhv * (1f - f);
            }
        }
        // da = dn · U_hᵀ (a = f ⊙ h_{t-1}), held in the f block of dxp until df replaces it
        k.gemm(false, false, rows, hu, hu, dxp, dxpOff + hu, g2, uT, hu * hu, hu, false, dxp, dxpOff, g2);
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g2, d = dxpOff + r * g2, q = drpOff + r * g2, s = r * hu;
            for (int m = 0; m < hu; m++) {
                float da = dxp[d + m];
                float f = gates[g + m], n = gates[g + hu + m];
                float hd = hDropped[hdOff + s + m];
                float df = (dh[dhOff + s + m] * (n - hPrev[hPrevOff + s + m]) + da * hd) * recAct.derivativeFromOutput(f);
                dxp[d + m] = df;
                drp[q + m] = df;
                float dhd = da * f;
                dhPrev[dhPrevOff + s + m] += mask != null ? dhd * mask[maskOff + s + m] : dhd;
            }
        }
    }
}
