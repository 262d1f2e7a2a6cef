package dev.recurrent.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Dropout;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.Flatten;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.RepeatVector;
import dev.recurrent.layers.Shape;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.model.Sequential;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks a built model's layers and writes each as ONNX nodes, carrying the current tensor and the
 * Keras mask (a float [batch, steps] tensor, 1 at kept steps; null without one) from layer to layer
 * as the model's forward pass does.
 */
final class SequentialExporter {
    static final String INPUT = "input", OUTPUT = "output";

    private final Sequential model;
    private final OnnxGraph g;
    private String x, mask;
    private final Map<String, String[]> keptSteps = new HashMap<>();

    SequentialExporter(Sequential model) {
        this.model = model;
        this.g = new OnnxGraph(model.name());
        g.name(INPUT);    // reserved before any layer's tensors are named
        g.name(OUTPUT);
    }

    GraphProto export() {
        List<Layer> layers = model.layers();
        Shape in = model.inputShape();
        boolean timeAxis = in.rank() >= 2 || layers.get(0) instanceof Embedding;
        boolean dynamicSteps = timeAxis && !flattensInputSteps(layers);
        g.input(INPUT, dims(in, dynamicSteps), new String[] {"batch", "steps"});
        x = INPUT;
        boolean stepsFromInput = dynamicSteps;
        for (Layer layer : layers) {
            export(layer);
            stepsFromInput = stepsFromInput && keepsSteps(layer);
        }
        g.node("Identity", List.of(x), List.of(OUTPUT));
        g.output(OUTPUT, dims(model.outputShape(), stepsFromInput), new String[] {"batch", "steps"});
        return g.build();
    }

    private void export(Layer layer) {
        if (layer instanceof Recurrent || layer instanceof Bidirectional) {
            RecurrentExporter.Result r = new RecurrentExporter(g, layer, keptSteps).export(x, mask);
            x = r.output();
            mask = r.mask();
        } else if (layer instanceof Embedding) {
            embedding((Embedding) layer);
        } else if (layer instanceof Dense) {
            dense((Dense) layer);
        } else if (layer instanceof Dropout) {
            return;   // inference: the identity
        } else if (layer instanceof TimeDistributed) {
            Layer inner = ((TimeDistributed) layer).inner();
            if (inner instanceof Dense) {
                dense((Dense) inner);   // MatMul acts on the last axis of every step
            } else if (!(inner instanceof Dropout)) {
                throw OnnxExport.refuse(layer, "only TimeDistributed(Dense) and TimeDistributed(Dropout) are exported, got "
                        + "TimeDistributed(" + inner.type() + ")");
            }
        } else if (layer instanceof RepeatVector) {
            int n = ((RepeatVector) layer).repeats();
            String u = g.op("Unsqueeze", layer.name() + "_unsqueeze", List.of(x, g.longs("axes", 1)));
            x = g.op("Tile", layer.name(), List.of(u, g.longs(layer.name() + "_repeats", 1, n, 1)));
            mask = null;
        } else if (layer.type().equals("Masking")) {
            masking(layer);
        } else if (layer instanceof Flatten) {
            x = g.op("Reshape", layer.name(), List.of(x, g.longs(layer.name() + "_shape", 0, -1)));
            mask = null;
        } else {
            throw OnnxExport.refuse(layer, "this layer has no ONNX mapping; supported: Embedding, Masking, SimpleRNN, LSTM, GRU,"
                    + " PeepholeLSTM, CifgLSTM, Bidirectional, Dense, TimeDistributed(Dense), Dropout, RepeatVector, Flatten");
        }
    }

    /** Gather of the float ids (cast to int64); with mask_zero, the mask is the ids that are not 0. */
    private void embedding(Embedding layer) {
        String table = g.floats(layer.name() + "_embeddings", param(layer, "embeddings"), layer.inputDim(), layer.outputDim());
        String ids = g.op("Cast", layer.name() + "_ids", List.of(x), OnnxGraph.Attr.of("to", (long) TensorProto.DataType.INT64_VALUE));
        x = g.op("Gather", layer.name(), List.of(table, ids), OnnxGraph.Attr.of("axis", 0L));
        if (layer.getConfig().get("mask_zero") == Boolean.TRUE) {
            String pad = g.op("Equal", layer.name() + "_padding", List.of(ids, g.longScalar("zero_id", 0)));
            String kept = g.op("Not", layer.name() + "_kept", List.of(pad));
            mask = g.op("Cast", layer.name() + "_mask", List.of(kept), OnnxGraph.Attr.of("to", (long) TensorProto.DataType.FLOAT_VALUE));
        }
    }

    /**
     * Keras' Masking (where the core has it): a step is kept where any feature differs from
     * {@code mask_value}; the output is the input times that mask, which replaces any mask before.
     */
    private void masking(Layer layer) {
        Object value = layer.getConfig().get("mask_value");
        if (!(value instanceof Number)) {
            throw OnnxExport.refuse(layer, "expected a numeric mask_value, got " + value);
        }
        String differs = g.op("Not", layer.name() + "_differs",
                List.of(g.op("Equal", layer.name() + "_equals", List.of(x, g.floatScalar(layer.name() + "_value", ((Number) value).floatValue())))));
        String differsF = g.op("Cast", layer.name() + "_differs_float", List.of(differs), OnnxGraph.Attr.of("to", (long) TensorProto.DataType.FLOAT_VALUE));
        mask = g.op("ReduceMax", layer.name() + "_mask", List.of(differsF), OnnxGraph.Attr.ints("axes", 2), OnnxGraph.Attr.of("keepdims", 0L));
        String factor = g.op("Unsqueeze", layer.name() + "_factor", List.of(mask, g.longs("axes", 2)));
        x = g.op("Mul", layer.name(), List.of(x, factor));
    }

    /** MatMul with the kernel [F, units] (on any leading axes), Add of the bias, then the activation. */
    private void dense(Dense layer) {
        String kernel = g.floats(layer.name() + "_kernel", param(layer, "kernel"), layer.inputShape().last(), layer.units());
        String bias = g.floats(layer.name() + "_bias", param(layer, "bias"), layer.units());
        String z = g.op("Add", layer.name() + "_logits", List.of(g.op("MatMul", layer.name() + "_matmul", List.of(x, kernel)), bias));
        switch (layer.activation()) {
            case "linear":
                x = z;
                break;
            case "relu":
                x = g.op("Relu", layer.name(), List.of(z));
                break;
            case "sigmoid":
                x = g.op("Sigmoid", layer.name(), List.of(z));
                break;
            case "tanh":
                x = g.op("Tanh", layer.name(), List.of(z));
                break;
            case "hard_sigmoid":
                x = g.op("HardSigmoid", layer.name(), List.of(z), OnnxGraph.Attr.of("alpha", 1f / 6f), OnnxGraph.Attr.of("beta", 0.5f));
                break;
            case RnnActivations.KERAS2_HARD_SIGMOID:
                x = g.op("HardSigmoid", layer.name(), List.of(z), OnnxGraph.Attr.of("alpha", 0.2f), OnnxGraph.Attr.of("beta", 0.5f));
                break;
            case "softmax":
                x = g.op("Softmax", layer.name(), List.of(z), OnnxGraph.Attr.of("axis", -1L));
                break;
            default:
                throw OnnxExport.refuse(layer, "the activation '" + layer.activation() + "' has no ONNX mapping here");
        }
    }

    /** Whether a Flatten takes in a time axis whose length comes from the input (then the steps are fixed). */
    private static boolean flattensInputSteps(List<Layer> layers) {
        boolean fromInput = true;
        for (Layer l : layers) {
            if (l instanceof Flatten && fromInput && l.inputShape().rank() >= 2) {
                return true;
            }
            fromInput = fromInput && keepsSteps(l);
        }
        return false;
    }

    /** Whether the layer's output keeps its input's time axis (axis 1 after the batch). */
    private static boolean keepsSteps(Layer l) {
        if (l instanceof Recurrent) {
            return ((Recurrent) l).config().returnSequences();
        }
        if (l instanceof Bidirectional) {
            return ((Bidirectional) l).forwardLayer().config().returnSequences();
        }
        return !(l instanceof RepeatVector || l instanceof Flatten);
    }

    /** [batch, ...sample shape], −1 for the batch and, when dynamic, for the steps. */
    private static long[] dims(Shape sample, boolean dynamicSteps) {
        long[] d = new long[sample.rank() + 1];
        d[0] = -1;
        for (int i = 0; i < sample.rank(); i++) {
            d[i + 1] = sample.dim(i);
        }
        if (dynamicSteps && d.length > 1) {
            d[1] = -1;
        }
        return d;
    }

    static float[] param(Layer layer, String name) {
        for (Parameter p : layer.parameters()) {
            if (p.name().equals(name)) {
                return p.value();
            }
        }
        throw new IllegalStateException(layer.name() + ": no parameter '" + name + "'");
    }
}
