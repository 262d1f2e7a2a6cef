package dev.recurrent.io.keras;

import dev.recurrent.graph.Call;
import dev.recurrent.graph.Graph;
import dev.recurrent.graph.Merge;
import dev.recurrent.graph.Node;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Masking;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.attention.AttentionLayer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The masks a graph's recurrent calls with initial states must be given in a Keras 3 file. Keras 3
 * fills in a call's {@code mask} only when the call takes one tensor ({@code Layer.__call__} in
 * {@code keras/src/layers/layer.py}), so {@code gru(x, initial_state=h)} on a masked x runs unmasked
 * there; such a call that applies the mask here is written with {@code mask=} the mask as Keras 3
 * records it: {@code not_equal(ids, 0)} for an {@code Embedding(mask_zero=True)},
 * {@code any(not_equal(x, v), axis=-1)} for a {@code Masking(v)}, operations listed after the layer
 * that makes the mask. A call whose mask Keras 3 would apply but this graph does not (or the
 * reverse, where the mask comes through a merge) is refused in one line.
 */
final class KerasMaskTensors {
    /** What a mask is computed from: the Embedding's or Masking's input, and its mask value. */
    private record Source(Object layer, Node input, boolean embedding, float value) {
    }

    private final Function<Node, Map<String, Object>> tensor;
    private final Set<String> names = new HashSet<>();
    private final Map<Source, Map<String, Object>> maskTensors = new LinkedHashMap<>();
    private final Map<Object, List<Map<String, Object>>> operationsAfter = new IdentityHashMap<>();
    private final Map<Call, Map<String, Object>> byCall = new IdentityHashMap<>();
    /** The nodes each call given a mask, and each operation, takes besides a call's inputs (the walk of {@link KerasLayerOrder}). */
    private final Map<Object, List<Object>> parents = new IdentityHashMap<>();
    private final Map<Source, Object> lastOperation = new LinkedHashMap<>();

    /** {@code tensor} serializes a graph node as Keras' {@code __keras_tensor__}. */
    KerasMaskTensors(Graph graph, Function<Node, Map<String, Object>> tensor) {
        this.tensor = tensor;
        for (Node in : graph.inputs()) {
            names.add(in.name());
        }
        for (Call c : graph.calls()) {
            names.add(c.name());
        }
        for (Call c : graph.calls()) {
            if (!(c.layer() instanceof Recurrent)) {
                continue;
            }
            boolean withStates = c.inputs().size() > 1;
            if (withStates == c.ignoresMask()) {
                continue;       // Keras 3 does as this graph: masks a call of one tensor, not one with states
            }
            Node x = c.inputs().get(0);
            Source source;
            try {
                source = source(x);
            } catch (IllegalStateException e) {
                throw new KerasExportException("keras export: " + c + " (" + c.type() + ") " + (withStates
                        ? "applies the mask of " + x + " with initial states, a call Keras 3 passes no mask"
                        : "runs unmasked on " + x + ", whose mask Keras 3 would apply")
                        + ", and that mask cannot be written as Keras 3 records masks (" + e.getMessage() + ")");
            }
            if (source == null) {
                continue;
            }
            if (!withStates) {
                throw new KerasExportException("keras export: " + c + " (" + c.type() + ") runs unmasked on "
                        + x + ", which has a mask; Keras 3 applies the mask to a call of one tensor, so the file"
                        + " would compute another model");
            }
            byCall.put(c, maskTensor(source));
            parents.put(c, List.of(lastOperation.get(source)));
        }
    }

    /** The {@code mask} argument to write for a call, or null when Keras 3 passes the right one itself. */
    Map<String, Object> maskOf(Call call) {
        return byCall.get(call);
    }

    /**
     * What a call given a mask or a mask operation takes besides a call's inputs, as Keras' graph
     * walk sees it: the operation that makes the mask; the operation or tensor ({@link Node}) an
     * operation is called on. Empty for anything else.
     */
    List<Object> parents(Object node) {
        return parents.getOrDefault(node, List.of());
    }

    /** The operations ({@code NotEqual}, {@code Any}) to list after this layer's entry. */
    List<Map<String, Object>> operationsAfter(Object layer) {
        return operationsAfter.getOrDefault(layer, List.of());
    }

    /** Where the mask of {@code n} comes from (null: n has none), as the graph's compute_mask passes it on. */
    private Source source(Node n) {
        if (n.isInput()) {
            return null;
        }
        Call c = n.producer();
        Object layer = c.layer();
        if (layer instanceof Embedding e && Boolean.TRUE.equals(e.getConfig().get("mask_zero"))) {
            return new Source(e, c.inputs().get(0), true, 0f);
        }
        if (layer instanceof Masking m) {
            return new Source(m, c.inputs().get(0), false, m.maskValue());
        }
        if (layer instanceof Merge) {
            for (Node in : c.inputs()) {
                if (source(in) != null) {
                    throw refuse("the mask of " + in + " is merged by " + c);
                }
            }
            return null;
        }
        if (layer instanceof AttentionLayer) {
            return n.outputIndex() == 0 ? source(c.inputs().get(0)) : null;
        }
        if (n.outputIndex() > 0) {
            return null;
        }
        boolean[] probe = new boolean[1];
        boolean[] out = ((Layer) layer).outputMask(probe);
        if (out == null) {
            return null;
        }
        if (out != probe) {
            throw refuse(c + " (" + c.type() + ") makes its own mask");
        }
        return source(c.inputs().get(0));
    }

    private static IllegalStateException refuse(String why) {
        return new IllegalStateException(why);
    }

    private Map<String, Object> maskTensor(Source s) {
        Map<String, Object> existing = maskTensors.get(s);
        if (existing != null) {
            return existing;
        }
        List<Map<String, Object>> ops = operationsAfter.computeIfAbsent(s.layer(), k -> new ArrayList<>());
        Map<String, Object> input = tensor.apply(s.input());
        String notEqual = unique("not_equal");
        Object value = s.embedding() ? (Object) 0 : KerasConfigJson.decimal(s.value());
        Map<String, Object> last = operation("NotEqual", notEqual, Map.of("name", notEqual), List.of(input, value));
        ops.add(last);
        parents.put(last, List.of(s.input()));
        List<Object> shape = shapeOf(input);
        Map<String, Object> mask = keras3Tensor(shape, notEqual);
        if (!s.embedding()) {
            String any = unique("any");
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("name", any);
            config.put("axis", -1);
            config.put("keepdims", false);
            Map<String, Object> anyOp = operation("Any", any, config, List.of(mask));
            ops.add(anyOp);
            parents.put(anyOp, List.of(last));
            last = anyOp;
            mask = keras3Tensor(shape.subList(0, shape.size() - 1), any);
        }
        maskTensors.put(s, mask);
        lastOperation.put(s, last);
        return mask;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> shapeOf(Map<String, Object> tensor) {
        return new ArrayList<>((List<Object>) ((Map<String, Object>) tensor.get("config")).get("shape"));
    }

    private String unique(String name) {
        String n = name;
        for (int i = 1; names.contains(n); i++) {
            n = name + "_" + i;
        }
        names.add(n);
        return n;
    }

    /** A Keras 3 {@code keras.ops} operation's entry in the functional config, called once. */
    private static Map<String, Object> operation(String className, String name, Map<String, Object> config,
                                                 List<Object> args) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("args", args);
        node.put("kwargs", Map.of());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("module", "keras.src.ops.numpy");
        entry.put("class_name", className);
        entry.put("config", config);
        entry.put("registered_name", className);
        entry.put("name", name);
        entry.put("inbound_nodes", List.of(node));
        return entry;
    }

    /** A boolean {@code __keras_tensor__}: the first output of the operation's only call. */
    private static Map<String, Object> keras3Tensor(List<Object> shape, String operation) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("shape", new ArrayList<>(shape));
        config.put("dtype", "bool");
        config.put("keras_history", java.util.Arrays.asList(operation, 0, 0));
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("class_name", "__keras_tensor__");
        t.put("config", config);
        return t;
    }
}
