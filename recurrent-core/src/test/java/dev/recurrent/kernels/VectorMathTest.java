package dev.recurrent.kernels;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The vector exp, tanh and sigmoid stay within a few ulp of Math's over their whole range. */
class VectorMathTest {

    @BeforeAll
    static void needsTheVectorApi() {
        Assumptions.assumeTrue(KernelsProvider.vector().isPresent(),
                "the Vector API is absent (run with --add-modules jdk.incubator.vector)");
    }

    /** One of VectorMath's in-place functions. */
    private interface Op {
        void apply(float[] x, int off, int len);
    }

    /** Largest error in units of the expected value's ulp over x in [from, to). */
    private static double worstUlps(Op op, java.util.function.DoubleUnaryOperator ref, float from, float to, float step) {
        int lanes = VectorKernels.SPECIES.length();
        float[] in = new float[lanes], out = new float[lanes];
        double worst = 0;
        for (float x = from; x < to; x += step * lanes) {
            for (int i = 0; i < lanes; i++) {
                in[i] = x + i * step;
            }
            System.arraycopy(in, 0, out, 0, lanes);
            op.apply(out, 0, lanes);                    // one vector: no scalar tail
            for (int i = 0; i < lanes; i++) {
                double expected = ref.applyAsDouble(in[i]);
                double ulp = Math.max(Math.ulp((float) expected), Float.MIN_NORMAL);
                worst = Math.max(worst, Math.abs(out[i] - expected) / ulp);
            }
        }
        return worst;
    }

    @Test
    void expIsWithinThreeUlps() {
        double w = worstUlps(VectorMath::exp, Math::exp, -80f, 80f, 0.0137f);
        assertTrue(w <= 3, "exp: worst error " + w + " ulp");
    }

    @Test
    void tanhIsWithinFiveUlps() {
        double w = worstUlps(VectorMath::tanh, Math::tanh, -12f, 12f, 0.00071f);
        assertTrue(w <= 5, "tanh: worst error " + w + " ulp");
    }

    /** Every 61st float from 1e-30 to 9.5 (the rational's worst is 4.9 ulp, at x = 5.13), and its sign. */
    @Test
    void tanhIsWithinFiveUlpsOverASweepOfTheFloatsAndOdd() {
        double[] worst = {0};
        float[] at = {0};
        sweep(1, 9.5f, 61, in -> {
            float[] out = in.clone(), neg = new float[in.length];
            for (int i = 0; i < in.length; i++) {
                neg[i] = -in[i];
            }
            VectorMath.tanh(out, 0, out.length);
            VectorMath.tanh(neg, 0, neg.length);
            for (int i = 0; i < in.length; i++) {
                double expected = Math.tanh(in[i]);
                double w = Math.abs(out[i] - expected) / Math.ulp((float) expected);
                if (w > worst[0]) {
                    worst[0] = w;
                    at[0] = in[i];
                }
                assertTrue(neg[i] == -out[i], "tanh(-x) = -tanh(x) at x = " + in[i]);
            }
        });
        assertTrue(worst[0] <= 5, "tanh: worst error " + worst[0] + " ulp at x = " + at[0]);
    }

    @Test
    void sigmoidIsWithinFourUlpsAtAndAboveZeroAndBelowMinusNine() {
        java.util.function.DoubleUnaryOperator sigmoid = x -> 1 / (1 + Math.exp(-x));
        double above = worstUlps(VectorMath::sigmoid, sigmoid, 0f, 30f, 0.0031f);
        double below = worstUlps(VectorMath::sigmoid, sigmoid, -30f, -9.05f, 0.0031f);
        assertTrue(above <= 4, "sigmoid, x >= 0: worst error " + above + " ulp");
        assertTrue(below <= 4, "sigmoid, x < -9: worst error " + below + " ulp");
    }

    /**
     * Eigen's rational logistic, as TensorFlow computes it on the CPU: within 3·2^-24 of the sigmoid
     * everywhere (1.6e-7 at x = 11.7 and 1.35e-7 at x = −8.07, where the value is 3e-4), within 4 ulp
     * at and above 0 and below −9 (the exp-based formula takes over there); every 37th float of
     * either sign from 1e-30 to 30.
     */
    @Test
    void sigmoidIsWithinThreeTimesTwoToTheMinus24OverASweepOfTheFloats() {
        double bound = 3 * Math.pow(2, -24);
        double[] worst = {0, 0};                    // absolute error, ulps where they are bounded
        float[] at = {0, 0};
        for (int sign = -1; sign <= 1; sign += 2) {
            sweep(sign, 30f, 37, in -> {
                float[] out = in.clone();
                VectorMath.sigmoid(out, 0, out.length);
                for (int i = 0; i < in.length; i++) {
                    double expected = 1 / (1 + Math.exp(-(double) in[i])), error = Math.abs(out[i] - expected);
                    if (error > worst[0]) {
                        worst[0] = error;
                        at[0] = in[i];
                    }
                    double ulps = error / Math.max(Math.ulp((float) expected), Float.MIN_NORMAL);
                    if ((in[i] >= 0 || in[i] < -9) && ulps > worst[1]) {
                        worst[1] = ulps;
                        at[1] = in[i];
                    }
                }
            });
        }
        assertTrue(worst[0] <= bound, "sigmoid: worst absolute error " + worst[0] + " at x = " + at[0]);
        assertTrue(worst[1] <= 4, "sigmoid: worst error " + worst[1] + " ulp at x = " + at[1]);
    }

    /**
     * Hands {@code block} every {@code step}-th float of the given sign, by bit pattern, from 1e-30 to
     * {@code end} in magnitude, 256 vectors at a time (the last block padded with {@code end}).
     */
    private static void sweep(int sign, float end, int step, java.util.function.Consumer<float[]> block) {
        float[] in = new float[256 * VectorKernels.SPECIES.length()];
        int last = Float.floatToRawIntBits(end);
        for (int b = Float.floatToRawIntBits(1e-30f); b < last; ) {
            for (int i = 0; i < in.length; i++, b += step) {
                in[i] = sign * Float.intBitsToFloat(Math.min(b, last));
            }
            block.accept(in);
        }
    }

    @Test
    void extremesStayFinite() {
        float[] out = new float[VectorKernels.SPECIES.length()];
        java.util.Arrays.fill(out, 1e6f);
        VectorMath.tanh(out, 0, out.length);
        assertTrue(out[0] == 1f, "tanh(1e6) = " + out[0]);
        java.util.Arrays.fill(out, -1e6f);
        VectorMath.sigmoid(out, 0, out.length);
        assertTrue(out[0] >= 0f && out[0] < 1e-30f, "sigmoid(-1e6) = " + out[0]);
        java.util.Arrays.fill(out, -1e6f);
        VectorMath.exp(out, 0, out.length);
        assertTrue(out[0] >= 0f && out[0] < 1e-30f, "exp(-1e6) = " + out[0]);
    }
}
