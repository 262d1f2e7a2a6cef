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
 * previous one's output, from its one input to its one output.
 *
 * @param name   the model's name
 * @param layers each {@code {"class_name", "config"}}, input first
 */
record KerasGraph(String name, List<JsonNode> layers) {

    static KerasGraph parse(String json) throws KerasImportException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new KerasImportException("model_config is not valid JSON: " + e.getMessage(), e);
        }
        String cls = root.path("class_name").asText("");
        JsonNode config = root.path("config");
        switch (cls) {
            case "Sequential": {
                JsonNode layers = config.isArray() ? config : config.path("layers");
                String name = config.path("name").asText("sequential");
                return new KerasGraph(name, list(layers, "Sequential"));
            }
            case "Model":
            case "Functional":
                return chain(config);
            default:
                throw new KerasImportException("model_config: a model of class '" + cls + "' cannot be imported;"
                        + " expected Sequential or a functional Model");
        }
    }

    private static List<JsonNode> list(JsonNode layers, String cls) throws KerasImportException {
        if (!layers.isArray() || layers.isEmpty()) {
            throw new KerasImportException("model_config: the " + cls + " model has no list of layers");
        }
        List<JsonNode> out = new ArrayList<>();
        layers.forEach(out::add);
        return out;
    }

    private static KerasGraph chain(JsonNode config) throws KerasImportException {
        String name = config.path("name").asText("model");
        List<JsonNode> layers = list(config.path("layers"), "functional");
        JsonNode inputs = config.path("input_layers");
        JsonNode outputs = config.path("output_layers");
        if (inputs.size() != 1 || outputs.size() != 1) {
            throw new KerasImportException("model '" + name + "' has " + inputs.size() + " inputs and " + outputs.size()
                    + " outputs; only a single chain of layers (one input, one output) imports as a Sequential");
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
                        + " layers imports as a Sequential");
            }
            if (next.put(from, layerName) != null) {
                throw new KerasImportException("layer '" + from + "' feeds several layers (a branch); only a single"
                        + " chain of layers imports as a Sequential");
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
                    + " only such models import as a Sequential");
        }
        return new KerasGraph(name, chain);
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
