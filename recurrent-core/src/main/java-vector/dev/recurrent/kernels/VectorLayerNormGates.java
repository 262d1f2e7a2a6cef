package dev.recurrent.kernels;

import static dev.recurrent.kernels.Exact.EXACT;
import static dev.recurrent.kernels.VectorActivations.applyInPlace;
import static dev.recurrent.kernels.VectorActivations.mulDerivativeInPlace;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The layer-normalised LSTM's and GRU's steps with vectors: the twin of {@link LayerNormGates}, in
 * stages as {@link VectorGates} (each row's normalisations, one activation pass per gate block over
 * every row, then the update), with the vector tanh and sigmoid of the other cells.
 *
 * <p>A row's mean and variance come from one pass of float lane sums around a first guess k, the
 * mean of four of the row's values: {@code d = v − k}, {@code mean = k + Σd/n},
 * {@code var = Σd²/n − (Σd/n)²}, {@code x̂ = (d − Σd/n) · rstd}. Where k lies far from the mean
 * (an outlier among the four), the pass is taken again around the mean found. x̂ never subtracts a
 * mean rounded to a float, so on a row with a large mean it is closer to the exact x̂ than the
 * scalar kernels' (double sums, then a float mean). The normalisation backward's two means are
 * float lane sums too. Results differ from the scalar kernels in the last bits, as the activations do.
 */
final class VectorLayerNormGates {

    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final int L = S.length();
    /**
     * How far, in variances, the square of the first guess's distance from the mean may be before
     * the sums are taken again around the mean: within two standard deviations, the squares' sum
     * is at most five times the variance, and loses under three bits to the subtraction.
     */
    private static final double FAR = 4;

    private VectorLayerNormGates() {
    }

    /** Normalises v[off, off + n) into xhat[xo, xo + n) (see the class comment); returns 1 / sqrt(var + ε). */
    static float normalize(float[] v, int off, int n, float eps, float[] xhat, int xo) {
        Recompile.check();
        int bound = S.loopBound(n), j;
        float k = (v[off] + v[off + n / 4] + v[off + n / 2] + v[off + n - 1 - n / 4]) * 0.25f;
        double shift, variance;
        for (int pass = 0; ; pass++) {
            // two chains of sums, so that a long row is not held up by the latency of one; they start
            // from zero(S), not a static final vector: a loop value merged with a constant (an object
            // on the heap) is boxed at every iteration
            FloatVector s1 = FloatVector.zero(S), s2 = FloatVector.zero(S), t1 = FloatVector.zero(S), t2 = FloatVector.zero(S);
            for (j = 0; j < bound - L; j += 2 * L) {
                FloatVector d = EXACT.cast(FloatVector.fromArray(S, v, off + j)).sub(k);
                FloatVector e = EXACT.cast(FloatVector.fromArray(S, v, off + j + L)).sub(k);
                s1 = d.add(s1);
                s2 = d.fma(d, s2);
                t1 = e.add(t1);
                t2 = e.fma(e, t2);
            }
            for (; j < bound; j += L) {
                FloatVector d = EXACT.cast(FloatVector.fromArray(S, v, off + j)).sub(k);
                s1 = d.add(s1);
                s2 = d.fma(d, s2);
            }
            float d1 = EXACT.cast(s1).add(t1).reduceLanes(VectorOperators.ADD);
            float d2 = EXACT.cast(s2).add(t2).reduceLanes(VectorOperators.ADD);
            for (; j < n; j++) {
                float d = v[off + j] - k;
                d1 += d;
                d2 += d * d;
            }
            shift = (double) d1 / n;
            variance = Math.max(0.0, (double) d2 / n - shift * shift);
            if (shift * shift <= FAR * variance || pass > 0) {
                break;
            }
            k += (float) shift;
        }
        float rstd = (float) (1.0 / Math.sqrt(variance + eps)), c = (float) shift;
        for (j = 0; j < bound; j += L) {
            EXACT.cast(FloatVector.fromArray(S, v, off + j)).sub(k).sub(c).mul(rstd).intoArray(xhat, xo + j);
        }
        for (; j < n; j++) {
            xhat[xo + j] = (v[off + j] - k - c) * rstd;
        }
        return rstd;
    }

    /**
     * dx = rstd · (g − mean(g) − x̂ · mean(g ⊙ x̂)) with g = dy ⊙ γ: the gradient reaching the
     * normalisation's input, as {@link LayerNormGates#normalizeBackward}.
     */
    static void normalizeBackward(float[] dy, int dyOff, float[] gamma, int gammaOff, float[] xhat, int xo,
                                  float rstd, int n, float[] dx, int dxOff) {
        Recompile.check();
        int bound = S.loopBound(n), j = 0;
        FloatVector s1 = FloatVector.zero(S), s2 = FloatVector.zero(S), t1 = FloatVector.zero(S), t2 = FloatVector.zero(S);
        for (; j < bound - L; j += 2 * L) {
            FloatVector g = EXACT.cast(FloatVector.fromArray(S, dy, dyOff + j)).mul(FloatVector.fromArray(S, gamma, gammaOff + j));
            FloatVector q = EXACT.cast(FloatVector.fromArray(S, dy, dyOff + j + L))
                    .mul(FloatVector.fromArray(S, gamma, gammaOff + j + L));
            s1 = g.add(s1);
            s2 = g.fma(FloatVector.fromArray(S, xhat, xo + j), s2);
            t1 = q.add(t1);
            t2 = q.fma(FloatVector.fromArray(S, xhat, xo + j + L), t2);
        }
        for (; j < bound; j += L) {
            FloatVector g = EXACT.cast(FloatVector.fromArray(S, dy, dyOff + j)).mul(FloatVector.fromArray(S, gamma, gammaOff + j));
            s1 = g.add(s1);
            s2 = g.fma(FloatVector.fromArray(S, xhat, xo + j), s2);
        }
        float m1 = EXACT.cast(s1).add(t1).reduceLanes(VectorOperators.ADD);
        float m2 = EXACT.cast(s2).add(t2).reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            float g = dy[dyOff + j] * gamma[gammaOff + j];
            m1 += g;
            m2 += g * xhat[xo + j];
        }
        float a = m1 / n, b = m2 / n;
        for (j = 0; j < bound; j += L) {
            EXACT.cast(FloatVector.fromArray(S, dy, dyOff + j)).mul(FloatVector.fromArray(S, gamma, gammaOff + j)).sub(a)
                    .sub(EXACT.cast(FloatVector.fromArray(S, xhat, xo + j)).mul(b)).mul(rstd).intoArray(dx, dxOff + j);
        }
        for (; j < n; j++) {
            dx[dxOff + j] = (dy[dyOff + j] * gamma[gammaOff + j] - a - xhat[xo + j] * b) * rstd;
        }
    }

    /**
     * {@link #normalizeBackward} of two normalisations that receive the same gradient dy (the LSTM's
     * x·W and h·U): one pass of sums for both, so that their reductions run side by side.
     */
    static void normalizeBackwardPair(float[] dy, int dyOff, int n,
                                      float[] gammaA, float[] xhatA, int xoA, float rstdA, float[] dxA, int dxOffA,
                                      float[] gammaB, float[] xhatB, int xoB, float rstdB, float[] dxB, int dxOffB) {
        Recompile.check();
        int bound = S.loopBound(n), j = 0;
        FloatVector s1 = FloatVector.zero(S), s2 = FloatVector.zero(S), t1 = FloatVector.zero(S), t2 = FloatVector.zero(S);
        for (; j < bound; j += L) {
            FloatVector d = EXACT.cast(FloatVector.fromArray(S, dy, dyOff + j));
            FloatVector g = d.mul(FloatVector.fromArray(S, gammaA, j)), q = d.mul(FloatVector.fromArray(S, gammaB, j));
            s1 = g.add(s1);
            s2 = g.fma(FloatVector.fromArray(S, xhatA, xoA + j), s2);
            t1 = q.add(t1);
            t2 = q.fma(FloatVector.fromArray(S, xhatB, xoB + j), t2);
        }
        float ma1 = EXACT.cast(s1).reduceLanes(VectorOperators.ADD), ma2 = EXACT.cast(s2).reduceLanes(VectorOperators.ADD);
        float mb1 = EXACT.cast(t1).reduceLanes(VectorOperators.ADD), mb2 = EXACT.cast(t2).reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            float g = dy[dyOff + j] * gammaA[j], q = dy[dyOff + j] * gammaB[j];
            ma1 += g;
            ma2 += g * xhatA[xoA + j];
            mb1 += q;
            mb2 += q * xhatB[xoB + j];
        }
        float a = ma1 / n, b = ma2 / n, c = mb1 / n, e = mb2 / n;
        for (j = 0; j < bound; j += L) {
            FloatVector d = EXACT.cast(FloatVector.fromArray(S, dy, dyOff + j));
            d.mul(FloatVector.fromArray(S, gammaA, j)).sub(a).sub(EXACT.cast(FloatVector.fromArray(S, xhatA, xoA + j)).mul(b))
                    .mul(rstdA).intoArray(dxA, dxOffA + j);
            d.mul(FloatVector.fromArray(S, gammaB, j)).sub(c).sub(EXACT.cast(FloatVector.fromArray(S, xhatB, xoB + j)).mul(e))
                    .mul(rstdB).intoArray(dxB, dxOffB + j);
        }
        for (; j < n; j++) {
            dxA[dxOffA + j] = (dy[dyOff + j] * gammaA[j] - a - xhatA[xoA + j] * b) * rstdA;
            dxB[dxOffB + j] = (dy[dyOff + j] * gammaB[j] - c - xhatB[xoB + j] * e) * rstdB;
        }
    }

    /** See {@link Kernels#layerNormLstmForward}. */
    static void lstmForward(Activation act, Activation recAct, int rows, int hu, float eps, float[][] norms,
                            float[] xp, int xpOff, float[] rp, int rpOff, float[] bias,
                            float[] cPrev, int cPrevOff, float[] gates, int gOff, float[] c, int cOff,
                            float[] cAct, int caOff, float[] h, int hOff, float[] stats, int sOff) {
        Recompile.check();
        int g4 = 4 * hu, stride = 9 * hu + 3;
        float[] kg = norms[0], kb = norms[1], rg = norms[2], rb = norms[3], cg = norms[4], cb = norms[5];
        int bound4 = S.loopBound(g4), bound = S.loopBound(hu);
        // z = γ_k ⊙ x̂ + β_k + γ_r ⊙ r̂ + β_r + b, written over the input projection once it is normalised
        for (int r = 0; r < rows; r++) {
            int x = xpOff + r * g4, q = rpOff + r * g4, g = gOff + r * g4, st = sOff + r * stride, sr = st + g4, j = 0;
            stats[st + 9 * hu] = normalize(xp, x, g4, eps, stats, st);
            stats[st + 9 * hu + 1] = normalize(rp, q, g4, eps, stats, sr);
            for (; j < bound4; j += L) {
                EXACT.cast(FloatVector.fromArray(S, kg, j)).mul(FloatVector.fromArray(S, stats, st + j))
                        .add(FloatVector.fromArray(S, kb, j))
                        .add(EXACT.cast(FloatVector.fromArray(S, rg, j)).mul(FloatVector.fromArray(S, stats, sr + j)))
                        .add(FloatVector.fromArray(S, rb, j)).add(FloatVector.fromArray(S, bias, j)).intoArray(gates, g + j);
            }
            for (; j < g4; j++) {
                gates[g + j] = kg[j] * stats[st + j] + kb[j] + rg[j] * stats[sr + j] + rb[j] + bias[j];
            }
        }
        applyInPlace(recAct, gates, gOff, 2 * hu, rows, g4);
        applyInPlace(act, gates, gOff + 2 * hu, hu, rows, g4);
        applyInPlace(recAct, gates, gOff + 3 * hu, hu, rows, g4);
        // c = LN_c(f ⊙ cPrev + i ⊙ g), copied to cAct
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g4, s = r * hu, cs = cOff + s, ca = caOff + s, cp = cPrevOff + s;
            int sc = sOff + r * stride + 8 * hu, j = 0;
            for (; j < bound; j += L) {
                EXACT.cast(FloatVector.fromArray(S, gates, g + hu + j)).mul(FloatVector.fromArray(S, cPrev, cp + j))
                        .add(EXACT.cast(FloatVector.fromArray(S, gates, g + j)).mul(FloatVector.fromArray(S, gates, g + 2 * hu + j)))
                        .intoArray(c, cs + j);
            }
            for (; j < hu; j++) {
                c[cs + j] = gates[g + hu + j] * cPrev[cp + j] + gates[g + j] * gates[g + 2 * hu + j];
            }
            stats[sc + hu + 2] = normalize(c, cs, hu, eps, stats, sc);
            for (j = 0; j < bound; j += L) {
                FloatVector cn = EXACT.cast(FloatVector.fromArray(S, cg, j)).mul(FloatVector.fromArray(S, stats, sc + j))
                        .add(FloatVector.fromArray(S, cb, j));
                cn.intoArray(c, cs + j);
                cn.intoArray(cAct, ca + j);
            }
            for (; j < hu; j++) {
                float cn = cg[j] * stats[sc + j] + cb[j];
                c[cs + j] = cn;
                cAct[ca + j] = cn;
            }
        }
        applyInPlace(act, cAct, caOff, hu, rows, hu);
        VectorGates.outputTimesCellActivation(rows, hu, g4, gates, gOff + 3 * hu, cAct, caOff, h, hOff);
    }

    /** See {@link Kernels#layerNormLstmBackward}. */
    static void lstmBackward(Activation act, Activation recAct, int rows, int hu, float[][] norms,
                             float[] gates, int gOff, float[] cAct, int caOff, float[] cPrev, int cPrevOff,
                             float[] stats, int sOff, float[] dh, int dhOff, float[] dc, int dcOff,
                             float[] dxp, int dxpOff, float[] drp, int drpOff, float[] dhPrev, int dhPrevOff,
                             float[] dNorm, int dnOff) {
        Recompile.check();
        int g4 = 4 * hu, stride = 9 * hu + 3, dStride = 5 * hu;
        float[] kg = norms[0], rg = norms[2], cg = norms[4];
        int bound = S.loopBound(hu);
        // the normalised c's gradient holds dh ⊙ o, the o block's dh ⊙ act(c), before their derivatives
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g4, dn = dnOff + r * dStride, s = r * hu, ca = caOff + s, dhs = dhOff + s, j = 0;
            for (; j < bound; j += L) {
                FloatVector dhv = EXACT.cast(FloatVector.fromArray(S, dh, dhs + j));
                dhv.mul(FloatVector.fromArray(S, gates, g + 3 * hu + j)).intoArray(dNorm, dn + 4 * hu + j);
                dhv.mul(FloatVector.fromArray(S, cAct, ca + j)).intoArray(dNorm, dn + 3 * hu + j);
            }
            for (; j < hu; j++) {
                dNorm[dn + 4 * hu + j] = dh[dhs + j] * gates[g + 3 * hu + j];
                dNorm[dn + 3 * hu + j] = dh[dhs + j] * cAct[ca + j];
            }
        }
        mulDerivativeInPlace(act, cAct, caOff, hu, dNorm, dnOff + 4 * hu, dStride, hu, rows);
        mulDerivativeInPlace(recAct, gates, gOff + 3 * hu, g4, dNorm, dnOff + 3 * hu, dStride, hu, rows);
        // dc joins the normalised c's gradient; the gradient of c before its normalisation is held in
        // dc until dc_{t-1} replaces it; then the i, f, c blocks before their derivatives
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g4, st = sOff + r * stride, dn = dnOff + r * dStride, s = r * hu;
            int dcs = dcOff + s, cp = cPrevOff + s, j = 0;
            for (; j < bound; j += L) {
                EXACT.cast(FloatVector.fromArray(S, dc, dcs + j)).add(FloatVector.fromArray(S, dNorm, dn + 4 * hu + j))
                        .intoArray(dNorm, dn + 4 * hu + j);
            }
            for (; j < hu; j++) {
                dNorm[dn + 4 * hu + j] = dc[dcs + j] + dNorm[dn + 4 * hu + j];
            }
            normalizeBackward(dNorm, dn + 4 * hu, cg, 0, stats, st + 8 * hu, stats[st + 9 * hu + 2], hu, dc, dcs);
            for (j = 0; j < bound; j += L) {
                FloatVector dct = EXACT.cast(FloatVector.fromArray(S, dc, dcs + j));
                dct.mul(FloatVector.fromArray(S, gates, g + 2 * hu + j)).intoArray(dNorm, dn + j);
                dct.mul(FloatVector.fromArray(S, cPrev, cp + j)).intoArray(dNorm, dn + hu + j);
                dct.mul(FloatVector.fromArray(S, gates, g + j)).intoArray(dNorm, dn + 2 * hu + j);
                dct.mul(FloatVector.fromArray(S, gates, g + hu + j)).intoArray(dc, dcs + j);
            }
            for (; j < hu; j++) {
                float dct = dc[dcs + j];
                dNorm[dn + j] = dct * gates[g + 2 * hu + j];
                dNorm[dn + hu + j] = dct * cPrev[cp + j];
                dNorm[dn + 2 * hu + j] = dct * gates[g + j];
                dc[dcs + j] = dct * gates[g + hu + j];
            }
            Arrays.fill(dhPrev, dhPrevOff + s, dhPrevOff + s + hu, 0f);
        }
        mulDerivativeInPlace(recAct, gates, gOff, g4, dNorm, dnOff, dStride, 2 * hu, rows);
        mulDerivativeInPlace(act, gates, gOff + 2 * hu, g4, dNorm, dnOff + 2 * hu, dStride, hu, rows);
        for (int r = 0; r < rows; r++) {
            int st = sOff + r * stride, dn = dnOff + r * dStride;
            normalizeBackwardPair(dNorm, dn, g4, kg, stats, st, stats[st + 9 * hu], dxp, dxpOff + r * g4,
                    rg, stats, st + g4, stats[st + 9 * hu + 1], drp, drpOff + r * g4);
        }
    }

    /** See {@link Kernels#layerNormGruForward}. */
    static void gruForward(Activation act, Activation recAct, int rows, int hu, float eps, float[][] norms,
                           float[] xp, int xpOff, float[] rp, int rpOff, float[] bias,
                           float[] hPrev, int hPrevOff, float[] gates, int gOff, float[] qh, int qhOff,
                           float[] h, int hOff, float[] stats, int sOff) {
        Recompile.check();
        int g3 = 3 * hu, g2 = 2 * hu, stride = 6 * hu + 4;
        float[] xg = norms[0], xb = norms[1], rg = norms[2], rb = norms[3];
        int bound3 = S.loopBound(g3), bound2 = S.loopBound(g2), bound = S.loopBound(hu);
        // z, r pre-activations; q_h = γ_r ⊙ q̂_h + β_r; the candidate's γ_x ⊙ x̂_h + β_x for now
        for (int r = 0; r < rows; r++) {
            int x = xpOff + r * g3, q = rpOff + r * g3, g = gOff + r * g3, st = sOff + r * stride, sq = st + g3;
            int qs = qhOff + r * hu, j = 0;
            for (; j < bound3; j += L) {
                EXACT.cast(FloatVector.fromArray(S, xp, x + j)).add(FloatVector.fromArray(S, bias, j)).intoArray(xp, x + j);
            }
            for (; j < g3; j++) {
                xp[x + j] += bias[j];   // the bias is normalised with the input projection
            }
            stats[st + 6 * hu] = normalize(xp, x, g2, eps, stats, st);
            stats[st + 6 * hu + 1] = normalize(xp, x + g2, hu, eps, stats, st + g2);
            stats[st + 6 * hu + 2] = normalize(rp, q, g2, eps, stats, sq);
            stats[st + 6 * hu + 3] = normalize(rp, q + g2, hu, eps, stats, sq + g2);
            for (j = 0; j < bound2; j += L) {
                EXACT.cast(FloatVector.fromArray(S, xg, j)).mul(FloatVector.fromArray(S, stats, st + j))
                        .add(FloatVector.fromArray(S, xb, j))
                        .add(EXACT.cast(FloatVector.fromArray(S, rg, j)).mul(FloatVector.fromArray(S, stats, sq + j)))
                        .add(FloatVector.fromArray(S, rb, j)).intoArray(gates, g + j);
            }
            for (; j < g2; j++) {
                gates[g + j] = xg[j] * stats[st + j] + xb[j] + rg[j] * stats[sq + j] + rb[j];
            }
            for (j = 0; j < bound; j += L) {
                int k = g2 + j;
                EXACT.cast(FloatVector.fromArray(S, rg, k)).mul(FloatVector.fromArray(S, stats, sq + k))
                        .add(FloatVector.fromArray(S, rb, k)).intoArray(qh, qs + j);
                EXACT.cast(FloatVector.fromArray(S, xg, k)).mul(FloatVector.fromArray(S, stats, st + k))
                        .add(FloatVector.fromArray(S, xb, k)).intoArray(gates, g + k);
            }
            for (; j < hu; j++) {
                int k = g2 + j;
                qh[qs + j] = rg[k] * stats[sq + k] + rb[k];
                gates[g + k] = xg[k] * stats[st + k] + xb[k];
            }
        }
        applyInPlace(recAct, gates, gOff, g2, rows, g3);
        // the candidate's pre-activation: + r ⊙ q_h
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g3, qs = qhOff + r * hu, j = 0;
            for (; j < bound; j += L) {
                EXACT.cast(FloatVector.fromArray(S, gates, g + g2 + j))
                        .add(EXACT.cast(FloatVector.fromArray(S, gates, g + hu + j)).mul(FloatVector.fromArray(S, qh, qs + j)))
                        .intoArray(gates, g + g2 + j);
            }
            for (; j < hu; j++) {
                gates[g + g2 + j] = gates[g + g2 + j] + gates[g + hu + j] * qh[qs + j];
            }
        }
        applyInPlace(act, gates, gOff + g2, hu, rows, g3);
        VectorGates.gruBlend(rows, hu, gates, gOff, hPrev, hPrevOff, h, hOff);   // h = z ⊙ hPrev + (1 − z) ⊙ n
    }

    /** See {@link Kernels#layerNormGruBackward}. */
    static void gruBackward(Activation act, Activation recAct, int rows, int hu, float[][] norms,
                            float[] gates, int gOff, float[] qh, int qhOff, float[] hPrev, int hPrevOff,
                            float[] stats, int sOff, float[] dh, int dhOff,
                            float[] dxp, int dxpOff, float[] drp, int drpOff, float[] dhPrev, int dhPrevOff,
                            float[] dNorm, int dnOff) {
        Recompile.check();
        int g3 = 3 * hu, g2 = 2 * hu, stride = 6 * hu + 4, dStride = 4 * hu;
        float[] xg = norms[0], rg = norms[2];
        int bound = S.loopBound(hu);
        VectorGates.gruBlendBackward(rows, hu, gates, gOff, hPrev, hPrevOff, dh, dhOff, dNorm, dnOff, dStride,
                dhPrev, dhPrevOff);
        mulDerivativeInPlace(recAct, gates, gOff, g3, dNorm, dnOff, dStride, hu, rows);
        mulDerivativeInPlace(act, gates, gOff + g2, g3, dNorm, dnOff + g2, dStride, hu, rows);
        // dr before its derivative: dn ⊙ q_h
        for (int r = 0; r < rows; r++) {
            int dn = dnOff + r * dStride, qs = qhOff + r * hu, j = 0;
            for (; j < bound; j += L) {
                EXACT.cast(FloatVector.fromArray(S, dNorm, dn + g2 + j)).mul(FloatVector.fromArray(S, qh, qs + j))
                        .intoArray(dNorm, dn + hu + j);
            }
            for (; j < hu; j++) {
                dNorm[dn + hu + j] = dNorm[dn + g2 + j] * qh[qs + j];
            }
        }
        mulDerivativeInPlace(recAct, gates, gOff + hu, g3, dNorm, dnOff + hu, dStride, hu, rows);
        // LN_r's h block's output gradient dn ⊙ r (its z and r blocks' are LN_x's)
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g3, dn = dnOff + r * dStride, j = 0;
            for (; j < bound; j += L) {
                EXACT.cast(FloatVector.fromArray(S, dNorm, dn + g2 + j)).mul(FloatVector.fromArray(S, gates, g + hu + j))
                        .intoArray(dNorm, dn + g3 + j);
            }
            for (; j < hu; j++) {
                dNorm[dn + g3 + j] = dNorm[dn + g2 + j] * gates[g + hu + j];
            }
            int st = sOff + r * stride, d = dxpOff + r * g3, q = drpOff + r * g3;
            normalizeBackward(dNorm, dn, xg, 0, stats, st, stats[st + 6 * hu], g2, dxp, d);
            normalizeBackward(dNorm, dn + g2, xg, g2, stats, st + g2, stats[st + 6 * hu + 1], hu, dxp, d + g2);
            normalizeBackward(dNorm, dn, rg, 0, stats, st + g3, stats[st + 6 * hu + 2], g2, drp, q);
            normalizeBackward(dNorm, dn + g3, rg, g2, stats, st + g3 + g2, stats[st + 6 * hu + 3], hu, drp, q + g2);
        }
    }
}
