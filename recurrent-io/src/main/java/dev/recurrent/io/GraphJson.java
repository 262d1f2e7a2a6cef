package dev.recurrent.io;

import dev.recurrent.graph.Call;
import dev.recurrent.graph.Graph;
import dev.recurrent.graph.Merge;
import dev.recurrent.graph.Node;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.LayerFactory;
import dev.recurrent.layers.attention.AttentionLayer;
import dev.recurrent.layers.attention.AttentionLayers;
import dev.recurrent.model.Model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A graph model's architecture as Keras' functional {@code get_config}: its inputs as
 * {@code InputLayer}s, then each layer once with its config and its {@code inbound_nodes}, one per
 * call, each the list of the nodes it takes as {@code [layer, call, output]}; then
 * {@code input_layers} and {@code output_layers}. Call indices count the calls within this model.
 */
final class GraphJson {
    private GraphJson() {
    }

    static Map<String, Object> config(Model model) {
        Graph g = model.graph();
        Map<Call, Integer> local = new IdentityHashMap<>();
        for (List<Call> calls : g.callsByLayer().values()) {
            for (int i = 0; i < calls.size(); i++) {
                local.put(calls.get(i), i);
            }
        }
        List<Object> layers = new ArrayList<>();
        for (Node in : g.inputs()) {
            List<Object> shape = new ArrayList<>();
            shape.add(null);
            int[] dims = in.shape().dims();
            for (int d = 0; d < dims.length; d++) {
                shape.add(d == 0 && in.variableSteps() ? null : dims[d]);
            }
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("name", in.name());
            config.put("batch_shape", shape);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("class_name", "InputLayer");
            entry.put("name", in.name());
            entry.put("config", config);
            entry.put("inbound_nodes", List.of());
            layers.add(entry);
        }
        for (Map.Entry<Object, List<Call>> e : g.callsByLayer().entrySet()) {
            Object layer = e.getKey();
            Map<String, Object> entry = new LinkedHashMap<>();
            if (layer instanceof Layer l) {
                Layout.checkName(l.name());
                entry.putAll(LayerFactory.serialize(l));
                entry.put("name", l.name());
            } else if (layer instanceof Merge m) {
                Layout.checkName(m.name());
                entry.put("class_name", m.type());
                entry.put("config", m.getConfig());
                entry.put("name", m.name());
            } else if (layer instanceof AttentionLayer a) {
                Layout.checkName(a.name());
                entry.putAll(AttentionLayers.serialize(a));
                entry.put("name", a.name());
            } else {
                throw new IllegalArgumentException(model.name() + ": " + layer + " cannot be saved in a model file yet");
            }
            List<Object> inbound = new ArrayList<>();
            for (Call c : e.getValue()) {
                List<Object> args = new ArrayList<>();
                for (Node n : c.inputs()) {
                    args.add(history(n, local));
                }
                Map<String, Object> node = new LinkedHashMap<>();
                node.put("args", args);
                if (!Graph.callOptions(c).isEmpty()) {
                    node.put("kwargs", new java.util.TreeMap<>(Graph.callOptions(c)));
                }
                inbound.add(node);
            }
            entry.put("inbound_nodes", inbound);
            layers.add(entry);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", model.name());
        config.put("layers", layers);
        List<Object> ins = new ArrayList<>(), outs = new ArrayList<>();
        for (Node n : g.inputs()) {
            ins.add(history(n, local));
        }
        for (Node n : g.outputs()) {
            outs.add(history(n, local));
        }
        config.put("input_layers", ins);
        config.put("output_layers", outs);
        return config;
    }

    /** Keras' keras_history of a node: {@code [layer name, call index, output index]}. */
    private static List<Object> history(Node n, Map<Call, Integer> local) {
        return n.isInput() ? Arrays.asList(n.name(), 0, 0)
                : Arrays.asList(n.producer().name(), local.get(n.producer()), n.outputIndex());
    }
}
