package dev.recurrent.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX graph being written: nodes, initializers (weights and constants, little-endian raw data)
 * and the graph's inputs and outputs. Tensor names are made unique here ({@link #name}).
 */
final class OnnxGraph {
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Map<String, Integer> used = new HashMap<>();

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** A tensor name not used before in this graph: {@code base}, then {@code base_1}, ... */
    String name(String base) {
        int n = used.merge(base, 1, Integer::sum);
        return n == 1 ? base : base + "_" + (n - 1);
    }

    /** Adds a node of {@code op} and returns its first output's name (named after {@code base}). */
    String op(String op, String base, List<String> inputs, Attr... attributes) {
        String out = name(base);
        node(op, inputs, List.of(out), attributes);
        return out;
    }

    /** Adds a node with the given outputs ("" leaves an optional output out). */
    void node(String op, List<String> inputs, List<String> outputs, Attr... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name("node_" + op))
                .addAllInput(inputs).addAllOutput(outputs);
        for (Attr a : attributes) {
            n.addAttribute(a.proto);
        }
        graph.addNode(n);
    }

    /** A float initializer of the given dims (row-major values). */
    String floats(String base, float[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return initializer(base, TensorProto.DataType.FLOAT, b.array(), dims);
    }

    /** An int64 initializer: a 1-D tensor of {@code values}. */
    String longs(String base, long... values) {
        return longsShaped(base, values, values.length);
    }

    /** An int64 scalar (rank 0). */
    String longScalar(String base, long value) {
        return longsShaped(base, new long[] {value});
    }

    private String longsShaped(String base, long[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return initializer(base, TensorProto.DataType.INT64, b.array(), dims);
    }

    /** A float scalar (rank 0). */
    String floatScalar(String base, float value) {
        return floats(base, new float[] {value});
    }

    private String initializer(String base, TensorProto.DataType type, byte[] raw, long... dims) {
        String name = name(base);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
                .setRawData(ByteString.copyFrom(raw));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Declares a float graph input; a dim of −1 is named by {@code dimNames}' entry at that axis. */
    void input(String name, long[] dims, String[] dimNames) {
        graph.addInput(valueInfo(name, dims, dimNames));
    }

    /** Declares a float graph output, dims as {@link #input}. */
    void output(String name, long[] dims, String[] dimNames) {
        graph.addOutput(valueInfo(name, dims, dimNames));
    }

    GraphProto build() {
        return graph.build();
    }

    private static ValueInfoProto valueInfo(String name, long[] dims, String[] dimNames) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int i = 0; i < dims.length; i++) {
            TensorShapeProto.Dimension.Builder d = TensorShapeProto.Dimension.newBuilder();
            if (dims[i] < 0) {
                d.setDimParam(dimNames[i]);
            } else {
                d.setDimValue(dims[i]);
            }
            shape.addDim(d);
        }
        TypeProto.Tensor.Builder tensor = TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape);
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
    }

    /** A node attribute. */
    static final class Attr {
        final AttributeProto proto;

        private Attr(AttributeProto proto) {
            this.proto = proto;
        }

        static Attr of(String name, long value) {
            return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT)
                    .setI(value).build());
        }

        static Attr of(String name, float value) {
            return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
                    .setF(value).build());
        }

        static Attr of(String name, String value) {
            return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                    .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8)).build());
        }

        static Attr ints(String name, long... values) {
            AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
            for (long v : values) {
                a.addInts(v);
            }
            return new Attr(a.build());
        }

        static Attr floats(String name, List<Float> values) {
            return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS)
                    .addAllFloats(values).build());
        }

        static Attr strings(String name, List<String> values) {
            AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
            for (String v : values) {
                a.addStrings(ByteString.copyFrom(v, StandardCharsets.UTF_8));
            }
            return new Attr(a.build());
        }
    }
}
