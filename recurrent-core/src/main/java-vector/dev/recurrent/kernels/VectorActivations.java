package dev.recurrent.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The activations and their derivatives over a run of floats, one tight loop per activation: the
 * activation is chosen once per call, outside the loop (tanh and the sigmoid are {@link VectorMath}'s). Each loop runs its body to
 * {@code loopBound} and ends with the scalar {@link Activation} on the tail.
 *
 * <p>Apart from tanh and the sigmoid's exponential ({@link VectorMath}: about 2 ulp, and the same
 * bits interpreted or compiled), every operation is the one {@link Activation} does, in the same
 * order, so results match bit for bit.
 */
final class VectorActivations {

    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final float SIXTH = 1f / 6f;

    private VectorActivations() {
    }

    /** {@code x[off .. off+len) = act(x[off .. off+len))}. */
    static void applyInPlace(Activation act, float[] x, int off, int len) {
        int bound = S.loopBound(len);
        int j = 0;
        switch (act) {
            case TANH:
                VectorMath.tanh(x, off, len);
                return;
            case SIGMOID:
                VectorMath.sigmoid(x, off, len);
                return;
            case HARD_SIGMOID:
                for (; j < bound; j += S.length()) {
                    FloatVector v = FloatVector.fromArray(S, x, off + j);
                    v.mul(SIXTH).add(0.5f).min(1f).max(0f).intoArray(x, off + j);
                }
                break;
            case RELU:
                for (; j < bound; j += S.length()) {
                    FloatVector.fromArray(S, x, off + j).max(0f).intoArray(x, off + j);
                }
                break;
            default:
                return;
        }
        for (; j < len; j++) {
            x[off + j] = act.apply(x[off + j]);
        }
    }

    /**
     * {@code out[outOff + j] = g[gOff + j] · act'(y[yOff + j])} for j in [0, len), the derivative
     * taken from outputs; {@code out} may be {@code g}.
     */
    static void mulDerivative(Activation act, float[] y, int yOff, float[] g, int gOff,
                              float[] out, int outOff, int len) {
        int bound = S.loopBound(len);
        int j = 0;
        switch (act) {
            case TANH:
                for (; j < bound; j += S.length()) {
                    FloatVector v = FloatVector.fromArray(S, y, yOff + j);
                    FloatVector d = v.mul(v).neg().add(1f);
                    FloatVector.fromArray(S, g, gOff + j).mul(d).intoArray(out, outOff + j);
                }
                break;
            case SIGMOID:
                for (; j < bound; j += S.length()) {
                    FloatVector v = FloatVector.fromArray(S, y, yOff + j);
                    FloatVector d = v.mul(v.neg().add(1f));
                    FloatVector.fromArray(S, g, gOff + j).mul(d).intoArray(out, outOff + j);
                }
                break;
            case HARD_SIGMOID:
                for (; j < bound; j += S.length()) {
                    FloatVector v = FloatVector.fromArray(S, y, yOff + j);
                    FloatVector gv = FloatVector.fromArray(S, g, gOff + j);
                    FloatVector inside = gv.mul(SIXTH);
                    FloatVector outside = gv.mul(0f);
                    outside.blend(inside, v.compare(VectorOperators.GT, 0f).and(v.compare(VectorOperators.LT, 1f)))
                            .intoArray(out, outOff + j);
                }
                break;
            case RELU:
                for (; j < bound; j += S.length()) {
                    FloatVector v = FloatVector.fromArray(S, y, yOff + j);
                    FloatVector gv = FloatVector.fromArray(S, g, gOff + j);
                    gv.mul(0f).blend(gv, v.compare(VectorOperators.GT, 0f)).intoArray(out, outOff + j);
                }
                break;
            default:
                // derivative 1: g · 1 = g
                if (out != g || outOff != gOff) {
                    System.arraycopy(g, gOff, out, outOff, len);
                }
                return;
        }
        for (; j < len; j++) {
            out[outOff + j] = g[gOff + j] * act.derivativeFromOutput(y[yOff + j]);
        }
    }
}
