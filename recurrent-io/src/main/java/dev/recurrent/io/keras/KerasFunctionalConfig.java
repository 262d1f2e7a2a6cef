package dev.recurrent.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Keras functional {@code model_config} as layers and their calls, in either of Keras' formats:
 * Keras 1/2 and tf.keras list each call's inputs as {@code [layer, node, tensor, kwargs]}; Keras 3
 * writes {@code {"args": [...], "kwargs": {...}}} holding {@code __keras_tensor__} objects (see
 * {@link KerasInboundNode}). Operations Keras 3 records for masks ({@code NotEqual}, {@code Any}, ...)
 * are kept as layers here and left out by the graph they feed no value to.
 *
 * @param name    the model's name
 * @param layers  every layer, in the config's order
 * @param inputs  the model's inputs, in order
 * @param outputs the model's outputs, in order
 */
record KerasFunctionalConfig(String name, List<Layer> layers, List<KerasInboundNode.Ref> inputs,
                             List<KerasInboundNode.Ref> outputs) {
    /** More layers than any model this importer could build. */
    static final int MAX_LAYERS = 10_000;
    /** More calls of one layer than a model file could sensibly hold. */
    static final int MAX_CALLS = 1_000;

    /**
     * One layer of the config.
     *
     * @param node  the layer with where its weights are stored
     * @param calls its calls in order (none for an {@code InputLayer})
     */
    record Layer(KerasNode node, String name, String className, boolean operation, List<KerasInboundNode> calls) {
    }

    static KerasFunctionalConfig parse(String json) throws KerasImportException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new KerasImportException("model_config is not valid JSON: " + KerasHdf.clip(e.getMessage(), 300), e);
        }
        String cls = root == null ? "" : root.path("class_name").asText("");
        if (!cls.equals("Model") && !cls.equals("Functional")) {
            throw new KerasImportException("model_config: a model of class '" + KerasHdf.clip(cls, 80) + "' is not a"
                    + " functional model; a graph model is imported from a functional Model");
        }
        return of(root.path("config"));
    }

    /** Whether {@code json} is a functional model that is not one chain from its input to its output. */
    static boolean isGraph(String json) throws KerasImportException {
        try {
            KerasGraph.parse(json);
            return false;
        } catch (KerasImportException e) {
            try {
                parse(json);
            } catch (KerasImportException notFunctional) {
                throw e;
            }
            return true;
        }
    }

    private static KerasFunctionalConfig of(JsonNode config) throws KerasImportException {
        String name = config.path("name").asText("model");
        JsonNode list = config.path("layers");
        if (!list.isArray() || list.isEmpty()) {
            throw new KerasImportException("model_config: the functional model '" + name + "' has no list of layers");
        }
        if (list.size() > MAX_LAYERS) {
            throw new KerasImportException("model_config: the model lists " + list.size() + " layers, more than the "
                    + MAX_LAYERS + " allowed");
        }
        Map<String, Integer> used = new HashMap<>();
        Set<String> names = new HashSet<>();
        List<Layer> layers = new ArrayList<>();
        for (JsonNode l : list) {
            String cls = l.path("class_name").asText("");
            String lname = l.path("name").asText(l.path("config").path("name").asText(""));
            if (lname.isEmpty() || !names.add(lname)) {
                throw new KerasImportException("model_config: layer " + layers.size() + " (" + KerasHdf.clip(cls, 80)
                        + ") has " + (lname.isEmpty() ? "no name" : "the name '" + KerasHdf.clip(lname, 80)
                        + "' of an earlier layer"));
            }
            String snake = KerasGraph.snakeCase(cls);
            Integer n = used.merge(snake, 0, (a, b) -> a + 1);
            String keras3Path = "layers/" + (n == 0 ? snake : snake + "_" + n);
            boolean operation = isOperation(l);
            JsonNode inbound = l.path("inbound_nodes");
            if (inbound.size() > MAX_CALLS) {
                throw new KerasImportException("layer '" + lname + "' (" + cls + "): " + inbound.size() + " calls,"
                        + " more than the " + MAX_CALLS + " allowed");
            }
            List<KerasInboundNode> calls = new ArrayList<>();
            // an operation's calls take constants too (not_equal(x, 0)); it is refused if a value needs it
            for (int i = 0; i < inbound.size() && !operation; i++) {
                calls.add(KerasInboundNode.parse(inbound.get(i), lname, cls));
            }
            layers.add(new Layer(new KerasNode(l, lname, null, keras3Path), lname, cls, operation, calls));
        }
        return new KerasFunctionalConfig(name, layers, refs(config.path("input_layers"), "input_layers"),
                refs(config.path("output_layers"), "output_layers"));
    }

    /** The operations Keras 3 records when it computes masks; a legacy {@code .h5} names them without a module. */
    private static final java.util.Set<String> MASK_OPERATIONS = java.util.Set.of(
            "NotEqual", "Equal", "Any", "All", "LogicalAnd", "LogicalOr", "LogicalNot", "Cast", "ExpandDims");

    /**
     * A Keras 3 operation ({@code keras.ops}) rather than a layer: its module is Keras' ops package,
     * or, without a module (Keras 3's legacy {@code .h5}), one of the mask operations, configured by
     * its name alone.
     */
    private static boolean isOperation(JsonNode layer) {
        String module = layer.path("module").asText("");
        if (module.startsWith("keras.src.ops") || module.startsWith("keras.ops")) {
            return true;
        }
        JsonNode config = layer.path("config");
        return module.isEmpty() && MASK_OPERATIONS.contains(layer.path("class_name").asText(""))
                && config.isObject() && config.size() == 1 && config.has("name");
    }

    /** {@code [[name, 0, 0], ...]}, or Keras 3's single {@code [name, 0, 0]}. */
    private static List<KerasInboundNode.Ref> refs(JsonNode n, String key) throws KerasImportException {
        List<KerasInboundNode.Ref> out = new ArrayList<>();
        if (n.isArray() && n.size() > 0 && n.get(0).isTextual()) {
            out.add(KerasInboundNode.ref(n, key));
            return out;
        }
        if (!n.isArray() || n.isEmpty() || n.size() > MAX_CALLS) {
            throw new KerasImportException("model_config: `" + key + "` is not a list of [layer, node, tensor]: "
                    + KerasHdf.clip(String.valueOf(n), 120));
        }
        for (JsonNode r : n) {
            out.add(KerasInboundNode.ref(r, key));
        }
        return out;
    }
}
