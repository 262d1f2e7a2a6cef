package dev.recurrent.io.keras;

import dev.recurrent.kernels.Activation;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.RecurrentConfig;
import dev.recurrent.layers.SimpleRNN;

/**
 * Keras' LSTM, GRU and SimpleRNN configs as Recurrent layers, and their weights: Keras 2 and 3's
 * fused kernels as they are, Keras 1's per-gate weights joined in the order i, f, c, o (GRU z, r,
 * h). Keras 1 and 2's hard sigmoid, {@code clip(0.2x + 0.5, 0, 1)}, is Recurrent's (Keras 3's)
 * {@code clip(x/6 + 0.5, 0, 1)} of 1.2x: the weights feeding those gates are scaled by 1.2.
 */
final class KerasRecurrentLayers {
    private final boolean keras1;
    private final boolean keras2HardSigmoid;

    KerasRecurrentLayers(boolean keras1, boolean keras2HardSigmoid) {
        this.keras1 = keras1;
        this.keras2HardSigmoid = keras2HardSigmoid;
    }

    private Activation activation(KerasLayerConfig c, String option, String value) throws KerasImportException {
        try {
            return Activation.byName(value);
        } catch (IllegalArgumentException e) {
            throw c.refuse(option, "'" + value + "' is not supported; Recurrent's recurrent layers take tanh,"
                    + " sigmoid, hard_sigmoid, relu or linear");
        }
    }

    /** The layer, and the recurrent-activation gates whose weights carry Keras 2's hard_sigmoid scale. */
    record Spec(Recurrent layer, int gateCount, int[] hardGates, boolean useBias, String kind) {
    }

    /** The layer a Keras LSTM, GRU or SimpleRNN config describes, without its weights. */
    Spec spec(KerasLayerConfig c) throws KerasImportException {
        String kind = c.className;
        int units = c.integer("units", "output_dim");
        String act = c.string("tanh", "activation");
        String ract = c.string("sigmoid", "recurrent_activation", "inner_activation");
        if (c.bool(false, "return_state")) {
            throw c.refuse("return_state", "true gives several outputs; save the model with return_state=False");
        }
        if (c.bool(false, "time_major")) {
            throw c.refuse("time_major", "true is not supported; save the model with time_major=False");
        }
        if (keras2HardSigmoid && act.equals("hard_sigmoid")) {
            throw c.refuse("activation", "Keras 1/2's hard_sigmoid (0.2x + 0.5) as the cell activation has no"
                    + " equivalent (Recurrent's hard_sigmoid is Keras 3's x/6 + 0.5); use tanh");
        }
        boolean resetAfter = kind.equals("GRU") && c.bool(false, "reset_after");
        RecurrentConfig.Builder<? extends Recurrent> b = switch (kind) {
            case "LSTM" -> LSTM.builder(units);
            case "GRU" -> GRU.builder(units).resetAfter(resetAfter);
            default -> SimpleRNN.builder(units);
        };
        boolean useBias = c.bool(true, "use_bias", "bias");
        Recurrent layer = b.name(c.name)
                .useBias(useBias)
                .activation(activation(c, "activation", act))
                .recurrentActivation(kind.equals("SimpleRNN") ? Activation.SIGMOID
                        : activation(c, "recurrent_activation", ract))
                .returnSequences(c.bool(false, "return_sequences"))
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
        int[] hard = !keras2HardSigmoid || !ract.equals("hard_sigmoid") || gates == 1 ? new int[0]
                : gates == 4 ? new int[] {0, 1, 3} : new int[] {0, 1};
        return new Spec(layer, gates, hard, useBias, kind);
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
            bias = spec.useBias() ? w.read("bias", null, biasSize) : null;
        }
        if (spec.hardGates().length > 0) {
            float s = KerasWeights.KERAS2_HARD_SIGMOID_SCALE;
            kernel = KerasWeights.scaleGates(kernel, spec.gateCount(), units, spec.hardGates(), s);
            recurrentKernel = KerasWeights.scaleGates(recurrentKernel, spec.gateCount(), units, spec.hardGates(), s);
            bias = bias == null ? null : KerasWeights.scaleGates(bias, spec.gateCount(), units, spec.hardGates(), s);
        }
        try {
            target.setWeights(kernel, recurrentKernel, bias);
        } catch (IllegalArgumentException e) {
            throw c.refuseLayer("its weights do not fit the layer: " + e.getMessage());
        }
    }
}
