package dev.recurrent.kernels;

import static dev.recurrent.kernels.Exact.EXACT;
import static dev.recurrent.kernels.VectorActivations.applyInPlace;
import static dev.recurrent.kernels.VectorActivations.mulDerivative;
import static dev.recurrent.kernels.VectorActivations.mulDerivativeInPlace;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused gate math of the three cells over the units dimension, in stages: sums of
 * projections, one activation pass per gate block ({@link VectorActivations}), then the cell
 * update. Each stage is a vector body to {@code loopBound} and a scalar tail, and evaluates the
 * expressions of {@link ScalarKernels} in the same order (no fma), so only the activations differ
 * from the reference, by an ulp or so. Vectors never cross a method of ours (see {@link VectorMath}).
 */
final class VectorGates {

    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final int L = S.length();

    private VectorGates() {
    }

    /** See {@link Kernels#lstmForward}. Each stage runs over every row before the next. */
    static void lstmForward(Activation act, Activation recAct, int rows, int hu,
                            float[] xp, int xpOff, float[] rp, int rpOff, float[] bias,
                            float[] cPrev, int cPrevOff,
                            float[] gates, int gOff, float[] c, int cOff, float[] cAct, int caOff,
                            float[] h, int hOff) {
        Recompile.check();
        int g4 = 4 * hu;
        int bound = S.loopBound(hu);
        gateSums(rows, g4, xp, xpOff, rp, rpOff, bias, gates, gOff);
        applyInPlace(recAct, gates, gOff, 2 * hu, rows, g4);
        applyInPlace(act, gates, gOff + 2 * hu, hu, rows, g4);
        applyInPlace(recAct, gates, gOff + 3 * hu, hu, rows, g4);
        // c = f ⊙ cPrev + i ⊙ g, copied to cAct
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g4, s = r * hu, cs = cOff + s, ca = caOff + s, cp = cPrevOff + s, j = 0;
            for (; j < bound; j += L) {
                FloatVector cn = EXACT.cast(FloatVector.fromArray(S, gates, g + hu + j)).mul(FloatVector.fromArray(S, cPrev, cp + j))
                        .add(EXACT.cast(FloatVector.fromArray(S, gates, g + j)).mul(FloatVector.fromArray(S, gates, g + 2 * hu + j)));
                cn.intoArray(c, cs + j);
                cn.intoArray(cAct, ca + j);
            }
            for (; j < hu; j++) {
                float cn = gates[g + hu + j] * cPrev[cp + j] + gates[g + j] * gates[g + 2 * hu + j];
                c[cs + j] = cn;
                cAct[ca + j] = cn;
            }
        }
        applyInPlace(act, cAct, caOff, hu, rows, hu);
        outputTimesCellActivation(rows, hu, g4, gates, gOff + 3 * hu, cAct, caOff, h, hOff);
    }

    /** {@code gates = xp + rp + bias} over rows of {@code width} (all gate blocks): the pre-activations. */
    static void gateSums(int rows, int width, float[] xp, int xpOff, float[] rp, int rpOff, float[] bias,
                         float[] gates, int gOff) {
        Recompile.check();
        int bound = S.loopBound(width);
        for (int r = 0; r < rows; r++) {
            int x = xpOff + r * width, q = rpOff + r * width, g = gOff + r * width, j = 0;
            for (; j < bound; j += L) {
                EXACT.cast(FloatVector.fromArray(S, xp, x + j)).add(FloatVector.fromArray(S, rp, q + j))
                        .add(FloatVector.fromArray(S, bias, j)).intoArray(gates, g + j);
            }
            for (; j < width; j++) {
                gates[g + j] = xp[x + j] + rp[q + j] + bias[j];
            }
        }
    }

    /** {@code h = o ⊙ act(c)}: o at {@code oOff} in gate rows of {@code gStride}, act(c) in {@code cAct}. */
    static void outputTimesCellActivation(int rows, int hu, int gStride, float[] gates, int oOff,
                                          float[] cAct, int caOff, float[] h, int hOff) {
        Recompile.check();
        int bound = S.loopBound(hu);
        for (int r = 0; r < rows; r++) {
            int o = oOff + r * gStride, s = r * hu, ca = caOff + s, hs = hOff + s, j = 0;
            for (; j < bound; j += L) {
                EXACT.cast(FloatVector.fromArray(S, gates, o + j)).mul(FloatVector.fromArray(S, cAct, ca + j)).intoArray(h, hs + j);
            }
            for (; j < hu; j++) {
                h[hs + j] = gates[o + j] * cAct[ca + j];
            }
        }
    }

    /** See {@link Kernels#lstmBackward}. Each stage runs over every row before the next. */
    static void lstmBackward(Activation act, Activation recAct, int rows, int hu,
                             float[] gates, int gOff, float[] cAct, int caOff, float[] cPrev, int cPrevOff,
                             float[] dh, int dhOff, float[] dc, int dcOff, float[] dz, int dzOff) {
        Recompile.check();
        int g4 = 4 * hu;
        int bound = S.loopBound(hu);
        // dz_o holds dh ⊙ o ⊙ act'(cAct) for a moment
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g4, d3 = dzOff + r * g4 + 3 * hu, dhs = dhOff + r * hu, j = 0;
            for (; j < bound; j += L) {
                EXACT.cast(FloatVector.fromArray(S, dh, dhs + j)).mul(FloatVector.fromArray(S, gates, g + 3 * hu + j)).intoArray(dz, d3 + j);
            }
            for (; j < hu; j++) {
                dz[d3 + j] = dh[dhs + j] * gates[g + 3 * hu + j];
            }
        }
        mulDerivativeInPlace(act, cAct, caOff, hu, dz, dzOff + 3 * hu, g4, hu, rows);
        // dct = dc + that; dz before the gate derivatives; dc = dct ⊙ f
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g4, d = dzOff + r * g4, d3 = d + 3 * hu, s = r * hu;
            int ca = caOff + s, dhs = dhOff + s, dcs = dcOff + s, cp = cPrevOff + s, j = 0;
            for (; j < bound; j += L) {
                FloatVector dct = EXACT.cast(FloatVector.fromArray(S, dc, dcs + j)).add(FloatVector.fromArray(S, dz, d3 + j));
                dct.mul(FloatVector.fromArray(S, gates, g + 2 * hu + j)).intoArray(dz, d + j);
                dct.mul(FloatVector.fromArray(S, cPrev, cp + j)).intoArray(dz, d + hu + j);
                dct.mul(FloatVector.fromArray(S, gates, g + j)).intoArray(dz, d + 2 * hu + j);
                EXACT.cast(FloatVector.fromArray(S, dh, dhs + j)).mul(FloatVector.fromArray(S, cAct, ca + j)).intoArray(dz, d3 + j);
                dct.mul(FloatVector.fromArray(S, gates, g + hu + j)).intoArray(dc, dcs + j);
            }
            for (; j < hu; j++) {
                float dct = dc[dcs + j] + dz[d3 + j];
                dz[d + j] = dct * gates[g + 2 * hu + j];
                dz[d + hu + j] = dct * cPrev[cp + j];
                dz[d + 2 * hu + j] = dct * gates[g + j];
                dz[d3 + j] = dh[dhs + j] * cAct[ca + j];
                dc[dcs + j] = dct * gates[g + hu + j];
            }
        }
        mulDerivativeInPlace(recAct, gates, gOff, g4, dz, dzOff, g4, 2 * hu, rows);
        mulDerivativeInPlace(act, gates, gOff + 2 * hu, g4, dz, dzOff + 2 * hu, g4, hu, rows);
        mulDerivativeInPlace(recAct, gates, gOff + 3 * hu, g4, dz, dzOff + 3 * hu, g4, hu, rows);
    }

    /** See {@link Kernels#gruForward}. Each stage runs over every row before the next. */
    static void gruForward(Activation act, Activation recAct, int rows, int hu,
                           float[] xp, int xpOff, float[] rp, int rpOff, float[] bias,
                           float[] hPrev, int hPrevOff,
                           float[] gates, int gOff, float[] hh, int hhOff, float[] h, int hOff) {
        Recompile.check();
        int g3 = 3 * hu, g2 = 2 * hu;
        int bound = S.loopBound(hu), bound2 = S.loopBound(g2);
        // z and r pre-activations: xp + b + rp + rb
        for (int r = 0; r < rows; r++) {
            int x = xpOff + r * g3, q = rpOff + r * g3, g = gOff + r * g3, j = 0;
            for (; j < bound2; j += L) {
                EXACT.cast(FloatVector.fromArray(S, xp, x + j)).add(FloatVector.fromArray(S, bias, j))
                        .add(FloatVector.fromArray(S, rp, q + j)).add(FloatVector.fromArray(S, bias, g3 + j))
                        .intoArray(gates, g + j);
            }
            for (; j < g2; j++) {
                gates[g + j] = xp[x + j] + bias[j] + rp[q + j] + bias[g3 + j];
            }
        }
        applyInPlace(recAct, gates, gOff, g2, rows, g3);
        // hh = rp_h + rb_h;  n = act(xp_h + b_h + r ⊙ hh)
        for (int r = 0; r < rows; r++) {
            int x = xpOff + r * g3, q = rpOff + r * g3, g = gOff + r * g3, hhs = hhOff + r * hu, j = 0;
            for (; j < bound; j += L) {
                FloatVector hhv = EXACT.cast(FloatVector.fromArray(S, rp, q + g2 + j)).add(FloatVector.fromArray(S, bias, g3 + g2 + j));
                hhv.intoArray(hh, hhs + j);
                EXACT.cast(FloatVector.fromArray(S, xp, x + g2 + j)).add(FloatVector.fromArray(S, bias, g2 + j))
                        .add(EXACT.cast(FloatVector.fromArray(S, gates, g + hu + j)).mul(hhv)).intoArray(gates, g + g2 + j);
            }
            for (; j < hu; j++) {
                float hhv = rp[q + g2 + j] + bias[g3 + g2 + j];
                hh[hhs + j] = hhv;
                gates[g + g2 + j] = xp[x + g2 + j] + bias[g2 + j] + gates[g + hu + j] * hhv;
            }
        }
        applyInPlace(act, gates, gOff + g2, hu, rows, g3);
        gruBlend(rows, hu, gates, gOff, hPrev, hPrevOff, h, hOff);
    }

    /**
     * The GRU's last stage, both forms: {@code h = z ⊙ hPrev + (1 − z) ⊙ n}, z and n read from the
     * gates [rows, 3H] (z at 0, n at 2H).
     */
    static void gruBlend(int rows, int hu, float[] gates, int gOff, float[] hPrev, int hPrevOff, float[] h, int hOff) {
        Recompile.check();
        int g3 = 3 * hu, g2 = 2 * hu, bound = S.loopBound(hu);
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g3, hs = hOff + r * hu, hp = hPrevOff + r * hu, j = 0;
            for (; j < bound; j += L) {
                FloatVector z = EXACT.cast(FloatVector.fromArray(S, gates, g + j));
                z.mul(FloatVector.fromArray(S, hPrev, hp + j))
                        .add(z.neg().add(1f).mul(FloatVector.fromArray(S, gates, g + g2 + j))).intoArray(h, hs + j);
            }
            for (; j < hu; j++) {
                float z = gates[g + j];
                h[hs + j] = z * hPrev[hp + j] + (1f - z) * gates[g + g2 + j];
            }
        }
    }

    /**
     * The blend's gradient, for the GRUs whose dh is not read again: the z and n blocks' gradients
     * before their derivatives, {@code dh ⊙ (hPrev − n)} at 0 and {@code dh ⊙ (1 − z)} at 2H of
     * {@code out}'s rows of {@code outStride}, and {@code dhPrev = dh ⊙ z} (which may be dh itself).
     */
    static void gruBlendBackward(int rows, int hu, float[] gates, int gOff, float[] hPrev, int hPrevOff,
                                 float[] dh, int dhOff, float[] out, int outOff, int outStride,
                                 float[] dhPrev, int dhPrevOff) {
        Recompile.check();
        int g3 = 3 * hu, g2 = 2 * hu, bound = S.loopBound(hu);
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g3, o = outOff + r * outStride, s = r * hu, dhs = dhOff + s, hp = hPrevOff + s;
            int dhp = dhPrevOff + s, j = 0;
            for (; j < bound; j += L) {
                FloatVector d = EXACT.cast(FloatVector.fromArray(S, dh, dhs + j));
                FloatVector z = EXACT.cast(FloatVector.fromArray(S, gates, g + j));
                d.mul(EXACT.cast(FloatVector.fromArray(S, hPrev, hp + j)).sub(FloatVector.fromArray(S, gates, g + g2 + j)))
                        .intoArray(out, o + j);
                d.mul(z.neg().add(1f)).intoArray(out, o + g2 + j);
                d.mul(z).intoArray(dhPrev, dhp + j);
            }
            for (; j < hu; j++) {
                float d = dh[dhs + j], z = gates[g + j];
                out[o + j] = d * (hPrev[hp + j] - gates[g + g2 + j]);
                out[o + g2 + j] = d * (1f - z);
                dhPrev[dhp + j] = d * z;
            }
        }
    }

    /** See {@link Kernels#gruBackward}. Each stage runs over every row before the next. */
    static void gruBackward(Activation act, Activation recAct, int rows, int hu,
                            float[] gates, int gOff, float[] hh, int hhOff, float[] hPrev, int hPrevOff,
                            float[] dh, int dhOff,
                            float[] dxp, int dxpOff, float[] drp, int drpOff, float[] dhPrev, int dhPrevOff) {
        Recompile.check();
        int g3 = 3 * hu, g2 = 2 * hu;
        int bound = S.loopBound(hu);
        // dz = dh ⊙ (hPrev − n) ⊙ σ'(z);  dn = dh ⊙ (1 − z) ⊙ act'(n)
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g3, dx = dxpOff + r * g3, dhs = dhOff + r * hu, hp = hPrevOff + r * hu, j = 0;
            for (; j < bound; j += L) {
                FloatVector d = EXACT.cast(FloatVector.fromArray(S, dh, dhs + j));
                d.mul(EXACT.cast(FloatVector.fromArray(S, hPrev, hp + j)).sub(FloatVector.fromArray(S, gates, g + g2 + j))).intoArray(dxp, dx + j);
                d.mul(EXACT.cast(FloatVector.fromArray(S, gates, g + j)).neg().add(1f)).intoArray(dxp, dx + g2 + j);
            }
            for (; j < hu; j++) {
                float d = dh[dhs + j];
                dxp[dx + j] = d * (hPrev[hp + j] - gates[g + g2 + j]);
                dxp[dx + g2 + j] = d * (1f - gates[g + j]);
            }
        }
        mulDerivativeInPlace(recAct, gates, gOff, g3, dxp, dxpOff, g3, hu, rows);
        mulDerivativeInPlace(act, gates, gOff + g2, g3, dxp, dxpOff + g2, g3, hu, rows);
        // dr = dn ⊙ hh ⊙ σ'(r)
        for (int r = 0; r < rows; r++) {
            int dx = dxpOff + r * g3, hhs = hhOff + r * hu, j = 0;
            for (; j < bound; j += L) {
                EXACT.cast(FloatVector.fromArray(S, dxp, dx + g2 + j)).mul(FloatVector.fromArray(S, hh, hhs + j)).intoArray(dxp, dx + hu + j);
            }
            for (; j < hu; j++) {
                dxp[dx + hu + j] = dxp[dx + g2 + j] * hh[hhs + j];
            }
        }
        mulDerivativeInPlace(recAct, gates, gOff + hu, g3, dxp, dxpOff + hu, g3, hu, rows);
        // drp = [dz, dr, dn ⊙ r];  dhPrev = dh ⊙ z (last: it may share dh's storage)
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g3, dx = dxpOff + r * g3, dr = drpOff + r * g3;
            int dhs = dhOff + r * hu, dhp = dhPrevOff + r * hu, j = 0;
            for (; j < bound; j += L) {
                EXACT.cast(FloatVector.fromArray(S, dxp, dx + j)).intoArray(drp, dr + j);
                EXACT.cast(FloatVector.fromArray(S, dxp, dx + hu + j)).intoArray(drp, dr + hu + j);
                EXACT.cast(FloatVector.fromArray(S, dxp, dx + g2 + j)).mul(FloatVector.fromArray(S, gates, g + hu + j)).intoArray(drp, dr + g2 + j);
                EXACT.cast(FloatVector.fromArray(S, dh, dhs + j)).mul(FloatVector.fromArray(S, gates, g + j)).intoArray(dhPrev, dhp + j);
            }
            for (; j < hu; j++) {
                drp[dr + j] = dxp[dx + j];
                drp[dr + hu + j] = dxp[dx + hu + j];
                drp[dr + g2 + j] = dxp[dx + g2 + j] * gates[g + hu + j];
                dhPrev[dhp + j] = dh[dhs + j] * gates[g + j];
            }
        }
    }

    /** See {@link Kernels#rnnForward}. */
    static void rnnForward(Activation act, int rows, int hu,
                           float[] xp, int xpOff, float[] rp, int rpOff, float[] bias, float[] h, int hOff) {
        Recompile.check();
        int bound = S.loopBound(hu);
        for (int r = 0; r < rows; r++) {
            int s = r * hu, x = xpOff + s, q = rpOff + s, hs = hOff + s;
            int j = 0;
            for (; j < bound; j += L) {
                EXACT.cast(FloatVector.fromArray(S, xp, x + j)).add(FloatVector.fromArray(S, rp, q + j)).add(FloatVector.fromArray(S, bias, j)).intoArray(h, hs + j);
            }
            for (; j < hu; j++) {
                h[hs + j] = xp[x + j] + rp[q + j] + bias[j];
            }
            applyInPlace(act, h, hs, hu);
        }
    }

    /** See {@link Kernels#rnnBackward}. */
    static void rnnBackward(Activation act, int rows, int hu,
                            float[] h, int hOff, float[] dh, int dhOff, float[] dz, int dzOff) {
        mulDerivative(act, h, hOff, dh, dhOff, dz, dzOff, rows * hu);
    }

    /** See {@link Kernels#add}. */
    static void add(int len, float[] x, int xOff, float[] y, int yOff) {
        Recompile.check();
        int bound = S.loopBound(len), j = 0;
        for (; j < bound; j += L) {
            EXACT.cast(FloatVector.fromArray(S, y, yOff + j)).add(FloatVector.fromArray(S, x, xOff + j)).intoArray(y, yOff + j);
        }
        for (; j < len; j++) {
            y[yOff + j] += x[xOff + j];
        }
    }

    /** See {@link Kernels#addColumnSums}. */
    static void addColumnSums(int rows, int cols, float[] x, int xOff, float[] sums, int sumsOff) {
        Recompile.check();
        for (int r = 0; r < rows; r++) {
            add(cols, x, xOff + r * cols, sums, sumsOff);
        }
    }
}
