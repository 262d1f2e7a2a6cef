package dev.recurrent.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import dev.recurrent.io.AtomicFile;
import dev.recurrent.layers.Layer;
import dev.recurrent.model.Sequential;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a built {@link Sequential} as an ONNX model (opset {@value #OPSET}) whose recurrent layers
 * are ONNX's own {@code LSTM}, {@code GRU} and {@code RNN} operators, for ONNX Runtime and the
 * runtimes built on it.
 *
 * <p>The graph has one float input {@code input} [batch, ...the model's input shape] (token ids as
 * floats for a model that starts with an Embedding, as {@code predict} takes them) and one output
 * {@code output} [batch, ...the model's output shape]. The batch dimension is dynamic, and so is
 * the sequence length where nothing fixes it (a Flatten of the time axis does). See
 * {@code docs/interop-onnx.md} for the operator mapping and what is refused.
 *
 * <pre>{@code
 * OnnxExport.save(model, Path.of("model.onnx"));
 * byte[] onnx = OnnxExport.toBytes(model);
 * }</pre>
 */
public final class OnnxExport {
    /** The ONNX operator set the files use. */
    public static final int OPSET = 17;
    /** The ONNX IR version that goes with {@link #OPSET}. */
    static final int IR_VERSION = 8;

    private OnnxExport() {
    }

    /**
     * The model as ONNX protobuf bytes.
     *
     * @throws IllegalArgumentException naming the layer, its class and the option, when a layer or
     *                                  option has no exact ONNX form, or the model is not built
     */
    public static byte[] toBytes(Sequential model) {
        return toModel(model).toByteArray();
    }

    /** Writes {@link #toBytes} to {@code file} atomically (a failed write leaves the file as it was). */
    public static void save(Sequential model, Path file) throws IOException {
        byte[] bytes = toBytes(model);
        AtomicFile.write(file, out -> out.write(bytes));
    }

    static ModelProto toModel(Sequential model) {
        if (model == null) {
            throw new IllegalArgumentException("cannot export to ONNX: expected a model, got null");
        }
        if (!model.isBuilt()) {
            throw new IllegalArgumentException("cannot export to ONNX: model '" + model.name()
                    + "' is not built (it has no weights yet); build, train or load it first");
        }
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("recurrent")
                .setModelVersion(1)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(new SequentialExporter(model).export())
                .build();
    }

    /** The error for a layer or option without an exact ONNX form. */
    static IllegalArgumentException refuse(Layer layer, String why) {
        return new IllegalArgumentException("cannot export to ONNX: layer '" + layer.name() + "' (" + layer.type() + "): " + why);
    }
}
