package dev.recurrent.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.recurrent.layers.Parameter;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs exported models in ONNX Runtime and compares them with the model's own predictions. */
final class OnnxParity {
    static final double TOLERANCE = 1e-5;
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private OnnxParity() {
    }

    /** Sets every weight of the built model (biases and peepholes included) to uniform values in [−scale, scale]. */
    static Sequential randomize(Sequential model, long seed, float scale) {
        model.build();
        Random r = new Random(seed);
        for (Parameter p : model.parameters()) {
            float[] v = p.value();
            for (int i = 0; i < v.length; i++) {
                v[i] = (r.nextFloat() * 2 - 1) * scale;
            }
        }
        return model;
    }

    /** Uniform values in [−1, 1] for a batch of samples of the model's input shape. */
    static Tensor randomInput(Sequential model, int batch, long seed) {
        int[] sample = model.inputShape().dims();
        int[] shape = new int[sample.length + 1];
        shape[0] = batch;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        float[] x = new float[batch * model.inputShape().size()];
        Random r = new Random(seed);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() * 2 - 1;
        }
        return Tensor.of(x, shape);
    }

    /** Token ids in [1, vocabulary) as floats, [batch, steps]. */
    static Tensor randomTokens(int batch, int steps, int vocabulary, long seed) {
        float[] x = new float[batch * steps];
        Random r = new Random(seed);
        for (int i = 0; i < x.length; i++) {
            x[i] = 1 + r.nextInt(vocabulary - 1);
        }
        return Tensor.of(x, batch, steps);
    }

    /** The ONNX model's output for x, as ONNX Runtime computes it. */
    static float[] run(byte[] onnx, Tensor x) throws OrtException {
        long[] shape = Arrays.stream(x.shape()).asLongStream().toArray();
        try (OrtSession session = ENV.createSession(onnx, new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x.data()), shape);
             OrtSession.Result result = session.run(Map.of("input", in))) {
            OnnxTensor out = (OnnxTensor) result.get("output").orElseThrow();
            FloatBuffer b = out.getFloatBuffer();
            float[] y = new float[b.remaining()];
            b.get(y);
            return y;
        }
    }

    /** Exports the model, runs it on x in ONNX Runtime and asserts its output equals predict's within {@link #TOLERANCE}. */
    static void assertSamePredictions(Sequential model, Tensor x) throws OrtException {
        Tensor expected = model.predict(x, x.samples());
        assertVaries(expected.data());
        float[] actual = run(OnnxExport.toBytes(model), x);
        assertClose(model.name(), expected.data(), actual);
    }

    static void assertClose(String what, float[] expected, float[] actual) {
        assertTrue(expected.length == actual.length, what + ": expected " + expected.length + " values, ONNX gave " + actual.length);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        assertTrue(worst <= TOLERANCE, what + ": largest difference " + worst + " at " + at + " (expected "
                + (at < 0 ? "" : expected[at] + ", ONNX " + actual[at]) + ")");
    }

    /** Asserts the output is not all zeros or constant, so that a comparison means something. */
    static void assertVaries(float[] y) {
        float[] sorted = y.clone();
        Arrays.sort(sorted);
        assertTrue(sorted[sorted.length - 1] - sorted[0] > 1e-3, "the output hardly varies: " + Arrays.toString(Arrays.copyOf(y, 8)));
    }
}
