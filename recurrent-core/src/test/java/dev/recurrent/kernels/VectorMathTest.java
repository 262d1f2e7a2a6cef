package dev.recurrent.kernels;

import jdk.incubator.vector.FloatVector;
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

    private interface Op {
        FloatVector apply(FloatVector v);
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
            op.apply(FloatVector.fromArray(VectorKernels.SPECIES, in, 0)).intoArray(out, 0);
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
    void tanhIsWithinFourUlps() {
        double w = worstUlps(VectorMath::tanh, Math::tanh, -12f, 12f, 0.00071f);
        assertTrue(w <= 4, "tanh: worst error " + w + " ulp");
    }

    @Test
    void sigmoidIsWithinFourUlps() {
        double w = worstUlps(VectorMath::sigmoid, x -> 1 / (1 + Math.exp(-x)), -30f, 30f, 0.0031f);
        assertTrue(w <= 4, "sigmoid: worst error " + w + " ulp");
    }

    @Test
    void extremesStayFinite() {
        float[] in = new float[VectorKernels.SPECIES.length()], out = new float[in.length];
        java.util.Arrays.fill(in, 1e6f);
        VectorMath.tanh(FloatVector.fromArray(VectorKernels.SPECIES, in, 0)).intoArray(out, 0);
        assertTrue(out[0] == 1f, "tanh(1e6) = " + out[0]);
        java.util.Arrays.fill(in, -1e6f);
        VectorMath.sigmoid(FloatVector.fromArray(VectorKernels.SPECIES, in, 0)).intoArray(out, 0);
        assertTrue(out[0] >= 0f && out[0] < 1e-30f, "sigmoid(-1e6) = " + out[0]);
    }
}
