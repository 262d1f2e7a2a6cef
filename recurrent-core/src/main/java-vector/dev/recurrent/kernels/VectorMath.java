package dev.recurrent.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, tanh and the sigmoid over runs of floats, from fused multiply-adds, one division and bit
 * operations only. exp and the sigmoid use Cephes' single-precision polynomials (about 2 ulp);
 * tanh is the rational approximation Eigen uses for float tanh (and through Eigen, TensorFlow on
 * the CPU), {@code x·P(x²)/Q(x²)} of degrees 13 and 6 on x clamped to ±7.9988: under 5 ulp over
 * every float (4.9 at x = 5.13), where {@code 1 − 2/(e^{2x} + 1)} was 1.3, and 40 % cheaper, which
 * takes a sixth off the LSTM's forward step. The Vector API's own {@code EXP}/{@code TANH} return
 * different low bits when interpreted and when compiled to SVML stubs, which would make a training
 * run depend on JIT timing; these give the same bits either way.
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
     * float-to-int conversion, which JDK 17 does not compile (about 8× slower there).
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

    private VectorMath() {
    }

    /** {@code x[off .. off+len) = e^x}, x clamped to [−87, 88] (below: about 1.6e-38; above: about 1.7e38). */
    static void exp(float[] x, int off, int len) {
        Recompile.check();
        int bound = S.loopBound(len), j = 0;
        for (; j < bound; j += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, off + j).max(LOW).min(HIGH);
            FloatVector t = v.fma(LOG2E, ROUNDER), n = t.sub(ROUNDER);
            FloatVector r = n.fma(MINUS_LN2_LO, n.fma(MINUS_LN2_HI, v));
            FloatVector p = r.fma(E5, E4).fma(r, E3).fma(r, E2).fma(r, E1).fma(r, E0).fma(r.mul(r), r).add(ONE);
            FloatVector scale = t.reinterpretAsInts().sub(EXPONENT_OFFSET).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
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
                FloatVector v = FloatVector.fromArray(S, x, o + j).min(TANH_CLAMP).max(TANH_LOW);
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

    /** {@code x[off .. off+len) = 1 / (1 + e^−x)}, the logistic sigmoid. */
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
                // e^{−x}, as in exp
                FloatVector v = FloatVector.fromArray(S, x, o + j).neg().max(LOW).min(HIGH);
                FloatVector t = v.fma(LOG2E, ROUNDER), n = t.sub(ROUNDER);
                FloatVector r = n.fma(MINUS_LN2_LO, n.fma(MINUS_LN2_HI, v));
                FloatVector p = r.fma(E5, E4).fma(r, E3).fma(r, E2).fma(r, E1).fma(r, E0).fma(r.mul(r), r).add(ONE);
                FloatVector e = p.mul(t.reinterpretAsInts().sub(EXPONENT_OFFSET).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
                ONE.div(e.add(ONE)).intoArray(x, o + j);
            }
            for (; j < len; j++) {
                x[o + j] = Activation.SIGMOID.apply(x[o + j]);
            }
        }
    }
}
