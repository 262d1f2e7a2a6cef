package dev.recurrent.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Keras {@code model_config} as the chain of layers it is: a {@code Sequential} (its config a list
 * of layers, or {@code {"name", "layers"}}) or a functional {@code Model} whose layers each take the
 * previous one's output, from its one input to its one output. A {@code Sequential} or chain
 * nested inside (one level) is spliced in, its layers in place of it.
 *
 * @param name   the model's name
 * @param layers each layer, input first, with where its weights are stored
 */
record KerasGraph(String name, List<KerasNode> layers) {

    static KerasGraph parse(String json) throws KerasImportException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new KerasImportException("model_config is not valid JSON: " + KerasHdf.clip(e.getMessage(), 300), e);
        }
        return model(root, null, "", 0);
    }

    private static boolean isModel(String cls) {
        return cls.equals("Sequential") || cls.equals("Model") || cls.equals("Functional");
    }

    /** {@code root} is {@code {"class_name", "config"}}; nested inside group {@code outer} (null at the top). */
    private static KerasGraph model(JsonNode root, String outer, String keras3Prefix, int depth)
            throws KerasImportException {
        String cls = root.path("class_name").asText("");
        JsonNode config = root.path("config");
        List<JsonNode> layers;
        String name;
        switch (cls) {
            case "Sequential": {
                layers = list(config.isArray() ? config : config.path("layers"), "Sequential");
                name = config.path("name").asText("sequential");
                break;
            }
            case "Model":
            case "Functional":
                name = config.path("name").asText("model");
                layers = chain(config);
                break;
            default:
                throw new KerasImportException("model_config: a model of class '" + cls + "' cannot be imported;"
                        + " expected Sequential or a functional Model");
        }
        List<JsonNode> inConfigOrder = cls.equals("Sequential") ? layers : list(config.path("layers"), "functional");
        Map<JsonNode, String> keras3Paths = keras3Paths(inConfigOrder, keras3Prefix);
        List<KerasNode> out = new ArrayList<>();
        for (JsonNode l : layers) {
            String lcls = l.path("class_name").asText("");
            String lname = l.path("config").path("name").asText(l.path("name").asText(""));
            String path = keras3Paths.get(l);
            if (isModel(lcls)) {
                if (outer != null || depth > 0) {
                    throw new KerasImportException("layer '" + lname + "' (" + lcls + "): models nested more than one"
                            + " level deep cannot be imported; flatten the inner models into one, save again and"
                            + " import that file");
                }
                for (KerasNode inner : model(l, lname, path + "/", depth + 1).layers()) {
                    if (!inner.className().equals("InputLayer")) {
                        out.add(inner);
                    }
                }
                continue;
            }
            out.add(outer == null ? new KerasNode(l, lname, null, path) : new KerasNode(l, outer, lname, path));
        }
        return new KerasGraph(name, out);
    }

    /** Keras 3's group of each layer: {@code layers/<snake_case class>}, then {@code _1}, {@code _2}... per class. */
    private static Map<JsonNode, String> keras3Paths(List<JsonNode> layers, String prefix) {
        Map<JsonNode, String> paths = new java.util.IdentityHashMap<>();
        Map<String, Integer> used = new HashMap<>();
        for (JsonNode l : layers) {
            String snake = snakeCase(l.path("class_name").asText(""));
            Integer n = used.merge(snake, 0, (a, b) -> a + 1);
            paths.put(l, prefix + "layers/" + (n == 0 ? snake : snake + "_" + n));
        }
        return paths;
    }

    /** Keras' {@code naming.to_snake_case}: {@code SimpleRNN} → {@code simple_rnn}, {@code TimeDistributed} → {@code time_distributed}. */
    static String snakeCase(String className) {
        String s = className.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** More layers than any model this importer could build. */
    private static final int MAX_LAYERS = 10_000;
    private static final String GRAPH = " import it as a graph model: KerasModels.loadGraph(file)";

    private static List<JsonNode> list(JsonNode layers, String cls) throws KerasImportException {
        if (!layers.isArray() || layers.isEmpty()) {
            throw new KerasImportException("model_config: the " + cls + " model has no list of layers");
        }
        if (layers.size() > MAX_LAYERS) {
            throw new KerasImportException("model_config: the " + cls + " model lists " + layers.size()
                    + " layers, more than the " + MAX_LAYERS + " allowed");
        }
        List<JsonNode> out = new ArrayList<>();
        layers.forEach(out::add);
        return out;
    }

    private static List<JsonNode> chain(JsonNode config) throws KerasImportException {
        String name = config.path("name").asText("model");
        List<JsonNode> layers = list(config.path("layers"), "functional");
        JsonNode inputs = nodeList(config.path("input_layers"));
        JsonNode outputs = nodeList(config.path("output_layers"));
        if (inputs.size() != 1 || outputs.size() != 1) {
            throw new KerasImportException("model '" + name + "' has " + inputs.size() + " inputs and " + outputs.size()
                    + " outputs; only a single chain of layers (one input, one output) imports as a Sequential;"
                    + GRAPH);
        }
        Map<String, JsonNode> byName = new HashMap<>();
        Map<String, String> next = new HashMap<>();
        for (JsonNode l : layers) {
            String layerName = l.path("name").asText(l.path("config").path("name").asText());
            byName.put(layerName, l);
            JsonNode nodes = l.path("inbound_nodes");
            if (nodes.isEmpty()) {
                continue;
            }
            String from = inboundName(nodes);
            if (nodes.size() != 1 || from == null) {
                throw new KerasImportException("layer '" + layerName + "' (" + l.path("class_name").asText()
                        + ") is called " + nodes.size() + " times or on several inputs; only a single chain of"
                        + " layers imports as a Sequential;" + GRAPH);
            }
            if (next.put(from, layerName) != null) {
                throw new KerasImportException("layer '" + from + "' feeds several layers (a branch); only a single"
                        + " chain of layers imports as a Sequential;" + GRAPH);
            }
        }
        String at = inputs.path(0).path(0).asText();
        String last = outputs.path(0).path(0).asText();
        List<JsonNode> chain = new ArrayList<>();
        while (at != null && chain.size() <= layers.size()) {
            JsonNode l = byName.get(at);
            if (l == null) {
                throw new KerasImportException("model '" + name + "': no layer named '" + at + "'");
            }
            chain.add(l);
            if (at.equals(last)) {
                break;
            }
            at = next.get(at);
        }
        if (chain.size() != layers.size() || !last.equals(at)) {
            throw new KerasImportException("model '" + name + "' is not a single chain from its input to its output;"
                    + " only such models import as a Sequential;" + GRAPH);
        }
        return chain;
    }

    /** Keras 3 writes a single input or output as {@code [name, 0, 0]}, not {@code [[name, 0, 0]]}. */
    private static JsonNode nodeList(JsonNode n) {
        if (n.isArray() && n.size() > 0 && n.get(0).isTextual()) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(n);
        }
        return n;
    }

    /**
     * The one layer a node list reads from, or null when not exactly one: Keras 2
     * {@code [[[name, 0, 0, {}]]]}, Keras 3 {@code [{"args": [{"config": {"keras_history": [name, 0, 0]}}]}]}.
     */
    private static String inboundName(JsonNode nodes) {
        JsonNode node = nodes.path(0);
        if (node.isArray() && node.size() == 1 && node.get(0).isArray()) {
            return node.get(0).path(0).asText(null);
        }
        JsonNode args = node.path("args");
        if (args.isArray() && args.size() == 1) {
            JsonNode history = args.get(0).path("config").path("keras_history");
            if (history.isArray() && history.size() > 0) {
                return history.get(0).asText(null);
            }
        }
        return null;
    }
}
