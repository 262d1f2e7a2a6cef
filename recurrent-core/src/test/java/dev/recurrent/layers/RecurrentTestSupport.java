package dev.recurrent.layers;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Shared helpers for the layer tests: the three cells, random tensors, slicing and comparisons. */
final class RecurrentTestSupport {

    private RecurrentTestSupport() {
    }

    /** The three recurrent layers, for parameterized tests. */
    enum Kind {
        LSTM(4), GRU(3), SIMPLE_RNN(1);

        /** Gates per unit: G. */
        final int gates;

        Kind(int gates) {
            this.gates = gates;
        }

        RecurrentConfig.Builder<? extends Recurrent> builder(int units) {
            switch (this) {
                case LSTM:
                    return dev.recurrent.layers.LSTM.builder(units);
                case GRU:
                    return dev.recurrent.layers.GRU.builder(units);
                default:
                    return SimpleRNN.builder(units);
            }
        }

        boolean hasCellState() {
            return this == LSTM;
        }

        int biasLength(int units) {
            return this == GRU ? 6 * units : gates * units;
        }
    }

    static float[] random(Random rng, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
        }
        return a;
    }

    /** Builds the layer for {@code inputs} features and gives it random weights (uniform ±scale). */
    static <L extends Recurrent> L withRandomWeights(L layer, Kind kind, int inputs, Random rng, double scale) {
        int h = layer.units(), gh = kind.gates * h;
        layer.build(inputs);
        layer.setWeights(random(rng, inputs * gh, scale), random(rng, h * gh, scale),
                random(rng, kind.biasLength(h), scale));
        return layer;
    }

    /** Builds {@code to} like {@code from} and copies its weights. */
    static <L extends Recurrent> L copyWeights(Recurrent from, L to) {
        List<Parameter> p = from.parameters();
        to.build(from.inputFeatures());
        to.setWeights(p.get(0).value().clone(), p.get(1).value().clone(), p.get(2).value().clone());
        return to;
    }

    /** x [B, T, F] restricted to steps [t0, t1). */
    static float[] sliceTime(float[] x, int batch, int steps, int features, int t0, int t1) {
        int n = t1 - t0;
        float[] out = new float[batch * n * features];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(x, (b * steps + t0) * features, out, b * n * features, n * features);
        }
        return out;
    }

    /** x [B, T, F] restricted to samples [b0, b1). */
    static float[] sliceBatch(float[] x, int rowLength, int b0, int b1) {
        float[] out = new float[(b1 - b0) * rowLength];
        System.arraycopy(x, b0 * rowLength, out, 0, out.length);
        return out;
    }

    /** x [B, T, F] with its time axis reversed. */
    static float[] reverseTime(float[] x, int batch, int steps, int features) {
        float[] out = new float[x.length];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                System.arraycopy(x, (b * steps + t) * features, out, (b * steps + steps - 1 - t) * features, features);
            }
        }
        return out;
    }

    static boolean[] reverseTime(boolean[] mask, int batch, int steps) {
        boolean[] out = new boolean[mask.length];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                out[b * steps + steps - 1 - t] = mask[b * steps + t];
            }
        }
        return out;
    }

    /** Concatenates [B, T1, F] and [B, T2, F] along time. */
    static float[] concatTime(float[] a, int steps1, float[] b, int steps2, int batch, int features) {
        int steps = steps1 + steps2;
        float[] out = new float[batch * steps * features];
        for (int r = 0; r < batch; r++) {
            System.arraycopy(a, r * steps1 * features, out, r * steps * features, steps1 * features);
            System.arraycopy(b, r * steps2 * features, out, (r * steps + steps1) * features, steps2 * features);
        }
        return out;
    }

    /** max |actual − expected| / max |expected| (absolute when expected is all zeros). */
    static double relativeError(float[] expected, float[] actual) {
        double maxErr = 0, maxRef = 0;
        for (int i = 0; i < expected.length; i++) {
            maxErr = Math.max(maxErr, Math.abs((double) actual[i] - expected[i]));
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
        }
        return maxRef == 0 ? maxErr : maxErr / maxRef;
    }

    static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double rel = relativeError(expected, actual);
        if (!(rel <= tolerance)) {
            fail(String.format("%s: relative error %.3g > %.1g", what, rel, tolerance));
        }
    }

    static void assertClose(double[] expected, float[] actual, double tolerance, String what) {
        float[] e = new float[expected.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = (float) expected[i];
        }
        assertClose(e, actual, tolerance, what);
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }

    static void assertDiffer(float[] a, float[] b, String what) {
        assertEquals(a.length, b.length, what + ": length");
        if (maxAbsDiff(a, b) < 1e-6) {
            fail(what + ": expected the two results to differ, but they agree within 1e-6");
        }
    }

    /** The gradients of kernel, recurrent_kernel and bias, copied. */
    static float[][] weightGradients(Recurrent layer) {
        List<Parameter> p = layer.parameters();
        return new float[][] {p.get(0).grad().clone(), p.get(1).grad().clone(), p.get(2).grad().clone()};
    }

    static final String[] WEIGHT_NAMES = {"kernel", "recurrent_kernel", "bias"};

    static void assertWeightGradientsClose(float[][] expected, float[][] actual, double tolerance, String what) {
        for (int i = 0; i < 3; i++) {
            assertClose(expected[i], actual[i], tolerance, what + ": grad " + WEIGHT_NAMES[i]);
        }
    }
}
