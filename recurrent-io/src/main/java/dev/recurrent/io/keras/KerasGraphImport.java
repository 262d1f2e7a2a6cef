package dev.recurrent.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recurrent.graph.Functional;
import dev.recurrent.graph.Input;
import dev.recurrent.graph.Merge;
import dev.recurrent.graph.Node;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.attention.AttentionLayer;
import dev.recurrent.model.Model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a graph {@link Model} from a Keras functional config, as Keras' {@code functional_from_config}
 * does: every layer made once, its calls made in order as soon as the tensors they take exist, then
 * the weights read into the built layers. A recurrent layer's {@code initial_state} (Keras 3's
 * kwargs, or tf.keras' inputs after the sequence) becomes its initial states; a layer with several
 * calls is shared. Masks are recomputed by the graph as Keras' {@code compute_mask}, so the
 * operations Keras 3 records for them are not imported; a Keras 3 recurrent call of several tensors
 * without a recorded mask runs unmasked, as Keras 3 runs it ({@link KerasInboundNode#appliesMask}).
 */
final class KerasGraphImport {
    private final KerasFunctionalConfig config;
    private final KerasWeightSource file;
    private final int major;
    private final int timesteps;
    private final Map<String, KerasFunctionalConfig.Layer> byName = new HashMap<>();
    /** The output nodes of each call made so far, by layer name. */
    private final Map<String, List<List<Node>>> made = new HashMap<>();
    /** Each layer made: a {@code Layer}, a {@code Merge}, an attention layer, or {@link #IDENTITY}. */
    private final Map<String, Object> layers = new HashMap<>();
    private final Map<String, Boolean> causalLayers = new HashMap<>();
    private final List<ImportedLayer.WeightFill> fills = new ArrayList<>();

    /** The single-input layers {@link KerasLayerConverter} makes (Lambda last: it refuses it, saying why). */
    private static final List<String> LAYERS = List.of("Masking", "Embedding", "LSTM", "GRU", "SimpleRNN", "CuDNNLSTM",
            "CuDNNGRU", "RNN", "Bidirectional", "Dense", "TimeDistributed", "TimeDistributedDense", "Activation", "Dropout",
            "RepeatVector", "Flatten", "Lambda");

    /** A Keras layer that computes nothing here (a linear Activation): its output is its input. */
    private static final Object IDENTITY = new Object();

    private KerasGraphImport(KerasFunctionalConfig config, KerasWeightSource file, int major, int timesteps) {
        this.config = config;
        this.file = file;
        this.major = major;
        this.timesteps = timesteps;
    }

    static Model build(String configJson, KerasWeightSource file, int major, int timesteps) throws KerasImportException {
        KerasFunctionalConfig config = KerasFunctionalConfig.parse(configJson);
        return new KerasGraphImport(config, file, major, timesteps).build();
    }

    private Model build() throws KerasImportException {
        int pending = 0;
        for (KerasFunctionalConfig.Layer l : config.layers()) {
            byName.put(l.name(), l);
            if (l.className().equals("InputLayer")) {
                made.put(l.name(), List.of(List.of(input(l))));
            } else if (!l.operation()) {
                made.put(l.name(), new ArrayList<>());
                pending += l.calls().size();
            }
        }
        while (pending > 0) {
            int before = pending;
            for (KerasFunctionalConfig.Layer l : config.layers()) {
                List<List<Node>> calls = made.get(l.name());
                if (l.operation() || l.className().equals("InputLayer")) {
                    continue;
                }
                while (calls.size() < l.calls().size() && available(l.calls().get(calls.size()))) {
                    calls.add(call(l, l.calls().get(calls.size())));
                    pending--;
                }
            }
            if (pending == before) {
                throw stuck();
            }
        }
        List<Node> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        for (KerasInboundNode.Ref r : config.inputs()) {
            inputs.add(resolve(r, "the model's inputs"));
        }
        for (KerasInboundNode.Ref r : config.outputs()) {
            outputs.add(resolve(r, "the model's outputs"));
        }
        Model model;
        try {
            model = new Model(config.name(), inputs, outputs);
        } catch (IllegalArgumentException e) {
            throw new KerasImportException("model '" + config.name() + "': " + e.getMessage(), e);
        }
        for (ImportedLayer.WeightFill f : fills) {
            f.fill();
        }
        return model;
    }

    // ------------------------------------------------------------------ inputs

    private Node input(KerasFunctionalConfig.Layer l) throws KerasImportException {
        KerasLayerConfig c = new KerasLayerConfig("InputLayer", l.node().layer().path("config"), l.name());
        JsonNode b = c.get("batch_shape", "batch_input_shape");
        if (b == null || !b.isArray() || b.size() < 2 || b.size() > 5) {
            throw c.refuse("batch_shape", "expected [None, steps, ...] of 1 to 4 sample dimensions, got " + b);
        }
        int[] dims = new int[b.size() - 1];
        long values = 1;
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = b.get(i + 1);
            if (d.isNull() && i == 0) {
                dims[i] = timesteps > 0 ? timesteps : Input.NONE;
            } else if (!d.canConvertToInt() || d.intValue() <= 0 || d.intValue() > KerasLayerConverter.MAX_STEPS) {
                throw c.refuse("batch_shape", "dimension " + (i + 1) + " is " + d + "; expected 1 to "
                        + KerasLayerConverter.MAX_STEPS + (i == 0 ? " or None (steps)" : ""));
            } else {
                dims[i] = d.intValue();
            }
            values *= Math.max(dims[i], 1);
        }
        if (values > KerasLayerConverter.MAX_SAMPLE_VALUES) {
            throw c.refuse("batch_shape", "a sample of " + values + " values is more than the "
                    + KerasLayerConverter.MAX_SAMPLE_VALUES + " allowed");
        }
        try {
            return Input.named(l.name(), dims);
        } catch (IllegalArgumentException e) {
            throw c.refuseLayer(e.getMessage());
        }
    }

    // ------------------------------------------------------------------ calls

    private boolean available(KerasInboundNode call) throws KerasImportException {
        for (List<KerasInboundNode.Ref> refs : List.of(call.inputs(), call.states())) {
            for (KerasInboundNode.Ref r : refs) {
                KerasFunctionalConfig.Layer from = byName.get(r.layer());
                if (from == null) {
                    throw new KerasImportException("model_config: a call takes " + r + ", but there is no layer named '"
                            + KerasHdf.clip(r.layer(), 80) + "'");
                }
                if (from.operation()) {
                    throw new KerasImportException("layer '" + r.layer() + "' (" + from.className() + "): a Keras"
                            + " operation (keras.ops) computing a value of the model cannot be imported; write it"
                            + " with layers, save again and import that file");
                }
                List<List<Node>> calls = made.get(r.layer());
                if (r.node() >= calls.size()) {
                    return false;
                }
            }
        }
        return true;
    }

    private Node resolve(KerasInboundNode.Ref r, String where) throws KerasImportException {
        List<List<Node>> calls = made.get(r.layer());
        if (calls == null || r.node() >= calls.size() || r.tensor() >= calls.get(r.node()).size()) {
            throw new KerasImportException("model_config: " + where + " name the tensor " + r + ", which no layer"
                    + " call makes");
        }
        return calls.get(r.node()).get(r.tensor());
    }

    private KerasImportException stuck() {
        for (KerasFunctionalConfig.Layer l : config.layers()) {
            List<List<Node>> calls = made.get(l.name());
            if (calls != null && !l.operation() && calls.size() < l.calls().size()) {
                return new KerasImportException("layer '" + l.name() + "' (" + l.className() + "): call "
                        + calls.size() + " takes " + l.calls().get(calls.size()).inputs() + ", which no call of the"
                        + " model makes (a loop, or a damaged config)");
            }
        }
        return new KerasImportException("model_config: the layer calls cannot be ordered");
    }

    private List<Node> call(KerasFunctionalConfig.Layer l, KerasInboundNode call) throws KerasImportException {
        KerasLayerConfig c = new KerasLayerConfig(l.className(), l.node().layer().path("config"), l.name());
        List<Node> in = new ArrayList<>(), states = new ArrayList<>();
        for (KerasInboundNode.Ref r : call.inputs()) {
            in.add(resolve(r, "layer '" + l.name() + "'"));
        }
        for (KerasInboundNode.Ref r : call.states()) {
            states.add(resolve(r, "layer '" + l.name() + "'"));
        }
        for (KerasInboundNode.Ref r : call.masks()) {
            KerasFunctionalConfig.Layer from = byName.get(r.layer());
            if (from == null || !from.operation()) {
                throw c.refuseLayer("it is given the tensor " + r + " as its mask; an explicit mask cannot be imported"
                        + " (masks come from Masking and Embedding(mask_zero=True), as Keras computes them)");
            }
        }
        if (in.isEmpty()) {
            throw c.refuseLayer("a call on no tensor");
        }
        Object layer = layers.containsKey(l.name()) ? layers.get(l.name()) : make(l, c, in.get(0));
        layers.put(l.name(), layer);
        try {
            return dispatch(c, layer, in, states, call);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw c.refuseLayer(e.getMessage());
        }
    }

    private List<Node> dispatch(KerasLayerConfig c, Object layer, List<Node> in, List<Node> states,
                                KerasInboundNode call) throws KerasImportException {
        if (layer instanceof Merge m) {
            requireNoStates(c, states);
            return List.of(m.call(in));
        }
        if (layer instanceof AttentionLayer a) {
            requireNoStates(c, states);
            boolean causal = call.causal() || causalLayers.getOrDefault(c.name, false);
            return call.returnScores() ? Functional.callWithScores(a, in, causal).all()
                    : List.of(Functional.call(a, in, causal));
        }
        if (layer instanceof Recurrent r) {
            List<Node> s = states.isEmpty() ? in.subList(1, in.size()) : states;
            if (!states.isEmpty() && in.size() > 1) {
                throw c.refuseLayer("called on " + in.size() + " tensors beside its initial states; expected one sequence");
            }
            if (!call.appliesMask()) {
                return Functional.callIgnoringMask(r, in.get(0), s).all();
            }
            return r.config().returnState() ? Functional.callWithState(r, in.get(0), s).all()
                    : List.of(Functional.call(r, in.get(0), s));
        }
        requireNoStates(c, states);
        if (in.size() != 1) {
            throw c.refuseLayer("called on " + in.size() + " tensors; this layer takes one");
        }
        if (layer == IDENTITY) {
            return List.of(in.get(0));
        }
        return List.of(Functional.call((Layer) layer, in.get(0)));
    }

    private static void requireNoStates(KerasLayerConfig c, List<Node> states) throws KerasImportException {
        if (!states.isEmpty()) {
            throw c.refuse("initial_state", "only LSTM, GRU and SimpleRNN layers take initial states");
        }
    }

    // ------------------------------------------------------------------ layers

    private Object make(KerasFunctionalConfig.Layer l, KerasLayerConfig c, Node first) throws KerasImportException {
        String cls = l.className();
        if (KerasGraphLayers.MERGES.contains(cls)) {
            return KerasGraphLayers.merge(c);
        }
        if (KerasGraphLayers.ATTENTION.contains(cls)) {
            AttentionLayer a = KerasGraphLayers.attention(c);
            causalLayers.put(c.name, KerasGraphLayers.causal(c));
            fills.add(() -> KerasGraphLayers.fill(c, a, file.weights(l.node(), c)));
            return a;
        }
        switch (cls) {
            case "Sequential", "Model", "Functional" -> throw c.refuseLayer("a model nested in a graph model cannot be"
                    + " imported; rebuild the graph from the inner model's layers, save again and import that file");
            case "Reshape" -> throw c.refuseLayer("a Reshape inside a graph model cannot be imported");
            case "Bidirectional" -> {
                if (c.get("layer") != null && c.get("layer").path("config").path("return_state").asBoolean(false)) {
                    throw c.refuse("return_state", "a Bidirectional returning its states cannot be imported;"
                            + " save it with return_state=False");
                }
                if (first.variableSteps()) {
                    throw c.refuseLayer("runs backwards over sequences of None steps; give their length"
                            + " (KerasModels.loadGraph(file, timesteps), --timesteps N)");
                }
            }
            default -> {
                if (!LAYERS.contains(cls)) {
                    throw c.refuseLayer("this layer class has no equivalent in Recurrent's graph models; supported are "
                            + String.join(", ", LAYERS.subList(0, LAYERS.size() - 1)) + ", the merges "
                            + String.join(", ", KerasGraphLayers.MERGES) + ", and "
                            + String.join(", ", KerasGraphLayers.ATTENTION));
                }
            }
        }
        KerasLayerConverter converter = new KerasLayerConverter(file, major, true).from(sampleShape(first));
        converter.add(l.node(), 1);
        List<ImportedLayer> out = converter.layers();
        if (out.isEmpty()) {
            return IDENTITY;
        }
        fills.add(out.get(0).weights());
        return out.get(0).layer();
    }

    /** A node's sample shape as the converter tracks it: -1 for open steps. */
    private static int[] sampleShape(Node n) {
        int[] dims = n.shape().dims().clone();
        if (n.variableSteps()) {
            dims[0] = -1;
        }
        return dims;
    }
}
