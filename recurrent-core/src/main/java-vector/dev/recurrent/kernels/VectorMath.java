package dev.recurrent.kernels;

import static dev.recurrent.kernels.Exact.EXACT;
import static dev.recurrent.kernels.Exact.EXACT_INTS;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, tanh and the sigmoid over runs of floats, from fused multiply-adds, one division and bit
 * operations only. exp uses Cephes' single-precision polynomial (about 2 ulp). tanh and the
 * sigmoid are the rational approximations Eigen uses for float (and through Eigen, TensorFlow on
 * the CPU): they need no exp, the dearest part of the gate math. tanh: {@code x·P(x²)/Q(x²)} of
 * degrees 13 and 6 on x clamped to ±7.9988, under 5 ulp over every float. The sigmoid:
 * {@code 0.5 + x·P(x²)/Q(x²)} of degrees 9 and 10, within 3·2^-24 of the truth everywhere and 4 ulp
 * at and above 0, but with a relative error that grows towards x = −9, where the value is tiny:
 * below −9 it gives way to {@code 1/(1 + e^{−x})}, Cephes' exp again. docs/performance.md has their
 * measured accuracy and cost. The Vector API's own {@code EXP}/{@code TANH} return different low
 * bits when interpreted and when compiled to SVML stubs, which would make a training run depend on
 * JIT timing; these give the same bits either way.
 *
 * <p>No method here takes or returns a vector, and e^x is written out in each loop rather than
 * called: every Vector API call expands into many compiler nodes, and once a compilation passes
 * C2's node budget it stops inlining our methods (never the JDK's own), so a vector handed across
 * one of ours would be boxed on the heap at every call. The tails use {@link Activation}'s scalars.
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private static final FloatVector LOW = FloatVector.broadcast(S, -87f), HIGH = FloatVector.broadcast(S, 88f);
    private static final FloatVector LOG2E = FloatVector.broadcast(S, 1.44269504088896341f);
    private static final FloatVector MINUS_LN2_HI = FloatVector.broadcast(S, -0.693359375f);
    private static final FloatVector MINUS_LN2_LO = FloatVector.broadcast(S, 2.12194440e-4f);
    /** 1.5 · 2^23: adding and subtracting it rounds a float of magnitude below 2^22 to an integer. */
    private static final FloatVector ROUNDER = FloatVector.broadcast(S, 12582912f);
    /**
     * The bits of ROUNDER + n are ROUNDER's plus n, so 2^n = ((bits − ROUNDER's + 127) << 23): no
     * float-to-int conversion, which JDK 17's C2 does not compile into vector instructions (it runs
     * a slow fallback there).
     */
    private static final int EXPONENT_OFFSET = Float.floatToRawIntBits(12582912f) - 127;
    private static final FloatVector E5 = FloatVector.broadcast(S, 1.9875691500E-4f), E4 = FloatVector.broadcast(S, 1.3981999507E-3f),
            E3 = FloatVector.broadcast(S, 8.3334519073E-3f), E2 = FloatVector.broadcast(S, 4.1665795894E-2f),
            E1 = FloatVector.broadcast(S, 1.6666665459E-1f), E0 = FloatVector.broadcast(S, 5.0000001201E-1f);
    /** Eigen's tanh for float with FMA: beyond ±TANH_CLAMP the rational rounds to ±1. */
    private static final FloatVector TANH_CLAMP = FloatVector.broadcast(S, 7.99881172180175781f), TANH_LOW = TANH_CLAMP.neg();
    private static final FloatVector A1 = FloatVector.broadcast(S, 4.89352455891786e-03f), A3 = FloatVector.broadcast(S, 6.37261928875436e-04f),
            A5 = FloatVector.broadcast(S, 1.48572235717979e-05f), A7 = FloatVector.broadcast(S, 5.12229709037114e-08f),
            A9 = FloatVector.broadcast(S, -8.60467152213735e-11f), A11 = FloatVector.broadcast(S, 2.00018790482477e-13f),
            A13 = FloatVector.broadcast(S, -2.76076847742355e-16f);
    private static final FloatVector B0 = FloatVector.broadcast(S, 4.89352518554385e-03f), B2 = FloatVector.broadcast(S, 2.26843463243900e-03f),
            B4 = FloatVector.broadcast(S, 1.18534705686654e-04f), B6 = FloatVector.broadcast(S, 1.19825839466702e-06f);

    /**
     * Eigen's logistic for float with FMA: {@code 0.5 + x·P(x²)/Q(x²)} of degrees 9 and 10 on x up to
     * SIGMOID_HIGH, where it rounds to 1; below SIGMOID_LOW it is given up for the exp-based formula.
     */
    private static final FloatVector SIGMOID_LOW = FloatVector.broadcast(S, -9f), SIGMOID_HIGH = FloatVector.broadcast(S, 15.7243833541870117f);
    private static final FloatVector HALF = FloatVector.broadcast(S, 0.5f);
    private static final FloatVector L1 = FloatVector.broadcast(S, 2.48287947061529e-01f), L3 = FloatVector.broadcast(S, 8.51377133304701e-03f),
            L5 = FloatVector.broadcast(S, 6.08574864600143e-05f), L7 = FloatVector.broadcast(S, 1.15627324459942e-07f),
            L9 = FloatVector.broadcast(S, 4.37031012579801e-11f);
    private static final FloatVector M0 = FloatVector.broadcast(S, 9.93151921023180e-01f), M2 = FloatVector.broadcast(S, 1.16817656904453e-01f),
            M4 = FloatVector.broadcast(S, 1.70198817374094e-03f), M6 = FloatVector.broadcast(S, 6.29106785017040e-06f),
            M8 = FloatVector.broadcast(S, 5.76102136993427e-09f), M10 = FloatVector.broadcast(S, 6.10247389755681e-13f);

    private VectorMath() {
    }

    /** {@code x[off .. off+len) = e^x}, x clamped to [−87, 88] (below: about 1.6e-38; above: about 1.7e38). */
    static void exp(float[] x, int off, int len) {
        Recompile.check();
        int bound = S.loopBound(len), j = 0;
        for (; j < bound; j += S.length()) {
            FloatVector v = EXACT.cast(FloatVector.fromArray(S, x, off + j)).max(LOW).min(HIGH);
            FloatVector t = v.fma(LOG2E, ROUNDER), n = t.sub(ROUNDER);
            FloatVector r = n.fma(MINUS_LN2_LO, n.fma(MINUS_LN2_HI, v));
            FloatVector p = r.fma(E5, E4).fma(r, E3).fma(r, E2).fma(r, E1).fma(r, E0).fma(r.mul(r), r).add(ONE);
            FloatVector scale = EXACT_INTS.cast(t.reinterpretAsInts()).sub(EXPONENT_OFFSET).lanewise(VectorOperators.LSHL, 23)
                    .reinterpretAsFloats();
            p.mul(scale).intoArray(x, off + j);
        }
        for (; j < len; j++) {
            x[off + j] = (float) Math.exp(x[off + j]);
        }
    }

    /** {@code x[off .. off+len) = tanh(x)}, Eigen's rational approximation (see the class comment). */
    static void tanh(float[] x, int off, int len) {
        tanh(x, off, len, 1, 0);
    }

    /** {@link #tanh(float[], int, int)} on {@code rows} runs of {@code len} floats, {@code stride} apart. */
    static void tanh(float[] x, int off, int len, int rows, int stride) {
        Recompile.check();
        int bound = S.loopBound(len);
        for (int row = 0, o = off; row < rows; row++, o += stride) {
            int j = 0;
            for (; j < bound; j += S.length()) {
                FloatVector v = EXACT.cast(FloatVector.fromArray(S, x, o + j)).min(TANH_CLAMP).max(TANH_LOW);
                FloatVector z = v.mul(v);
                FloatVector p = z.fma(A13, A11).fma(z, A9).fma(z, A7).fma(z, A5).fma(z, A3).fma(z, A1).mul(v);
                FloatVector q = z.fma(B6, B4).fma(z, B2).fma(z, B0);
                p.div(q).intoArray(x, o + j);
            }
            for (; j < len; j++) {
                x[o + j] = Activation.TANH.apply(x[o + j]);
            }
        }
    }

    /** {@code x[off .. off+len) = 1 / (1 + e^−x)}, the logistic sigmoid: Eigen's rational approximation (see the class comment). */
    static void sigmoid(float[] x, int off, int len) {
        sigmoid(x, off, len, 1, 0);
    }

    /** {@link #sigmoid(float[], int, int)} on {@code rows} runs of {@code len} floats, {@code stride} apart. */
    static void sigmoid(float[] x, int off, int len, int rows, int stride) {
        Recompile.check();
        int bound = S.loopBound(len);
        for (int row = 0, o = off; row < rows; row++, o += stride) {
            int j = 0;
            for (; j < bound; j += S.length()) {
                FloatVector in = EXACT.cast(FloatVector.fromArray(S, x, o + j));
                FloatVector v = in.min(SIGMOID_HIGH).max(SIGMOID_LOW), z = v.mul(v);
                FloatVector p = z.fma(L9, L7).fma(z, L5).fma(z, L3).fma(z, L1).mul(v);
                FloatVector q = z.fma(M10, M8).fma(z, M6).fma(z, M4).fma(z, M2).fma(z, M0);
                FloatVector y = p.div(q).add(HALF);
                VectorMask<Float> low = in.compare(VectorOperators.LT, SIGMOID_LOW);
                if (low.anyTrue()) {
                    // 1 / (1 + e^{−x}), e^{−x} as in exp, where the rational's relative error would grow
                    FloatVector w = in.neg().max(LOW).min(HIGH);
                    FloatVector t = w.fma(LOG2E, ROUNDER), n = t.sub(ROUNDER);
                    FloatVector r = n.fma(MINUS_LN2_LO, n.fma(MINUS_LN2_HI, w));
                    FloatVector e = r.fma(E5, E4).fma(r, E3).fma(r, E2).fma(r, E1).fma(r, E0).fma(r.mul(r), r).add(ONE)
                            .mul(EXACT_INTS.cast(t.reinterpretAsInts()).sub(EXPONENT_OFFSET).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
                    y = y.blend(ONE.div(e.add(ONE)), low);
                }
                EXACT.cast(y).intoArray(x, o + j);      // y merges two paths: cast again
            }
            for (; j < len; j++) {
                x[o + j] = Activation.SIGMOID.apply(x[o + j]);
            }
        }
    }
}
