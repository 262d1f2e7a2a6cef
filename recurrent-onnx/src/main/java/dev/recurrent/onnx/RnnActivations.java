package dev.recurrent.onnx;

import dev.recurrent.kernels.Activation;
import dev.recurrent.layers.Layer;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code activations}, {@code activation_alpha} and {@code activation_beta} attributes of an
 * ONNX RNN, GRU or LSTM node. The alphas and betas are listed only for the functions that take them
 * (HardSigmoid, Affine), in the order of the functions: how ONNX Runtime reads them.
 */
final class RnnActivations {
    /** Keras 2's {@code clip(0.2x + 0.5, 0, 1)}, where the Keras importer defines it (by name: the core may lack it). */
    static final String KERAS2_HARD_SIGMOID = "hard_sigmoid_keras2";

    final List<String> names = new ArrayList<>();
    final List<Float> alphas = new ArrayList<>();
    final List<Float> betas = new ArrayList<>();

    /** Appends the functions of one direction, in the operator's order (LSTM f, g, h; GRU f, g; RNN f). */
    void add(Layer layer, Activation... functions) {
        for (Activation a : functions) {
            switch (a) {
                case SIGMOID:
                    names.add("Sigmoid");
                    break;
                case TANH:
                    names.add("Tanh");
                    break;
                case RELU:
                    names.add("Relu");
                    break;
                case HARD_SIGMOID:
                    names.add("HardSigmoid");
                    alphas.add(1f / 6f);
                    betas.add(0.5f);
                    break;
                case LINEAR:
                    names.add("Affine");
                    alphas.add(1f);
                    betas.add(0f);
                    break;
                default:
                    if (a.kerasName().equals(KERAS2_HARD_SIGMOID)) {
                        names.add("HardSigmoid");
                        alphas.add(0.2f);
                        betas.add(0.5f);
                        break;
                    }
                    throw OnnxExport.refuse(layer, "the activation '" + a.kerasName() + "' has no ONNX RNN equivalent");
            }
        }
    }

    /** Whether {@code 1 − f(z) = f(−z)}: the sigmoid and the hard sigmoids (both centred on 1/2). */
    static boolean symmetric(Activation a) {
        return a == Activation.SIGMOID || a == Activation.HARD_SIGMOID || a.kerasName().equals(KERAS2_HARD_SIGMOID);
    }

    OnnxGraph.Attr[] attributes() {
        List<OnnxGraph.Attr> a = new ArrayList<>();
        a.add(OnnxGraph.Attr.strings("activations", names));
        if (!alphas.isEmpty()) {
            a.add(OnnxGraph.Attr.floats("activation_alpha", alphas));
            a.add(OnnxGraph.Attr.floats("activation_beta", betas));
        }
        return a.toArray(new OnnxGraph.Attr[0]);
    }
}
