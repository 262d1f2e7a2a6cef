package dev.recurrent.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recurrent.kernels.Activation;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.RecurrentConfig;
import dev.recurrent.layers.SimpleRNN;

import java.util.List;

/**
 * Keras' LSTM, GRU and SimpleRNN configs as Recurrent layers, and their weights: Keras 2 and 3's
 * fused kernels as they are, Keras 1's per-gate weights joined in the order i, f, c, o (GRU z, r,
 * h). {@code hard_sigmoid} is Keras 1/2's {@code clip(0.2x + 0.5, 0, 1)} in files below Keras 3
 * ({@link Activation#HARD_SIGMOID_KERAS2}), Keras 3's {@code relu6(x + 3) / 6} from Keras 3 on.
 */
final class KerasRecurrentLayers {
    private final boolean keras1;
    private final KerasActivations activations;
    private final boolean returnStates;

    KerasRecurrentLayers(boolean keras1, KerasActivations activations) {
        this(keras1, activations, false);
    }

    /** With {@code returnStates}, {@code return_state=True} is kept (a graph model wires the states on). */
    KerasRecurrentLayers(boolean keras1, KerasActivations activations, boolean returnStates) {
        this.keras1 = keras1;
        this.activations = activations;
        this.returnStates = returnStates;
    }

    private Activation activation(KerasLayerConfig c, String option, String value) throws KerasImportException {
        try {
            return Activation.byName(activations.name(value));
        } catch (IllegalArgumentException e) {
            throw c.refuse(option, "'" + value + "' is not supported; Recurrent's recurrent layers take tanh,"
                    + " sigmoid, hard_sigmoid, relu or linear");
        }
    }

    /** The Keras classes {@link #spec} takes. */
    static final List<String> CLASSES = List.of("LSTM", "GRU", "SimpleRNN", "CuDNNLSTM", "CuDNNGRU", "RNN");

    /**
     * The layer and how its weights are stored.
     *
     * @param kind  LSTM, GRU or SimpleRNN
     * @param cudnn Keras 2's CuDNNLSTM / CuDNNGRU: an input bias and a recurrent bias side by side
     */
    record Spec(Recurrent layer, int gateCount, boolean useBias, String kind, boolean cudnn) {

        /** The number of values its weights hold for {@code inputs} features. */
        long weightCount(int inputs) {
            long units = layer.units(), width = gateCount * units;
            boolean twoBiases = cudnn || layer instanceof GRU g && g.resetAfter();
            return inputs * width + units * width + (useBias ? (twoBiases ? 2 : 1) * width : 0);
        }
    }

    /**
     * The layer a Keras LSTM, GRU, SimpleRNN, CuDNNLSTM, CuDNNGRU or {@code RNN(cell)} config
     * describes, without its weights.
     */
    Spec spec(KerasLayerConfig given) throws KerasImportException {
        KerasLayerConfig c = given.className.equals("RNN") ? cellConfig(given) : given;
        boolean cudnn = c.className.startsWith("CuDNN");
        String kind = cudnn ? c.className.substring("CuDNN".length()) : c.className;
        int units = c.integer("units", "output_dim");
        // CuDNN layers have fixed activations, and their GRU is the reset-after form
        String act = cudnn ? "tanh" : c.string("tanh", "activation");
        String ract = cudnn ? "sigmoid" : c.string("sigmoid", "recurrent_activation", "inner_activation");
        boolean returnState = c.bool(false, "return_state");
        if (returnState && !returnStates) {
            throw c.refuse("return_state", "true gives several outputs; import the model as a graph"
                    + " (KerasModels.loadGraph), or save it with return_state=False");
        }
        if (c.bool(false, "time_major")) {
            throw c.refuse("time_major", "true is not supported; save the model with time_major=False");
        }
        boolean resetAfter = kind.equals("GRU") && (cudnn || c.bool(false, "reset_after"));
        RecurrentConfig.Builder<? extends Recurrent> b = switch (kind) {
            case "LSTM" -> LSTM.builder(units);
            case "GRU" -> GRU.builder(units).resetAfter(resetAfter);
            default -> SimpleRNN.builder(units);
        };
        boolean useBias = cudnn || c.bool(true, "use_bias", "bias");
        Recurrent layer = b.name(c.name)
                .useBias(useBias)
                .activation(activation(c, "activation", act))
                .recurrentActivation(kind.equals("SimpleRNN") ? Activation.SIGMOID
                        : activation(c, "recurrent_activation", ract))
                .returnSequences(c.bool(false, "return_sequences"))
                .returnState(returnState)
                .goBackwards(c.bool(false, "go_backwards"))
                .stateful(c.bool(false, "stateful"))
                .dropout(c.number(0f, "dropout", "dropout_W"))
                .recurrentDropout(c.number(0f, "recurrent_dropout", "dropout_U"))
                .unitForgetBias(c.bool(true, "unit_forget_bias"))
                .masking(KerasRules.masking(c))
                .build();
        layer = layer.withConfig(layer.config().withRules(KerasRules.read(c, true)));
        int gates = switch (kind) {
            case "LSTM" -> 4;
            case "GRU" -> 3;
            default -> 1;
        };
        return new Spec(layer, gates, useBias, kind, cudnn);
    }

    /** {@code RNN(LSTMCell(...))}: the cell's options with the wrapper's name and sequence options. */
    private static KerasLayerConfig cellConfig(KerasLayerConfig rnn) throws KerasImportException {
        JsonNode cell = rnn.get("cell");
        String cellClass = cell == null ? "" : cell.path("class_name").asText("");
        String kind = switch (cellClass) {
            case "LSTMCell" -> "LSTM";
            case "GRUCell" -> "GRU";
            case "SimpleRNNCell" -> "SimpleRNN";
            default -> null;
        };
        if (kind == null) {
            throw rnn.refuse("cell", (cell != null && cell.isArray() ? "a list of cells (stacked cells)"
                    : "'" + cellClass + "'") + " cannot be imported; use an RNN of one LSTMCell, GRUCell or"
                    + " SimpleRNNCell, or stack LSTM/GRU/SimpleRNN layers instead");
        }
        ObjectNode merged = cell.path("config").isObject() ? ((ObjectNode) cell.path("config")).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        for (String k : List.of("return_sequences", "return_state", "go_backwards", "stateful", "time_major", "unroll")) {
            JsonNode v = rnn.get(k);
            if (v != null) {
                merged.set(k, v);
            }
        }
        merged.put("name", rnn.name);
        return new KerasLayerConfig(kind, merged, rnn.name);
    }

    /** Reads the weights of {@code spec} from {@code w} into {@code target} (the layer, or one direction of a Bidirectional). */
    void fill(KerasLayerConfig c, Spec spec, Recurrent target, KerasWeights w)
            throws KerasImportException {
        int units = spec.layer().units();
        int inputs = target.inputFeatures();
        int width = spec.gateCount() * units;
        int biasSize = spec.layer() instanceof GRU g && g.resetAfter() ? 2 * width : width;
        float[] kernel, recurrentKernel, bias;
        if (keras1) {
            String[] gates = switch (spec.kind()) {
                case "LSTM" -> new String[] {"i", "f", "c", "o"};
                case "GRU" -> new String[] {"z", "r", "h"};
                default -> null;
            };
            if (gates == null) {
                kernel = w.read(null, "W", (long) inputs * units);
                recurrentKernel = w.read(null, "U", (long) units * units);
                bias = w.read(null, "b", units);
            } else {
                kernel = w.joinGates("W", inputs, units, gates);
                recurrentKernel = w.joinGates("U", units, units, gates);
                bias = w.joinGates("b", 1, units, gates);
            }
        } else {
            kernel = w.read("kernel", null, (long) inputs * width);
            recurrentKernel = w.read("recurrent_kernel", null, (long) units * width);
            bias = spec.useBias() ? w.read("bias", null, spec.cudnn() ? 2 * width : biasSize) : null;
            if (spec.cudnn() && biasSize == width) {
                bias = sumHalves(bias);
            }
        }
        try {
            target.setWeights(kernel, recurrentKernel, bias);
        } catch (IllegalArgumentException e) {
            throw c.refuseLayer("its weights do not fit the layer: " + e.getMessage());
        }
    }

    /** CuDNNLSTM's input bias plus its recurrent bias: the one bias of an LSTM computing the same. */
    private static float[] sumHalves(float[] b) {
        int half = b.length / 2;
        float[] out = new float[half];
        for (int i = 0; i < half; i++) {
            out[i] = b[i] + b[half + i];
        }
        return out;
    }
}
