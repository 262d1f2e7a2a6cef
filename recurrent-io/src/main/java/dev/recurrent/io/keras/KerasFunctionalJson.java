package dev.recurrent.io.keras;

import dev.recurrent.graph.Call;
import dev.recurrent.graph.Concatenate;
import dev.recurrent.graph.Dot;
import dev.recurrent.graph.Graph;
import dev.recurrent.graph.Merge;
import dev.recurrent.graph.Node;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dropout;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.layers.attention.AdditiveAttention;
import dev.recurrent.layers.attention.Attention;
import dev.recurrent.layers.attention.AttentionLayer;
import dev.recurrent.model.Model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A graph {@link Model} as Keras 3.6 saves a functional model: {@code config.json} as
 * {@code Functional.get_config} writes it (each layer with its {@code inbound_nodes}, one per call,
 * {@code {"args", "kwargs"}} holding {@code __keras_tensor__}s; the states of a recurrent layer as
 * {@code initial_state}; the {@code training} and {@code mask} arguments Keras fills in), and the
 * weight groups of {@code model.weights.h5}, both in the order of {@link KerasLayerOrder}. Masks are
 * written as {@code null}: Keras computes them again from the inputs when it loads the model; but a
 * recurrent call with initial states is given its mask as a tensor ({@link KerasMaskTensors}), which
 * Keras 3 would not pass it.
 */
final class KerasFunctionalJson {
    private final Model model;
    private final List<Object> order;
    private final Map<Call, Integer> localIndex = new IdentityHashMap<>();
    private final KerasMaskTensors masks;

    KerasFunctionalJson(Model model) {
        this.model = model;
        for (List<Call> calls : model.graph().callsByLayer().values()) {
            for (int i = 0; i < calls.size(); i++) {
                localIndex.put(calls.get(i), i);
            }
        }
        this.masks = new KerasMaskTensors(model.graph(), this::tensor);
        this.order = KerasLayerOrder.of(model.graph(), masks::parents);
    }

    // ------------------------------------------------------------------ config.json

    Map<String, Object> config() {
        Graph g = model.graph();
        Map<Object, List<Call>> calls = g.callsByLayer();
        List<Object> layers = new ArrayList<>();
        for (Object op : order) {
            Map<String, Object> entry;
            if (op instanceof Node in) {
                entry = KerasConfigJson.inputLayer(in.name(), shape(in));
                entry.put("name", in.name());
                entry.put("inbound_nodes", List.of());
                layers.add(entry);
                continue;
            }
            List<Call> own = calls.get(op);
            entry = layerEntry(op, own.get(0));
            List<Object> inbound = new ArrayList<>();
            for (Call c : own) {
                inbound.add(inboundNode(c));
            }
            entry.put("name", own.get(0).name());
            entry.put("inbound_nodes", inbound);
            layers.add(entry);
            layers.addAll(masks.operationsAfter(op));
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", model.name());
        c.put("trainable", true);
        c.put("layers", layers);
        c.put("input_layers", structure(g.inputs()));
        c.put("output_layers", structure(g.outputs()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("module", "keras.src.models.functional");
        m.put("class_name", "Functional");
        m.put("config", c);
        m.put("registered_name", "Functional");
        Map<String, Object> build = new LinkedHashMap<>();
        build.put("input_shape", null);
        m.put("build_config", build);
        return m;
    }

    private Map<String, Object> layerEntry(Object op, Call first) {
        Map<String, Object> entry;
        if (op instanceof Layer l) {
            entry = KerasConfigJson.layer(l, 0);
        } else if (op instanceof Merge m) {
            Map<String, Object> c = KerasConfigJson.base(m.name());
            if (m instanceof Concatenate cat) {
                c.put("axis", cat.axis());
            } else if (m instanceof Dot d) {
                int[] axes = d.axes();
                c.put("axes", axes[0] == axes[1] ? (Object) axes[0] : List.of(axes[0], axes[1]));
                c.put("normalize", false);
            }
            entry = KerasConfigJson.object("keras.layers", m.type(), c);
        } else {
            AttentionLayer a = (AttentionLayer) op;
            Map<String, Object> c = KerasConfigJson.base(a.name());
            if (a instanceof Attention at) {
                c.put("use_scale", at.useScale());
                c.put("score_mode", at.scoreMode());
            } else {
                c.put("use_scale", ((AdditiveAttention) a).useScale());
            }
            c.put("dropout", KerasConfigJson.decimal(a.dropout()));
            entry = KerasConfigJson.object("keras.layers", a.type(), c);
        }
        entry.put("build_config", buildConfig(op, first));
        return entry;
    }

    /** The shapes the layer was built for at its first call, as Keras records {@code build()}'s arguments. */
    private static Map<String, Object> buildConfig(Object op, Call first) {
        Map<String, Object> b = new LinkedHashMap<>();
        List<Node> in = first.inputs();
        if (op instanceof Recurrent && in.size() > 1) {
            Map<String, Object> shapes = new LinkedHashMap<>();
            shapes.put("sequences_shape", shape(in.get(0)));
            List<Object> states = new ArrayList<>();
            for (Node s : in.subList(1, in.size())) {
                states.add(shape(s));
            }
            shapes.put("initial_state_shape", states);
            b.put("shapes_dict", shapes);
        } else if (op instanceof Layer) {
            b.put("input_shape", shape(in.get(0)));
        } else {
            List<Object> shapes = new ArrayList<>();
            for (Node n : in) {
                shapes.add(shape(n));
            }
            b.put("input_shape", shapes);
        }
        return b;
    }

    /** One call as Keras 3.6's {@code serialize_node}: the arguments as called, then those Keras fills in. */
    private Map<String, Object> inboundNode(Call c) {
        Object op = c.layer();
        List<Object> args = new ArrayList<>();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        List<Node> in = c.inputs();
        if (op instanceof Merge || op instanceof AttentionLayer) {
            List<Object> list = new ArrayList<>();
            for (Node n : in) {
                list.add(tensor(n));
            }
            args.add(list);
            if (op instanceof AttentionLayer) {
                Map<String, Object> options = Graph.callOptions(c);
                if (Boolean.TRUE.equals(options.get("return_attention_scores"))) {
                    kwargs.put("return_attention_scores", true);
                }
                if (Boolean.TRUE.equals(options.get("use_causal_mask"))) {
                    kwargs.put("use_causal_mask", true);
                }
                kwargs.put("training", false);
                kwargs.put("mask", Arrays.asList(new Object[in.size()]));
            }
        } else {
            args.add(tensor(in.get(0)));
            if (op instanceof Recurrent && in.size() > 1) {
                List<Object> states = new ArrayList<>();
                for (Node s : in.subList(1, in.size())) {
                    states.add(tensor(s));
                }
                kwargs.put("initial_state", states);
            }
            if (op instanceof Recurrent || op instanceof Dropout) {
                kwargs.put("training", false);
            }
            if (masks.maskOf(c) != null) {
                kwargs.put("mask", masks.maskOf(c));
            }
            if ((op instanceof Recurrent && in.size() == 1) || op instanceof Bidirectional
                    || op instanceof TimeDistributed) {
                kwargs.put("mask", null);
            }
        }
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("args", args);
        node.put("kwargs", kwargs);
        return node;
    }

    /** Keras' serialized {@code KerasTensor}: shape with the batch, dtype, and the call that makes it. */
    private Map<String, Object> tensor(Node n) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("shape", shape(n));
        config.put("dtype", "float32");
        config.put("keras_history", history(n));
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("class_name", "__keras_tensor__");
        t.put("config", config);
        return t;
    }

    private List<Object> history(Node n) {
        return n.isInput() ? Arrays.asList(n.name(), 0, 0)
                : Arrays.asList(n.producer().name(), localIndex.get(n.producer()), n.outputIndex());
    }

    /** One tensor as {@code [layer, node, tensor]}; several as a list of them (Keras' inputs/outputs structure). */
    private Object structure(List<Node> nodes) {
        if (nodes.size() == 1) {
            return history(nodes.get(0));
        }
        List<Object> out = new ArrayList<>();
        for (Node n : nodes) {
            out.add(history(n));
        }
        return out;
    }

    /** {@code [null, steps or null, ...]}. */
    private static List<Object> shape(Node n) {
        List<Object> s = new ArrayList<>();
        s.add(null);
        int[] dims = n.shape().dims();
        for (int d = 0; d < dims.length; d++) {
            s.add(d == 0 && n.variableSteps() ? null : dims[d]);
        }
        return s;
    }

    // ------------------------------------------------------------------ model.weights.h5

    /** Every saveable's group, as Keras 3's {@code saving_lib} walks {@code Functional.layers}. */
    List<KerasWeightLayout.Group> weightGroups() {
        List<KerasWeightLayout.Group> groups = new ArrayList<>();
        groups.add(new KerasWeightLayout.Group("", model.name(), List.of()));
        Map<String, Integer> used = new HashMap<>();
        for (Object op : order) {
            String type = op instanceof Node ? "InputLayer" : op instanceof Layer l ? l.type()
                    : op instanceof Merge m ? m.type() : ((AttentionLayer) op).type();
            String key = KerasWeightLayout.snakeCase(type);
            Integer n = used.merge(key, 0, (a, b) -> a + 1);
            String path = "layers/" + (n == 0 ? key : key + "_" + n);
            if (op instanceof Layer l) {
                KerasWeightLayout.add(groups, path, l);
            } else if (op instanceof AttentionLayer a) {
                groups.add(new KerasWeightLayout.Group(path, a.name(), a.parameters()));
            } else {
                groups.add(new KerasWeightLayout.Group(path, op instanceof Node in ? in.name() : ((Merge) op).name(),
                        List.of()));
            }
        }
        return groups;
    }
}
