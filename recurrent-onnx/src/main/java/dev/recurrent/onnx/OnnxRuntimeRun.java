package dev.recurrent.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.recurrent.tensor.Tensor;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs an exported file in ONNX Runtime, for a parity check beside the model's own predictions.
 * ONNX Runtime is an optional dependency of this module (its jar carries native libraries):
 * {@link #available()} says whether it is on the class path.
 */
public final class OnnxRuntimeRun {
    private OnnxRuntimeRun() {
    }

    public static boolean available() {
        try {
            Class.forName("ai.onnxruntime.OrtEnvironment", false, OnnxRuntimeRun.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The output of the file's graph (input {@code input}, output {@code output}) for x, shaped as ONNX Runtime gives it. */
    public static Tensor run(Path onnx, Tensor x) throws IOException {
        long[] shape = Arrays.stream(x.shape()).asLongStream().toArray();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data()), shape);
             OrtSession.Result result = session.run(Map.of(SequentialExporter.INPUT, in))) {
            OnnxTensor out = (OnnxTensor) result.get(SequentialExporter.OUTPUT)
                    .orElseThrow(() -> new IOException(onnx + " has no output named " + SequentialExporter.OUTPUT));
            FloatBuffer b = out.getFloatBuffer();
            float[] y = new float[b.remaining()];
            b.get(y);
            return Tensor.of(y, Arrays.stream(out.getInfo().getShape()).mapToInt(Math::toIntExact).toArray());
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime could not run " + onnx + ": " + e.getMessage(), e);
        }
    }
}
