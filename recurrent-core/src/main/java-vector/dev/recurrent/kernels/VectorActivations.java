package dev.recurrent.kernels;

import static dev.recurrent.kernels.Exact.EXACT;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The activations and their derivatives over runs of floats, one tight loop per activation: the
 * activation is chosen once per call, outside the loop (tanh and the sigmoid are {@link VectorMath}'s).
 * Each works on {@code rows} runs {@code stride} apart, so that a gate block of every batch row
 * takes one call.
 *
 * <p>Apart from tanh and the sigmoid ({@link VectorMath}: Eigen's rational approximations, and the
 * same bits interpreted or compiled), every operation is the one {@link Activation} does, in the
 * same order, so results match bit for bit.
 */
final class VectorActivations {

    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final float SIXTH = 1f / 6f;
    private static final float KERAS2_SLOPE = 0.2f;

    private VectorActivations() {
    }

    /** {@code x[off .. off+len) = act(x[off .. off+len))}. */
    static void applyInPlace(Activation act, float[] x, int off, int len) {
        applyInPlace(act, x, off, len, 1, 0);
    }

    /** {@link #applyInPlace(Activation, float[], int, int)} on {@code rows} runs {@code stride} apart. */
    static void applyInPlace(Activation act, float[] x, int off, int len, int rows, int stride) {
        Recompile.check();
        switch (act) {
            case TANH:
                VectorMath.tanh(x, off, len, rows, stride);
                return;
            case SIGMOID:
                VectorMath.sigmoid(x, off, len, rows, stride);
                return;
            case HARD_SIGMOID:
            case HARD_SIGMOID_KERAS2:
            case RELU:
                break;
            default:
                return;
        }
        int bound = S.loopBound(len);
        for (int row = 0, o = off; row < rows; row++, o += stride) {
            int j = 0;
            if (act == Activation.HARD_SIGMOID || act == Activation.HARD_SIGMOID_KERAS2) {
                float slope = act == Activation.HARD_SIGMOID ? SIXTH : KERAS2_SLOPE;
                for (; j < bound; j += S.length()) {
                    FloatVector v = EXACT.cast(FloatVector.fromArray(S, x, o + j));
                    v.mul(slope).add(0.5f).min(1f).max(0f).intoArray(x, o + j);
                }
            } else {
                for (; j < bound; j += S.length()) {
                    EXACT.cast(FloatVector.fromArray(S, x, o + j)).max(0f).intoArray(x, o + j);
                }
            }
            for (; j < len; j++) {
                x[o + j] = act.apply(x[o + j]);
            }
        }
    }

    /**
     * {@code out[outOff + j] = g[gOff + j] · act'(y[yOff + j])} for j in [0, len), the derivative
     * taken from outputs; {@code out} may be {@code g}.
     */
    static void mulDerivative(Activation act, float[] y, int yOff, float[] g, int gOff,
                              float[] out, int outOff, int len) {
        Recompile.check();
        if (out != g || outOff != gOff) {
            System.arraycopy(g, gOff, out, outOff, len);
        }
        mulDerivativeInPlace(act, y, yOff, 0, out, outOff, 0, len, 1);
    }

    /**
     * {@code g[gOff + j] *= act'(y[yOff + j])} for j in [0, len), on {@code rows} runs: row r at
     * {@code yOff + r·yStride} and {@code gOff + r·gStride}.
     */
    static void mulDerivativeInPlace(Activation act, float[] y, int yOff, int yStride,
                                     float[] g, int gOff, int gStride, int len, int rows) {
        Recompile.check();
        int bound = S.loopBound(len);
        for (int row = 0, yo = yOff, go = gOff; row < rows; row++, yo += yStride, go += gStride) {
            int j = 0;
            switch (act) {
                case TANH:
                    for (; j < bound; j += S.length()) {
                        FloatVector v = EXACT.cast(FloatVector.fromArray(S, y, yo + j));
                        FloatVector d = v.mul(v).neg().add(1f);
                        EXACT.cast(FloatVector.fromArray(S, g, go + j)).mul(d).intoArray(g, go + j);
                    }
                    break;
                case SIGMOID:
                    for (; j < bound; j += S.length()) {
                        FloatVector v = EXACT.cast(FloatVector.fromArray(S, y, yo + j));
                        FloatVector d = v.mul(v.neg().add(1f));
                        EXACT.cast(FloatVector.fromArray(S, g, go + j)).mul(d).intoArray(g, go + j);
                    }
                    break;
                case HARD_SIGMOID:
                case HARD_SIGMOID_KERAS2:
                    float slope = act == Activation.HARD_SIGMOID ? SIXTH : KERAS2_SLOPE;
                    for (; j < bound; j += S.length()) {
                        FloatVector v = EXACT.cast(FloatVector.fromArray(S, y, yo + j));
                        FloatVector gv = EXACT.cast(FloatVector.fromArray(S, g, go + j));
                        FloatVector inside = gv.mul(slope);
                        FloatVector outside = gv.mul(0f);
                        outside.blend(inside, v.compare(VectorOperators.GT, 0f).and(v.compare(VectorOperators.LT, 1f)))
                                .intoArray(g, go + j);
                    }
                    break;
                case RELU:
                    for (; j < bound; j += S.length()) {
                        FloatVector v = EXACT.cast(FloatVector.fromArray(S, y, yo + j));
                        FloatVector gv = EXACT.cast(FloatVector.fromArray(S, g, go + j));
                        gv.mul(0f).blend(gv, v.compare(VectorOperators.GT, 0f)).intoArray(g, go + j);
                    }
                    break;
                default:
                    return;                         // derivative 1
            }
            for (; j < len; j++) {
                g[go + j] = g[go + j] * act.derivativeFromOutput(y[yo + j]);
            }
        }
    }
}
