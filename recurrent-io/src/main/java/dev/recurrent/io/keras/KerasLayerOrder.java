package dev.recurrent.io.keras;

import dev.recurrent.graph.Call;
import dev.recurrent.graph.Graph;
import dev.recurrent.graph.Node;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The order of a graph's layers in Keras 3's {@code Functional.layers}, as {@code map_graph} in
 * {@code keras/src/ops/function.py} computes it when the model is built (or loaded): a depth-first
 * walk from each output gives every layer its first-seen index and every call its place; a call's
 * depth is the most calls between it and an output, a layer's the deepest of its calls; layers go by
 * depth, deepest first, then by first-seen index. Keras names each layer's weight group in this
 * order ({@code layers/lstm}, {@code layers/lstm_1}), so an exported file's groups must follow it.
 * The model's inputs are their {@code InputLayer}s, given here as the input {@link Node}s. The mask
 * operations an exported file adds ({@link KerasMaskTensors}) are nodes of that walk too: they take
 * part in the depths, and are left out of the order.
 */
final class KerasLayerOrder {
    private final Graph graph;
    private final Function<Object, List<Object>> extraParents;
    private final Set<Object> finished = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<Object> nodesInDecreasingDepth = new ArrayList<>();
    private final Map<Object, Integer> firstSeen = new IdentityHashMap<>();

    private KerasLayerOrder(Graph graph, Function<Object, List<Object>> extraParents) {
        this.graph = graph;
        this.extraParents = extraParents;
    }

    /** The inputs (as {@link Node}s) and the layers ({@code Layer}, {@code Merge}, attention layers) in Keras' order. */
    static List<Object> of(Graph graph) {
        return of(graph, node -> List.of());
    }

    /**
     * As {@link #of(Graph)}, with further nodes the walk reaches: {@code extraParents} gives, for a
     * call or one of them, the nodes it also takes after its inputs (tensors as {@link Node}s, or
     * operations, which are not layers).
     */
    static List<Object> of(Graph graph, Function<Object, List<Object>> extraParents) {
        return new KerasLayerOrder(graph, extraParents).order();
    }

    /** A tensor's Keras node: the input itself, or the call that makes it. */
    private static Object node(Node tensor) {
        return tensor.isInput() ? tensor : tensor.producer();
    }

    /** A Keras node's operation: the input (its InputLayer), or the called layer. */
    private static Object operation(Object node) {
        return node instanceof Call c ? c.layer() : node;
    }

    /** The Keras nodes a node takes: a call's inputs', then the extra ones. */
    private List<Object> parents(Object node) {
        List<Object> parents = new ArrayList<>();
        if (node instanceof Call c) {
            for (Node in : c.inputs()) {
                parents.add(node(in));
            }
        }
        if (!(node instanceof Node)) {
            for (Object p : extraParents.apply(node)) {
                parents.add(p instanceof Node n ? node(n) : p);
            }
        }
        return parents;
    }

    private void walk(Object node) {
        if (finished.contains(node)) {
            return;
        }
        firstSeen.putIfAbsent(operation(node), firstSeen.size());
        for (Object parent : parents(node)) {
            walk(parent);
        }
        finished.add(node);
        nodesInDecreasingDepth.add(node);
    }

    private List<Object> order() {
        for (Node out : graph.outputs()) {
            walk(node(out));
        }
        Map<Object, Integer> nodeDepth = new IdentityHashMap<>(), layerDepth = new IdentityHashMap<>();
        List<Object> layers = new ArrayList<>();
        for (int i = nodesInDecreasingDepth.size() - 1; i >= 0; i--) {
            Object node = nodesInDecreasingDepth.get(i);
            Object op = operation(node);
            int depth = Math.max(nodeDepth.getOrDefault(node, 0), layerDepth.getOrDefault(op, 0));
            if (layerDepth.put(op, depth) == null && (node instanceof Call || node instanceof Node)) {
                layers.add(op);
            }
            nodeDepth.put(node, depth);
            for (Object parent : parents(node)) {
                nodeDepth.merge(parent, depth + 1, Math::max);
            }
        }
        for (Node in : graph.inputs()) {
            if (!layerDepth.containsKey(in)) {
                layerDepth.put(in, 0);
                firstSeen.put(in, -1);
                layers.add(in);
            }
        }
        layers.sort(Comparator.<Object>comparingInt(op -> -layerDepth.get(op)).thenComparingInt(firstSeen::get));
        return layers;
    }
}
