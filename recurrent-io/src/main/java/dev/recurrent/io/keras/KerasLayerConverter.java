package dev.recurrent.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Dropout;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.Flatten;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Masking;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.RepeatVector;
import dev.recurrent.layers.TimeDistributed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns Keras layers, in model order, into Recurrent layers with their weights, keeping track of
 * the shape of one sample between layers. Anything without an exact equivalent is refused.
 */
final class KerasLayerConverter {
    /** The most steps a sequence (or a RepeatVector) may declare. */
    static final int MAX_STEPS = 1 << 20;
    /** The most values one input sample may declare. */
    static final long MAX_SAMPLE_VALUES = 1L << 24;

    private final KerasWeightSource file;
    private final boolean keras1;
    private final KerasActivations activations;
    private final KerasRecurrentLayers recurrentLayers;
    private final List<ImportedLayer> out = new ArrayList<>();
    /** The shape of one sample after the layers so far; -1 for a length the file leaves open. */
    private int[] shape;
    /** The model's input shape of one sample, -1 where the file leaves it open; null until read. */
    private int[] inputShape;
    /** The Dense just added, while an Activation may still fold into it. */
    private DenseSlot lastDense;
    /** The layer being added. */
    private KerasNode node;

    KerasLayerConverter(KerasWeightSource file, int kerasMajor) {
        this(file, kerasMajor, false);
    }

    /** With {@code returnStates}, a recurrent layer may return its states (a graph model passes them on). */
    KerasLayerConverter(KerasWeightSource file, int kerasMajor, boolean returnStates) {
        this.file = file;
        this.keras1 = kerasMajor == 1;
        this.activations = new KerasActivations(kerasMajor);
        this.recurrentLayers = new KerasRecurrentLayers(keras1, activations, returnStates);
    }

    /** Starts from samples of {@code sampleShape} (-1 for open steps), as the input of a layer in a graph. */
    KerasLayerConverter from(int[] sampleShape) {
        inputShape = sampleShape.clone();
        shape = sampleShape.clone();
        return this;
    }

    List<ImportedLayer> layers() {
        return out;
    }

    /** The input shape of one sample, -1 where the file leaves it open (null until a layer is added). */
    int[] inputShape() {
        return inputShape;
    }

    void add(KerasNode kerasNode, int index) throws KerasImportException {
        node = kerasNode;
        JsonNode json = kerasNode.layer();
        String cls = json.path("class_name").asText("");
        KerasLayerConfig c = new KerasLayerConfig(cls, json.path("config"), "layer_" + index);
        try {
            add(c, index);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // a value the layer's own checks refuse (units 0, a rate of 2, ...)
            throw c.refuseLayer(e.getMessage());
        }
    }

    private void add(KerasLayerConfig c, int index) throws KerasImportException {
        String cls = c.className;
        DenseSlot previousDense = lastDense;
        lastDense = null;
        if (inputShape == null) {
            readInputShape(c);
        }
        switch (cls) {
            case "InputLayer":
                if (index != 0) {
                    throw c.refuseLayer("an InputLayer other than the first cannot be imported");
                }
                return;
            case "LSTM", "GRU", "SimpleRNN", "CuDNNLSTM", "CuDNNGRU", "RNN":
                addRecurrent(c);
                return;
            case "Bidirectional":
                addBidirectional(c);
                return;
            case "Dense":
                addDense(c, false);
                return;
            case "TimeDistributedDense":
                addDense(c, true);
                return;
            case "TimeDistributed":
                addTimeDistributed(c);
                return;
            case "Embedding":
                addEmbedding(c);
                return;
            case "Activation":
                addActivation(c, previousDense);
                return;
            case "Dropout":
                out.add(new ImportedLayer(new Dropout(c.name, c.number(0f, "rate", "p")), ImportedLayer.NONE));
                return;
            case "RepeatVector":
                requireRank(c, 1, "a vector per sample");
                int n = c.integer("n");
                if (n <= 0 || n > MAX_STEPS) {
                    throw c.refuse("n", "expected a number of steps in [1, " + MAX_STEPS + "], got " + n);
                }
                shape = new int[] {n, shape[0]};
                out.add(new ImportedLayer(new RepeatVector(c.name, n), ImportedLayer.NONE));
                return;
            case "Flatten":
                int size = 1;
                for (int d : shape) {
                    size = d < 0 || size < 0 ? -1 : size * d;
                }
                shape = new int[] {size};
                out.add(new ImportedLayer(new Flatten(c.name), ImportedLayer.NONE));
                return;
            case "Reshape":
                reshapeInput(c);
                return;
            case "Masking":
                requireRank(c, 2, "sequences [steps, features]");
                out.add(new ImportedLayer(new Masking(c.name, c.number(0f, "mask_value")), ImportedLayer.NONE));
                return;
            case "Lambda":
                throw c.refuse("function", "a Lambda layer holds Python code, which is never run; remove it from the"
                        + " model (apply its computation to the inputs or outputs outside the model), save again"
                        + " and import that file");
            default:
                throw c.refuseLayer("this layer class has no equivalent in Recurrent; supported are InputLayer,"
                        + " Masking, LSTM, GRU, SimpleRNN, CuDNNLSTM, CuDNNGRU, RNN(LSTMCell|GRUCell|SimpleRNNCell),"
                        + " Bidirectional, Dense, TimeDistributed(Dense), Embedding, Activation, Dropout, RepeatVector,"
                        + " Flatten, a Reshape right after the input, and a Sequential nested in a functional Model");
        }
    }

    // ------------------------------------------------------------------ shapes

    private void readInputShape(KerasLayerConfig c) throws KerasImportException {
        JsonNode b = c.get("batch_input_shape", "batch_shape");
        if (b != null && b.isArray() && b.size() >= 2) {
            int[] s = new int[b.size() - 1];
            for (int i = 1; i < b.size(); i++) {
                s[i - 1] = b.get(i).isNull() ? -1 : b.get(i).intValue();
            }
            inputShape = s;
        } else if (c.get("input_dim") != null && !c.className.equals("Embedding")) {
            JsonNode len = c.get("input_length");
            int steps = len == null ? -1 : len.intValue();
            inputShape = new int[] {steps, c.integer("input_dim")};
        } else if (c.className.equals("Embedding")) {
            JsonNode len = c.get("input_length");
            inputShape = new int[] {len == null ? -1 : len.intValue()};
        } else {
            throw c.refuseLayer("the model's input shape is not recorded (no batch_input_shape); build the model"
                    + " with an input shape before saving");
        }
        checkSampleShape(c, inputShape);
        shape = inputShape.clone();
    }

    /** Bounds what a configuration alone makes the model allocate per sample. */
    private static void checkSampleShape(KerasLayerConfig c, int[] s) throws KerasImportException {
        long values = 1;
        for (int d : s) {
            if (d == 0 || d < -1 || d > MAX_STEPS) {
                throw c.refuse("batch_input_shape", "dimension " + d + " is out of range (1 to " + MAX_STEPS + ")");
            }
            values *= Math.max(d, 1);
        }
        if (values > MAX_SAMPLE_VALUES) {
            throw c.refuse("batch_input_shape", "a sample of " + values + " values is more than the "
                    + MAX_SAMPLE_VALUES + " allowed");
        }
    }

    /** A Reshape right after the input only renames the input's shape: the row-major values are the same. */
    private void reshapeInput(KerasLayerConfig c) throws KerasImportException {
        JsonNode t = c.get("target_shape");
        if (!out.isEmpty() || t == null || !t.isArray()) {
            throw c.refuseLayer("only a Reshape right after the input can be imported (it becomes the input shape)");
        }
        int[] target = new int[t.size()];
        long from = 1, to = 1;
        for (int i = 0; i < target.length; i++) {
            target[i] = t.get(i).intValue();
            to *= target[i];
        }
        for (int d : inputShape) {
            from *= d;
        }
        if (from != to || from <= 0) {
            throw c.refuse("target_shape", "the input " + Arrays.toString(inputShape) + " cannot become "
                    + Arrays.toString(target) + "; only a Reshape of a fixed-size input can be imported");
        }
        checkSampleShape(c, target);
        inputShape = target.clone();
        shape = target.clone();
    }

    private void requireRank(KerasLayerConfig c, int rank, String what) throws KerasImportException {
        if (shape.length != rank) {
            throw c.refuseLayer("expects " + what + ", but the layer before gives samples of shape "
                    + Arrays.toString(shape));
        }
    }

    // ------------------------------------------------------------------ recurrent layers

    private void trackRecurrent(Recurrent r, int width) {
        shape = r.config().returnSequences() ? new int[] {shape[0], width} : new int[] {width};
    }

    private void addRecurrent(KerasLayerConfig c) throws KerasImportException {
        requireRank(c, 2, "sequences [steps, features]");
        KerasRecurrentLayers.Spec spec = recurrentLayers.spec(c);
        KerasWeights w = new KerasWeights(c, file.weights(node, c), keras1);
        w.requireCount(spec.weightCount(shape[1]));
        trackRecurrent(spec.layer(), spec.layer().units());
        out.add(new ImportedLayer(spec.layer(), () -> recurrentLayers.fill(c, spec, spec.layer(), w)));
    }

    private void addBidirectional(KerasLayerConfig c) throws KerasImportException {
        JsonNode inner = c.get("layer");
        String innerClass = inner == null ? "" : inner.path("class_name").asText("");
        if (!KerasRecurrentLayers.CLASSES.contains(innerClass)) {
            throw c.refuse("layer", "wraps '" + innerClass + "'; only LSTM, GRU, SimpleRNN, CuDNNLSTM, CuDNNGRU and"
                    + " RNN(cell) can be imported inside a Bidirectional");
        }
        JsonNode backward = c.get("backward_layer");
        if (backward != null && !mirrors(inner, backward)) {
            throw c.refuse("backward_layer", "a backward layer configured unlike the forward one is not supported;"
                    + " use Bidirectional(layer) without backward_layer");
        }
        String mergeName = c.string("concat", "merge_mode");
        Bidirectional.Merge merge;
        try {
            merge = Bidirectional.merge(mergeName);
        } catch (IllegalArgumentException e) {
            throw c.refuse("merge_mode", "'" + mergeName + "' is not supported; use concat, sum, mul or ave");
        }
        JsonNode innerConfig = inner.path("config");
        if (innerConfig.isObject() && innerConfig.path("name").asText("").startsWith("forward_")) {
            // Keras names the forward layer "forward_" + the wrapped layer's name, without doubling the prefix
            com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode)
                    innerConfig).deepCopy();
            copy.put("name", copy.path("name").asText().substring("forward_".length()));
            innerConfig = copy;
        }
        KerasLayerConfig ic = new KerasLayerConfig(innerClass, innerConfig, c.name + "_inner");
        requireRank(c, 2, "sequences [steps, features]");
        KerasRecurrentLayers.Spec spec = recurrentLayers.spec(ic);
        Bidirectional bi = new Bidirectional(spec.layer(), merge);
        bi.setName(c.name);
        KerasWeights all = new KerasWeights(c, file.weights(node, c), keras1);
        all.requireCount(2 * spec.weightCount(shape[1]));
        trackRecurrent(spec.layer(), merge == Bidirectional.Merge.CONCAT ? 2 * spec.layer().units() : spec.layer().units());
        out.add(new ImportedLayer(bi, () -> {
            recurrentLayers.fill(c, spec, bi.forwardLayer(), all.half(false));
            recurrentLayers.fill(c, spec, bi.backwardLayer(), all.half(true));
        }));
    }

    /** Whether a Bidirectional's backward_layer is its forward layer run backwards, nothing else. */
    private static boolean mirrors(JsonNode forward, JsonNode backward) {
        if (!forward.path("class_name").equals(backward.path("class_name"))) {
            return false;
        }
        JsonNode f = forward.path("config"), b = backward.path("config");
        if (f.has("cell") && !mirrors(f.path("cell"), b.path("cell"))) {
            return false;
        }
        for (String k : List.of("units", "activation", "recurrent_activation", "use_bias", "reset_after",
                "return_sequences", "return_state", "stateful", "unit_forget_bias", "time_major")) {
            if (!f.path(k).equals(b.path(k))) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ other layers

    private void addDense(KerasLayerConfig c, boolean timeDistributed) throws KerasImportException {
        int units = c.integer("units", "output_dim");
        String act = c.string("linear", "activation");
        Dense dense = dense(c, c.name, units, act);
        KerasWeights w = new KerasWeights(c, file.weights(node, c), keras1);
        boolean useBias = c.bool(true, "use_bias", "bias");
        w.requireCount((long) shape[shape.length - 1] * units + (useBias ? units : 0));
        shape = withLast(units);
        Layer layer = timeDistributed ? named(new TimeDistributed(dense), c.name) : dense;
        DenseSlot slot = new DenseSlot(dense);
        lastDense = slot;
        out.add(new ImportedLayer(layer, () -> fillDense(c, slot.dense, w, useBias)));
    }

    private void addTimeDistributed(KerasLayerConfig c) throws KerasImportException {
        JsonNode inner = c.get("layer");
        String innerClass = inner == null ? "" : inner.path("class_name").asText("");
        if (!innerClass.equals("Dense")) {
            throw c.refuse("layer", "wraps '" + innerClass + "'; only TimeDistributed(Dense) can be imported");
        }
        KerasLayerConfig ic = new KerasLayerConfig("Dense", inner.path("config"), c.name + "_dense");
        Dense dense = dense(ic, ic.name, ic.integer("units"), ic.string("linear", "activation"));
        KerasWeights w = new KerasWeights(c, file.weights(node, c), keras1);
        boolean useBias = ic.bool(true, "use_bias");
        w.requireCount((long) shape[shape.length - 1] * dense.units() + (useBias ? dense.units() : 0));
        shape = withLast(dense.units());
        DenseSlot slot = new DenseSlot(dense);
        lastDense = slot;
        out.add(new ImportedLayer(named(new TimeDistributed(dense), c.name), () -> fillDense(ic, slot.dense, w, useBias)));
    }

    private Dense dense(KerasLayerConfig c, String name, int units, String act) throws KerasImportException {
        try {
            return KerasRules.apply(c, new Dense(name, units, activations.name(act)));
        } catch (IllegalArgumentException e) {
            throw c.refuse("activation", "'" + act + "' is not supported; Dense takes tanh, sigmoid, hard_sigmoid,"
                    + " relu, linear or softmax");
        }
    }

    private void fillDense(KerasLayerConfig c, Dense dense, KerasWeights w, boolean useBias) throws KerasImportException {
        List<Parameter> p = dense.parameters();
        float[] kernel = w.read("kernel", "W", p.get(0).value().length);
        float[] bias = useBias ? w.read("bias", "b", dense.units()) : new float[dense.units()];
        copy(c, p.get(0), kernel, "kernel");
        copy(c, p.get(1), bias, "bias");
    }

    private void addEmbedding(KerasLayerConfig c) throws KerasImportException {
        requireRank(c, 1, "token ids [steps]");
        Embedding e = new Embedding(c.name, c.integer("input_dim"), c.integer("output_dim"), c.bool(false, "mask_zero"));
        KerasWeights w = new KerasWeights(c, file.weights(node, c), keras1);
        w.requireCount((long) e.inputDim() * e.outputDim());
        shape = new int[] {shape[0], e.outputDim()};
        out.add(new ImportedLayer(e, () -> copy(c, e.parameters().get(0),
                w.read("embeddings", "W", e.parameters().get(0).value().length), "embeddings")));
    }

    /**
     * An Activation after a linear Dense becomes that Dense's activation; anywhere else, a Dense with
     * an identity kernel and a zero bias, which computes exactly the activation.
     */
    private void addActivation(KerasLayerConfig c, DenseSlot before) throws KerasImportException {
        String act = c.string("linear", "activation");
        if (act.equals("linear")) {
            return;
        }
        if (before != null && before.dense.activation().equals("linear")) {
            ImportedLayer last = out.get(out.size() - 1);
            before.dense = dense(c, before.dense.name(), before.dense.units(), act);
            Layer layer = last.layer() instanceof TimeDistributed
                    ? named(new TimeDistributed(before.dense), last.layer().name()) : before.dense;
            out.set(out.size() - 1, new ImportedLayer(layer, last.weights()));
            return;
        }
        int width = shape[shape.length - 1];
        Dense identity = dense(c, c.name, width, act);
        out.add(new ImportedLayer(identity, () -> {
            List<Parameter> p = identity.parameters();
            float[] k = p.get(0).value();
            Arrays.fill(k, 0f);
            for (int i = 0; i < width; i++) {
                k[i * width + i] = 1f;
            }
            Arrays.fill(p.get(1).value(), 0f);
        }));
    }

    /** The Dense a weight fill writes into: an Activation folded into it replaces it. */
    private static final class DenseSlot {
        Dense dense;

        DenseSlot(Dense dense) {
            this.dense = dense;
        }
    }

    // ------------------------------------------------------------------ helpers

    private int[] withLast(int units) {
        int[] s = shape.clone();
        s[s.length - 1] = units;
        return s;
    }

    private static Layer named(Layer layer, String name) {
        layer.setName(name);
        return layer;
    }

    private static void copy(KerasLayerConfig c, Parameter p, float[] v, String what) throws KerasImportException {
        if (p.value().length != v.length) {
            throw c.refuseLayer("weight `" + what + "` has " + v.length + " values, the layer expects "
                    + Arrays.toString(p.shape()));
        }
        System.arraycopy(v, 0, p.value(), 0, v.length);
    }
}
