package dev.recurrent.kernels;

/**
 * The steps of the layer-normalised LSTM and GRU in plain Java, for both kernel implementations.
 * Normalisation is Keras' {@code LayerNormalization}: over a row's values, mean and (biased) variance,
 * {@code x̂ = (x − mean) / sqrt(var + ε)}, then {@code γ ⊙ x̂ + β}. See
 * {@link Kernels#layerNormLstmForward} and {@link Kernels#layerNormGruForward} for the equations
 * and the layout of the caches.
 */
final class LayerNormGates {

    private LayerNormGates() {
    }

    /** Normalises v[off, off + n) into xhat[xo, xo + n); returns 1 / sqrt(var + ε). */
    static float normalize(float[] v, int off, int n, float eps, float[] xhat, int xo) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += v[off + i];
        }
        double mean = sum / n, sq = 0;
        for (int i = 0; i < n; i++) {
            double d = v[off + i] - mean;
            sq += d * d;
        }
        float rstd = (float) (1.0 / Math.sqrt(sq / n + eps));
        float m = (float) mean;
        for (int i = 0; i < n; i++) {
            xhat[xo + i] = (v[off + i] - m) * rstd;
        }
        return rstd;
    }

    /**
     * The gradient reaching the normalised values' input, from the gradient dy of {@code γ ⊙ x̂ + β}:
     * {@code dx = rstd · (g − mean(g) − x̂ · mean(g ⊙ x̂))} with {@code g = dy ⊙ γ}.
     */
    static void normalizeBackward(float[] dy, int dyOff, float[] gamma, int gammaOff, float[] xhat, int xo,
                                  float rstd, int n, float[] dx, int dxOff) {
        double m1 = 0, m2 = 0;
        for (int i = 0; i < n; i++) {
            double gi = (double) dy[dyOff + i] * gamma[gammaOff + i];
            m1 += gi;
            m2 += gi * xhat[xo + i];
        }
        float a = (float) (m1 / n), b = (float) (m2 / n);
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = rstd * (dy[dyOff + i] * gamma[gammaOff + i] - a - xhat[xo + i] * b);
        }
    }

    /** See {@link Kernels#layerNormLstmForward}. */
    static void lstmForward(Activation act, Activation recAct, int rows, int hu, float eps, float[][] norms,
                            float[] xp, int xpOff, float[] rp, int rpOff, float[] bias,
                            float[] cPrev, int cPrevOff, float[] gates, int gOff, float[] c, int cOff,
                            float[] cAct, int caOff, float[] h, int hOff, float[] stats, int sOff) {
        int g4 = 4 * hu, stride = 9 * hu + 3;
        float[] kg = norms[0], kb = norms[1], rg = norms[2], rb = norms[3], cg = norms[4], cb = norms[5];
        for (int r = 0; r < rows; r++) {
            int x = xpOff + r * g4, q = rpOff + r * g4, g = gOff + r * g4, st = sOff + r * stride, s = r * hu;
            // the projections are normalised before the gates are written over the input projection
            stats[st + 9 * hu] = normalize(xp, x, g4, eps, stats, st);
            stats[st + 9 * hu + 1] = normalize(rp, q, g4, eps, stats, st + g4);
            for (int j = 0; j < hu; j++) {
                float i = recAct.apply(pre(stats, st, g4, kg, kb, rg, rb, bias, j));
                float f = recAct.apply(pre(stats, st, g4, kg, kb, rg, rb, bias, hu + j));
                float gg = act.apply(pre(stats, st, g4, kg, kb, rg, rb, bias, 2 * hu + j));
                float o = recAct.apply(pre(stats, st, g4, kg, kb, rg, rb, bias, 3 * hu + j));
                gates[g + j] = i;
                gates[g + hu + j] = f;
                gates[g + 2 * hu + j] = gg;
                gates[g + 3 * hu + j] = o;
                c[cOff + s + j] = f * cPrev[cPrevOff + s + j] + i * gg;
            }
            stats[st + 9 * hu + 2] = normalize(c, cOff + s, hu, eps, stats, st + 8 * hu);
            for (int j = 0; j < hu; j++) {
                float cn = cg[j] * stats[st + 8 * hu + j] + cb[j];
                float ca = act.apply(cn);
                c[cOff + s + j] = cn;
                cAct[caOff + s + j] = ca;
                h[hOff + s + j] = gates[g + 3 * hu + j] * ca;
            }
        }
    }

    /** z_k = γ_k ⊙ x̂ + β_k + γ_r ⊙ r̂ + β_r + b at column k. */
    private static float pre(float[] stats, int st, int g4, float[] kg, float[] kb, float[] rg, float[] rb,
                             float[] bias, int k) {
        return kg[k] * stats[st + k] + kb[k] + rg[k] * stats[st + g4 + k] + rb[k] + bias[k];
    }

    /** See {@link Kernels#layerNormLstmBackward}. */
    static void lstmBackward(Activation act, Activation recAct, int rows, int hu, float[][] norms,
                             float[] gates, int gOff, float[] cAct, int caOff, float[] cPrev, int cPrevOff,
                             float[] stats, int sOff, float[] dh, int dhOff, float[] dc, int dcOff,
                             float[] dxp, int dxpOff, float[] drp, int drpOff, float[] dhPrev, int dhPrevOff,
                             float[] dNorm, int dnOff) {
        int g4 = 4 * hu, stride = 9 * hu + 3, dStride = 5 * hu;
        float[] kg = norms[0], rg = norms[2], cg = norms[4];
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g4, st = sOff + r * stride, dn = dnOff + r * dStride, s = r * hu;
            for (int j = 0; j < hu; j++) {
                float o = gates[g + 3 * hu + j], ca = cAct[caOff + s + j], dhv = dh[dhOff + s + j];
                dNorm[dn + 4 * hu + j] = dc[dcOff + s + j] + dhv * o * act.derivativeFromOutput(ca);
                dNorm[dn + 3 * hu + j] = dhv * ca * recAct.derivativeFromOutput(o);
            }
            // the gradient of c before its normalisation, held in dc until dc_{t-1} replaces it
            normalizeBackward(dNorm, dn + 4 * hu, cg, 0, stats, st + 8 * hu, stats[st + 9 * hu + 2], hu, dc, dcOff + s);
            for (int j = 0; j < hu; j++) {
                float i = gates[g + j], f = gates[g + hu + j], gg = gates[g + 2 * hu + j];
                float dct = dc[dcOff + s + j];
                dNorm[dn + j] = dct * gg * recAct.derivativeFromOutput(i);
                dNorm[dn + hu + j] = dct * cPrev[cPrevOff + s + j] * recAct.derivativeFromOutput(f);
                dNorm[dn + 2 * hu + j] = dct * i * act.derivativeFromOutput(gg);
                dc[dcOff + s + j] = dct * f;
                dhPrev[dhPrevOff + s + j] = 0f;
            }
            normalizeBackward(dNorm, dn, kg, 0, stats, st, stats[st + 9 * hu], g4, dxp, dxpOff + r * g4);
            normalizeBackward(dNorm, dn, rg, 0, stats, st + g4, stats[st + 9 * hu + 1], g4, drp, drpOff + r * g4);
        }
    }

    /** See {@link Kernels#layerNormGruForward}. */
    static void gruForward(Activation act, Activation recAct, int rows, int hu, float eps, float[][] norms,
                           float[] xp, int xpOff, float[] rp, int rpOff, float[] bias,
                           float[] hPrev, int hPrevOff, float[] gates, int gOff, float[] qh, int qhOff,
                           float[] h, int hOff, float[] stats, int sOff) {
        int g3 = 3 * hu, g2 = 2 * hu, stride = 6 * hu + 4;
        float[] xg = norms[0], xb = norms[1], rg = norms[2], rb = norms[3];
        for (int r = 0; r < rows; r++) {
            int x = xpOff + r * g3, q = rpOff + r * g3, g = gOff + r * g3, st = sOff + r * stride, s = r * hu;
            for (int k = 0; k < g3; k++) {
                xp[x + k] += bias[k];   // the bias is normalised with the input projection
            }
            stats[st + 6 * hu] = normalize(xp, x, g2, eps, stats, st);
            stats[st + 6 * hu + 1] = normalize(xp, x + g2, hu, eps, stats, st + g2);
            stats[st + 6 * hu + 2] = normalize(rp, q, g2, eps, stats, st + g3);
            stats[st + 6 * hu + 3] = normalize(rp, q + g2, hu, eps, stats, st + g3 + g2);
            for (int j = 0; j < hu; j++) {
                float z = recAct.apply(xg[j] * stats[st + j] + xb[j] + rg[j] * stats[st + g3 + j] + rb[j]);
                int kr = hu + j, kh = g2 + j;
                float rr = recAct.apply(xg[kr] * stats[st + kr] + xb[kr] + rg[kr] * stats[st + g3 + kr] + rb[kr]);
                float hh = rg[kh] * stats[st + g3 + kh] + rb[kh];
                float n = act.apply(xg[kh] * stats[st + kh] + xb[kh] + rr * hh);
                gates[g + j] = z;
                gates[g + hu + j] = rr;
                gates[g + g2 + j] = n;
                qh[qhOff + s + j] = hh;
                h[hOff + s + j] = z * hPrev[hPrevOff + s + j] + (1f - z) * n;
            }
        }
    }

    /** See {@link Kernels#layerNormGruBackward}. */
    static void gruBackward(Activation act, Activation recAct, int rows, int hu, float[][] norms,
                            float[] gates, int gOff, float[] qh, int qhOff, float[] hPrev, int hPrevOff,
                            float[] stats, int sOff, float[] dh, int dhOff,
                            float[] dxp, int dxpOff, float[] drp, int drpOff, float[] dhPrev, int dhPrevOff,
                            float[] dNorm, int dnOff) {
        int g3 = 3 * hu, g2 = 2 * hu, stride = 6 * hu + 4, dStride = 4 * hu;
        float[] xg = norms[0], rg = norms[2];
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g3, st = sOff + r * stride, dn = dnOff + r * dStride, s = r * hu;
            for (int j = 0; j < hu; j++) {
                float z = gates[g + j], rr = gates[g + hu + j], n = gates[g + g2 + j];
                float dhv = dh[dhOff + s + j];
                float dz = dhv * (hPrev[hPrevOff + s + j] - n) * recAct.derivativeFromOutput(z);
                float dnp = dhv * (1f - z) * act.derivativeFromOutput(n);
                float dr = dnp * qh[qhOff + s + j] * recAct.derivativeFromOutput(rr);
                dNorm[dn + j] = dz;
                dNorm[dn + hu + j] = dr;
                dNorm[dn + g2 + j] = dnp;
                dNorm[dn + g3 + j] = dnp * rr;
                dhPrev[dhPrevOff + s + j] = dhv * z;
            }
            int d = dxpOff + r * g3, q = drpOff + r * g3;
            normalizeBackward(dNorm, dn, xg, 0, stats, st, stats[st + 6 * hu], g2, dxp, d);
            normalizeBackward(dNorm, dn + g2, xg, g2, stats, st + g2, stats[st + 6 * hu + 1], hu, dxp, d + g2);
            normalizeBackward(dNorm, dn, rg, 0, stats, st + g3, stats[st + 6 * hu + 2], g2, drp, q);
            normalizeBackward(dNorm, dn + g3, rg, g2, stats, st + g3 + g2, stats[st + 6 * hu + 3], hu, drp, q + g2);
        }
    }
}
