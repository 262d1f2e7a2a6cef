package dev.recurrent.loss;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Helpers shared by the loss tests: finite differences and array comparisons. */
final class LossTesting {
    /** Step of the central differences; the losses are summed in double, so float32 noise is tiny. */
    static final double STEP = 1e-3;
    static final double ABS_TOL = 1e-5, REL_TOL = 1e-3;

    private LossTesting() {
    }

    /**
     * Compares {@code analytic[i]} with the central difference of {@code loss} in {@code values[i]}
     * for every i. The denominator is the step actually taken in float32, so rounding of
     * {@code x ± h} does not bias the quotient. Returns one line per mismatch.
     */
    static List<String> finiteDifferences(String what, float[] values, float[] analytic, DoubleSupplier loss) {
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            float keep = values[i];
            float up = (float) (keep + STEP);
            float down = (float) (keep - STEP);
            values[i] = up;
            double lossUp = loss.getAsDouble();
            values[i] = down;
            double lossDown = loss.getAsDouble();
            values[i] = keep;
            double numeric = (lossUp - lossDown) / ((double) up - (double) down);
            if (Math.abs(numeric - analytic[i]) > ABS_TOL + REL_TOL * Math.abs(numeric)) {
                bad.add(String.format("%s[%d] at %g: analytic %.8f, numeric %.8f", what, i, keep, analytic[i], numeric));
            }
        }
        return bad;
    }

    /** Checks {@code loss.compute}'s gradient against finite differences. */
    static void checkGradient(Loss loss, float[] yPred, float[] yTrue, float[] weights, int rows, int cols) {
        float[] grad = new float[rows * cols];
        loss.compute(yPred, yTrue, weights, rows, cols, grad);
        List<String> bad = finiteDifferences(loss + " dL/dyPred", yPred, grad,
                () -> loss.compute(yPred, yTrue, weights, rows, cols, null));
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    static void assertArrayClose(double[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, what + "[" + i + "]");
        }
    }

    static void assertArrayClose(float[] expected, float[] actual, double absTol, double relTol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double tol = absTol + relTol * Math.abs(expected[i]);
            assertEquals(expected[i], actual[i], tol, what + "[" + i + "]");
        }
    }

    static void assertAllFinite(float[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            assertTrue(Float.isFinite(values[i]), what + "[" + i + "] = " + values[i]);
        }
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** Row-wise softmax in double, rounded to float. */
    static float[] softmax(float[] logits, int rows, int cols) {
        float[] out = new float[logits.length];
        for (int i = 0; i < rows; i++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                m = Math.max(m, logits[i * cols + j]);
            }
            double z = 0;
            for (int j = 0; j < cols; j++) {
                z += Math.exp(logits[i * cols + j] - m);
            }
            for (int j = 0; j < cols; j++) {
                out[i * cols + j] = (float) (Math.exp(logits[i * cols + j] - m) / z);
            }
        }
        return out;
    }
}
