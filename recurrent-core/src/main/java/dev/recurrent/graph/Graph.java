package dev.recurrent.graph;

import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.attention.AttentionLayer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The calls between a model's inputs and outputs, in topological order, checked when made: every
 * output must be computable from the given inputs (else the input it lacks is named), the inputs
 * distinct. Layers of one name get
 * Keras' suffixes ({@code lstm}, {@code lstm_1}).
 */
public final class Graph {
    private final List<Node> inputs, outputs;
    private final List<Call> calls = new ArrayList<>();
    private final Map<Node, Integer> index = new IdentityHashMap<>();
    private final List<Object> layers = new ArrayList<>();
    private final List<Parameter> parameters = new ArrayList<>();

    public Graph(String model, List<Node> inputs, List<Node> outputs) {
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw new IllegalArgumentException(model + ": expected at least one input and one output, got "
                    + inputs.size() + " and " + outputs.size());
        }
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        for (Node in : inputs) {
            if (!in.isInput()) {
                throw new IllegalArgumentException(model + ": the inputs must be Input nodes, got " + in
                        + " (made by " + in.producer() + ")");
            }
            if (index.putIfAbsent(in, index.size()) != null) {
                throw new IllegalArgumentException(model + ": the input " + in + " is given twice");
            }
        }
        Set<Call> done = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node out : outputs) {
            visit(model, out, out, done);
        }
        Map<Object, Integer> callCounts = new IdentityHashMap<>();
        for (Call c : calls) {
            for (Node n : c.outputs()) {
                index.put(n, index.size());
            }
            if (callCounts.merge(c.op.layer(), 1, Integer::sum) == 1) {
                layers.add(c.op.layer());
                parameters.addAll(c.op.parameters());
            }
        }
        uniqueNames();
    }

    private void visit(String model, Node node, Node output, Set<Call> done) {
        if (node.isInput()) {
            if (!index.containsKey(node)) {
                throw new IllegalArgumentException(model + ": the output " + output + " depends on the input " + node
                        + ", which is not among the model's inputs " + names(inputs) + " (graph disconnected)");
            }
            return;
        }
        Call c = node.producer();
        if (done.contains(c)) {
            return;
        }
        for (Node in : c.inputs()) {
            visit(model, in, output, done);
        }
        done.add(c);
        calls.add(c);
    }

    private void uniqueNames() {
        Set<String> taken = new HashSet<>();
        for (Node in : inputs) {
            taken.add(in.name());
        }
        for (Object layer : layers) {
            String name = layerName(layer), unique = name;
            for (int i = 1; taken.contains(unique); i++) {
                unique = name + "_" + i;
            }
            taken.add(unique);
            if (!unique.equals(name)) {
                if (layer instanceof Layer l) {
                    l.setName(unique);
                } else if (layer instanceof Merge m) {
                    m.setName(unique);
                } else if (layer instanceof AttentionLayer a) {
                    a.setName(unique);
                }
            }
        }
    }

    private static String layerName(Object layer) {
        return layer instanceof Layer l ? l.name() : layer instanceof AttentionLayer a ? a.name() : ((Merge) layer).name();
    }

    private static List<String> names(List<Node> nodes) {
        List<String> n = new ArrayList<>();
        for (Node x : nodes) {
            n.add(x.name());
        }
        return n;
    }

    public List<Node> inputs() {
        return inputs;
    }

    public List<Node> outputs() {
        return outputs;
    }

    /** The calls, each after the calls that make its inputs. */
    public List<Call> calls() {
        return Collections.unmodifiableList(calls);
    }

    /** The layers called, each once, in the order of their first call (Layers, attention layers, merges). */
    public List<Object> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** The calls of each layer, by layer, in order. */
    public Map<Object, List<Call>> callsByLayer() {
        Map<Object, List<Call>> m = new LinkedHashMap<>();
        for (Call c : calls) {
            m.computeIfAbsent(c.op.layer(), k -> new ArrayList<>()).add(c);
        }
        return m;
    }

    /** Every trainable weight, each once (a shared layer's too), layer by layer. */
    public List<Parameter> parameters() {
        return Collections.unmodifiableList(parameters);
    }

    /** The number of calls that take {@code node} as an input. */
    public int consumers(Node node) {
        int n = 0;
        for (Call c : calls) {
            for (Node in : c.inputs()) {
                if (in == node) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * The call options as Keras records them (model files): an attention call's {@code use_causal_mask}
     * and {@code return_attention_scores}; {@code mask: null} for a recurrent call that ignores its
     * input's mask (Keras 3's {@code layer(x, initial_state=..., mask=None)}); empty for other calls.
     */
    public static java.util.Map<String, Object> callOptions(Call call) {
        if (call.op instanceof AttentionOp a) {
            return java.util.Map.of("use_causal_mask", a.causal(), "return_attention_scores", a.returnsScores());
        }
        if (call.ignoresMask()) {
            return Collections.singletonMap("mask", null);
        }
        return java.util.Map.of();
    }

    int nodeCount() {
        return index.size();
    }

    int indexOf(Node n) {
        return index.get(n);
    }
}
