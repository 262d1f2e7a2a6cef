package dev.recurrent.io.keras;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One call of a layer in a Keras functional config (an entry of its {@code inbound_nodes}): the
 * tensors it takes and the call options that change what it computes.
 *
 * <ul>
 *   <li>Keras 1/2 and tf.keras: {@code [[layer, node, tensor, kwargs], ...]}, one entry per input
 *       tensor, the kwargs the same on each. A recurrent layer called with Keras tensors as
 *       {@code initial_state} lists them as further inputs after the sequence.</li>
 *   <li>Keras 3: {@code {"args": [...], "kwargs": {...}}}, each tensor a
 *       {@code {"class_name": "__keras_tensor__", "config": {"keras_history": [layer, node, tensor]}}},
 *       lists of tensors nested as called ({@code Concatenate()([a, b])}: {@code args = [[a, b]]}).
 *       The states are {@code kwargs.initial_state}; {@code kwargs.mask} holds the masks Keras
 *       filled in, which the graph recomputes (Keras' {@code compute_mask}).</li>
 * </ul>
 * A recurrent call applies its input's mask in tf.keras always ({@code RNN.__call__} puts the
 * states among the inputs and {@code call} takes the first mask), but in Keras 3 only when it takes
 * one tensor or is given a {@code mask}: Keras 3's {@code Layer.__call__} fills in {@code mask} for
 * a call of one tensor only ({@code keras/src/layers/layer.py}), and records the mask it passes.
 *
 * @param inputs       the tensors the layer is called on, in order
 * @param states       the initial states ({@code initial_state}), empty when none
 * @param masks        the tensors given as masks (Keras 3 fills them in from the inputs' masks)
 * @param returnScores {@code return_attention_scores=True}
 * @param causal       {@code use_causal_mask=True}
 * @param appliesMask  whether Keras runs the call with its input's mask (see above)
 */
record KerasInboundNode(List<Ref> inputs, List<Ref> states, List<Ref> masks, boolean returnScores, boolean causal,
                        boolean appliesMask) {
    /** More tensors than one call of any layer takes. */
    private static final int MAX_TENSORS = 1_000;
    private static final int MAX_DEPTH = 8;

    /** A tensor: the {@code tensor}-th output of call {@code node} of layer {@code layer}. */
    record Ref(String layer, int node, int tensor) {
        @Override
        public String toString() {
            return layer + "[" + node + "][" + tensor + "]";
        }
    }

    static KerasInboundNode parse(JsonNode node, String layer, String className) throws KerasImportException {
        Parse p = new Parse(layer, className);
        if (node.isObject()) {
            p.collect(node.path("args"), p.inputs, 0);
            p.kwargs(node.path("kwargs"));
        } else if (node.isArray()) {
            JsonNode kwargs = null;
            for (JsonNode entry : node) {
                if (entry.path(0).asText("").equals("_CONSTANT_VALUE")) {
                    throw p.refuse("it is called on a constant, not on a tensor; only calls on tensors can be imported");
                }
                p.add(p.inputs, ref(entry, "inbound_nodes of '" + layer + "'"));
                if (entry.size() > 3 && kwargs == null) {
                    kwargs = entry.get(3);
                }
            }
            if (kwargs != null) {
                p.kwargs(kwargs);
            }
        } else {
            throw p.refuse("an inbound node is neither a list nor {args, kwargs}: " + KerasHdf.clip(node.toString(), 120));
        }
        boolean keras3 = node.isObject();
        boolean appliesMask = !keras3 || p.inputs.size() + p.states.size() == 1 || !p.masks.isEmpty();
        return new KerasInboundNode(p.inputs, p.states, p.masks, p.returnScores, p.causal, appliesMask);
    }

    /** {@code [layer, node, tensor(, kwargs)]}. */
    static Ref ref(JsonNode r, String where) throws KerasImportException {
        if (!r.isArray() || r.size() < 3 || !r.get(0).isTextual() || !r.get(1).canConvertToInt()
                || !r.get(2).canConvertToInt() || r.get(1).intValue() < 0 || r.get(2).intValue() < 0) {
            throw new KerasImportException("model_config: " + where + ": expected [layer, node index, tensor index],"
                    + " got " + KerasHdf.clip(String.valueOf(r), 120));
        }
        return new Ref(r.get(0).asText(), r.get(1).intValue(), r.get(2).intValue());
    }

    private static final class Parse {
        final String layer, className;
        final List<Ref> inputs = new ArrayList<>(), states = new ArrayList<>(), masks = new ArrayList<>();
        boolean returnScores, causal;

        Parse(String layer, String className) {
            this.layer = layer;
            this.className = className;
        }

        KerasImportException refuse(String problem) {
            return new KerasImportException("layer '" + layer + "' (" + className + "): " + problem);
        }

        void add(List<Ref> to, Ref r) throws KerasImportException {
            if (inputs.size() + states.size() + masks.size() >= MAX_TENSORS) {
                throw refuse("a call on more than " + MAX_TENSORS + " tensors");
            }
            to.add(r);
        }

        /** Every Keras tensor in {@code v}, depth first; other values are constants, refused. */
        void collect(JsonNode v, List<Ref> to, int depth) throws KerasImportException {
            if (depth > MAX_DEPTH) {
                throw refuse("call arguments nested more than " + MAX_DEPTH + " deep");
            }
            if (v.isNull() || v.isMissingNode()) {
                return;
            }
            if (v.isArray()) {
                for (JsonNode x : v) {
                    collect(x, to, depth + 1);
                }
                return;
            }
            if (v.isObject() && v.path("class_name").asText("").equals("__keras_tensor__")) {
                add(to, ref(v.path("config").path("keras_history"), "a __keras_tensor__ of layer '" + layer + "'"));
                return;
            }
            throw refuse("it is called on the constant " + KerasHdf.clip(v.toString(), 80) + "; only calls on"
                    + " tensors can be imported");
        }

        void kwargs(JsonNode kwargs) throws KerasImportException {
            if (kwargs == null || kwargs.isNull() || kwargs.isMissingNode()) {
                return;
            }
            if (!kwargs.isObject()) {
                throw refuse("call arguments (kwargs) are not a map: " + KerasHdf.clip(kwargs.toString(), 80));
            }
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) kwargs::fields) {
                JsonNode v = e.getValue();
                switch (e.getKey()) {
                    case "initial_state" -> collectTensors(v, states);
                    case "mask" -> collectTensors(v, masks);
                    case "training" -> {
                        if (v.asBoolean(false)) {
                            throw refuse("call argument `training=True` (dropout at inference) cannot be imported;"
                                    + " call the layer without it, save again and import that file");
                        }
                    }
                    case "return_attention_scores" -> returnScores = bool(e.getKey(), v);
                    case "use_causal_mask" -> causal = bool(e.getKey(), v);
                    default -> {
                        if (!v.isNull() && !(v.isBoolean() && !v.booleanValue())) {
                            throw refuse("call argument `" + e.getKey() + "` = " + KerasHdf.clip(v.toString(), 80)
                                    + " cannot be imported; the calls imported take tensors, initial_state,"
                                    + " return_attention_scores and use_causal_mask");
                        }
                    }
                }
            }
        }

        /** Keras 3 tensors, or Keras 2's {@code [layer, node, tensor]} lists. */
        private void collectTensors(JsonNode v, List<Ref> to) throws KerasImportException {
            if (v.isArray() && v.size() >= 3 && v.get(0).isTextual()) {
                add(to, ref(v, "call arguments of '" + layer + "'"));
                return;
            }
            if (v.isArray()) {
                for (JsonNode x : v) {
                    if (x.isArray() && x.size() >= 3 && x.get(0).isTextual()) {
                        add(to, ref(x, "call arguments of '" + layer + "'"));
                    } else {
                        collect(x, to, 1);
                    }
                }
                return;
            }
            collect(v, to, 0);
        }

        private boolean bool(String key, JsonNode v) throws KerasImportException {
            if (v.isNull()) {
                return false;
            }
            if (!v.isBoolean()) {
                throw refuse("call argument `" + key + "`: expected true or false, got " + KerasHdf.clip(v.toString(), 40));
            }
            return v.booleanValue();
        }
    }
}
