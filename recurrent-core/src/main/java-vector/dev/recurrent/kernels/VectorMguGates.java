package dev.recurrent.kernels;

import static dev.recurrent.kernels.Exact.EXACT;
import static dev.recurrent.kernels.VectorActivations.applyInPlace;
import static dev.recurrent.kernels.VectorActivations.mulDerivativeInPlace;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The minimal gated unit's gate math with vectors, in stages as {@link VectorVariantGates}: sums, one
 * activation pass per gate block, then the update, each stage over every row before the next.
 * Expressions are evaluated in the order of {@link MguGates} (no fma), so only the activations and
 * the GEMM differ from the reference.
 */
final class VectorMguGates {

    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final int L = S.length();

    private VectorMguGates() {
    }

    /** See {@link Kernels#mguForward}; the product (f ⊙ hDropped) · U_h is {@code k}'s GEMM. */
    static void mguForward(Kernels k, Activation act, Activation recAct, int rows, int hu,
                           float[] xp, int xpOff, float[] rp, int rpOff, float[] bias, float[] u,
                           float[] hPrev, int hPrevOff, float[] hDropped, int hdOff,
                           float[] gates, int gOff, float[] fh, int fhOff, float[] h, int hOff) {
        Recompile.check();
        int g2 = 2 * hu;
        int bound = S.loopBound(hu);
        // f's pre-activation: xp + b + rp;  the candidate's: xp + b, the product added below
        for (int r = 0; r < rows; r++) {
            int x = xpOff + r * g2, q = rpOff + r * g2, g = gOff + r * g2, j = 0;
            for (; j < bound; j += L) {
                EXACT.cast(FloatVector.fromArray(S, xp, x + j)).add(FloatVector.fromArray(S, bias, j))
                        .add(FloatVector.fromArray(S, rp, q + j)).intoArray(gates, g + j);
                EXACT.cast(FloatVector.fromArray(S, xp, x + hu + j)).add(FloatVector.fromArray(S, bias, hu + j))
                        .intoArray(gates, g + hu + j);
            }
            for (; j < hu; j++) {
                gates[g + j] = xp[x + j] + bias[j] + rp[q + j];
                gates[g + hu + j] = xp[x + hu + j] + bias[hu + j];
            }
        }
        applyInPlace(recAct, gates, gOff, hu, rows, g2);
        // fh = f ⊙ hDropped
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g2, s = r * hu, fs = fhOff + s, hd = hdOff + s, j = 0;
            for (; j < bound; j += L) {
                EXACT.cast(FloatVector.fromArray(S, gates, g + j)).mul(FloatVector.fromArray(S, hDropped, hd + j))
                        .intoArray(fh, fs + j);
            }
            for (; j < hu; j++) {
                fh[fs + j] = gates[g + j] * hDropped[hd + j];
            }
        }
        k.gemm(false, false, rows, hu, hu, fh, fhOff, hu, u, hu, g2, true, gates, gOff + hu, g2);
        applyInPlace(act, gates, gOff + hu, hu, rows, g2);
        // h = (1 − f) ⊙ hPrev + f ⊙ n
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g2, s = r * hu, hs = hOff + s, hp = hPrevOff + s, j = 0;
            for (; j < bound; j += L) {
                FloatVector f = EXACT.cast(FloatVector.fromArray(S, gates, g + j));
                f.neg().add(1f).mul(FloatVector.fromArray(S, hPrev, hp + j))
                        .add(f.mul(FloatVector.fromArray(S, gates, g + hu + j))).intoArray(h, hs + j);
            }
            for (; j < hu; j++) {
                float f = gates[g + j];
                h[hs + j] = (1f - f) * hPrev[hp + j] + f * gates[g + hu + j];
            }
        }
    }

    /** See {@link Kernels#mguBackward}; the product dn · U_hᵀ is {@code k}'s GEMM. */
    static void mguBackward(Kernels k, Activation act, Activation recAct, int rows, int hu, float[] uT,
                            float[] gates, int gOff, float[] hPrev, int hPrevOff, float[] hDropped, int hdOff,
                            float[] mask, int maskOff, float[] dh, int dhOff,
                            float[] dxp, int dxpOff, float[] drp, int drpOff, float[] dhPrev, int dhPrevOff) {
        Recompile.check();
        int g2 = 2 * hu;
        int bound = S.loopBound(hu);
        // dn = dh ⊙ f ⊙ act'(n);  drp's h block 0;  dhPrev = dh ⊙ (1 − f)
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g2, d = dxpOff + r * g2, q = drpOff + r * g2, s = r * hu, dhs = dhOff + s;
            int dhp = dhPrevOff + s, j = 0;
            for (; j < bound; j += L) {
                FloatVector dhv = EXACT.cast(FloatVector.fromArray(S, dh, dhs + j)), f = EXACT.cast(FloatVector.fromArray(S, gates, g + j));
                dhv.mul(f).intoArray(dxp, d + hu + j);
                dhv.mul(f.neg().add(1f)).intoArray(dhPrev, dhp + j);
            }
            for (; j < hu; j++) {
                float f = gates[g + j];
                dxp[d + hu + j] = dh[dhs + j] * f;
                dhPrev[dhp + j] = dh[dhs + j] * (1f - f);
            }
            java.util.Arrays.fill(drp, q + hu, q + g2, 0f);
        }
        mulDerivativeInPlace(act, gates, gOff + hu, g2, dxp, dxpOff + hu, g2, hu, rows);
        // da = dn · U_hᵀ (a = f ⊙ h_{t-1}), held in the f block of dxp until df replaces it
        k.gemm(false, false, rows, hu, hu, dxp, dxpOff + hu, g2, uT, hu * hu, hu, false, dxp, dxpOff, g2);
        // df = (dh ⊙ (n − hPrev) + da ⊙ hDropped) (⊙ σ'(f) below);  dhPrev += (da ⊙ f) ⊙ mask
        for (int r = 0; r < rows; r++) {
            int g = gOff + r * g2, d = dxpOff + r * g2, s = r * hu, dhs = dhOff + s, hp = hPrevOff + s;
            int hd = hdOff + s, dhp = dhPrevOff + s, j = 0;
            for (; j < bound; j += L) {
                FloatVector da = EXACT.cast(FloatVector.fromArray(S, dxp, d + j));
                FloatVector dhd = da.mul(FloatVector.fromArray(S, gates, g + j));
                if (mask != null) {
                    dhd = dhd.mul(FloatVector.fromArray(S, mask, maskOff + s + j));
                }
                EXACT.cast(FloatVector.fromArray(S, dh, dhs + j))
                        .mul(EXACT.cast(FloatVector.fromArray(S, gates, g + hu + j)).sub(FloatVector.fromArray(S, hPrev, hp + j)))
                        .add(da.mul(FloatVector.fromArray(S, hDropped, hd + j))).intoArray(dxp, d + j);
                EXACT.cast(FloatVector.fromArray(S, dhPrev, dhp + j)).add(dhd).intoArray(dhPrev, dhp + j);
            }
            for (; j < hu; j++) {
                float da = dxp[d + j];
                float dhd = da * gates[g + j];
                dxp[d + j] = dh[dhs + j] * (gates[g + hu + j] - hPrev[hp + j]) + da * hDropped[hd + j];
                dhPrev[dhp + j] += mask != null ? dhd * mask[maskOff + s + j] : dhd;
            }
        }
        mulDerivativeInPlace(recAct, gates, gOff, g2, dxp, dxpOff, g2, hu, rows);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(dxp, dxpOff + r * g2, drp, drpOff + r * g2, hu);
        }
    }
}
