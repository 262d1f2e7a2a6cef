package dev.recurrent.onnx;

import dev.recurrent.kernels.Activation;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.PeepholeLSTM;
import dev.recurrent.layers.Recurrent;

/**
 * One direction's weights in ONNX's layout: W [G·H, I] (the Keras kernel transposed, gate blocks
 * in ONNX's order), R [G·H, H], B [2·G·H] (input bias, then recurrent bias) and, for the peephole
 * LSTM, P [3·H]. The ONNX operator and its gate count G come with them.
 *
 * <p>Gate orders: Keras LSTM i, f, c, o becomes ONNX i, o, f, c; the GRU keeps z, r, h. Keras
 * LSTMs have one bias: it goes into the input bias and the recurrent bias is zero. A reset-after
 * GRU's bias [2, 3H] is exactly ONNX's [input bias; recurrent bias] with {@code linear_before_reset
 * = 1}. The CIFG LSTM (input gate 1 − f) becomes a plain ONNX LSTM whose input gate holds the
 * negated forget-gate weights: σ(−z) = 1 − σ(z), exact for the sigmoid and the hard sigmoid.
 */
final class RnnWeights {
    final String op;
    final int gates, units, inputs;
    final float[] w, r, b, p;
    final boolean linearBeforeReset;

    private RnnWeights(String op, int gates, int units, int inputs, float[] w, float[] r, float[] b, float[] p,
                       boolean linearBeforeReset) {
        this.op = op;
        this.gates = gates;
        this.units = units;
        this.inputs = inputs;
        this.w = w;
        this.r = r;
        this.b = b;
        this.p = p;
        this.linearBeforeReset = linearBeforeReset;
    }

    static RnnWeights of(Recurrent layer) {
        int h = layer.units(), in = layer.inputFeatures();
        float[] kernel = param(layer, "kernel"), rec = param(layer, "recurrent_kernel");
        float[] bias = layer.config().useBias() ? param(layer, "bias") : null;
        switch (layer.type()) {
            case "SimpleRNN":
                return plain(layer, "RNN", new int[] {0}, new float[] {1}, kernel, rec, bias, null, false);
            case "LSTM":
                return plain(layer, "LSTM", new int[] {0, 3, 1, 2}, new float[] {1, 1, 1, 1}, kernel, rec, bias, null, false);
            case "PeepholeLSTM": {
                float[] pk = ((PeepholeLSTM) layer).peephole().value();   // rows p_i, p_f, p_o
                float[] p = new float[3 * h];
                System.arraycopy(pk, 0, p, 0, h);            // ONNX P order: i, o, f
                System.arraycopy(pk, 2 * h, p, h, h);
                System.arraycopy(pk, h, p, 2 * h, h);
                return plain(layer, "LSTM", new int[] {0, 3, 1, 2}, new float[] {1, 1, 1, 1}, kernel, rec, bias, p, false);
            }
            case "CifgLSTM": {
                Activation ra = layer.config().recurrentActivation();
                if (!RnnActivations.symmetric(ra)) {
                    throw OnnxExport.refuse(layer, "recurrent_activation '" + ra.kerasName()
                            + "' is not symmetric (1 − f(z) ≠ f(−z)), so the coupled input gate has no ONNX form;"
                            + " use sigmoid or hard_sigmoid");
                }
                // Keras-side blocks f, c, o: ONNX i = −f, o, f, c
                return plain(layer, "LSTM", new int[] {0, 2, 0, 1}, new float[] {-1, 1, 1, 1}, kernel, rec, bias, null, false);
            }
            case "GRU": {
                boolean after = ((GRU) layer).resetAfter();
                if (!after || bias == null) {
                    return plain(layer, "GRU", new int[] {0, 1, 2}, new float[] {1, 1, 1}, kernel, rec, bias, null, after);
                }
                float[] wb = java.util.Arrays.copyOfRange(bias, 0, 3 * h), rb = java.util.Arrays.copyOfRange(bias, 3 * h, 6 * h);
                float[] b = new float[6 * h];
                System.arraycopy(wb, 0, b, 0, 3 * h);
                System.arraycopy(rb, 0, b, 3 * h, 3 * h);
                return new RnnWeights("GRU", 3, h, in, transpose(kernel, in, h, new int[] {0, 1, 2}, new float[] {1, 1, 1}),
                        transpose(rec, h, h, new int[] {0, 1, 2}, new float[] {1, 1, 1}), b, null, true);
            }
            default:
                throw OnnxExport.refuse(layer, "no ONNX operator is known for this recurrent layer");
        }
    }

    /** The recurrent activations in the operator's order (LSTM f, g, h; GRU f, g; RNN f). */
    static Activation[] functions(Recurrent layer) {
        Activation act = layer.config().activation(), rec = layer.config().recurrentActivation();
        switch (layer.type()) {
            case "SimpleRNN":
                return new Activation[] {act};
            case "GRU":
                return new Activation[] {rec, act};
            default:
                return new Activation[] {rec, act, act};
        }
    }

    /** One bias (or none) in the input-bias half, zeros in the recurrent half. */
    private static RnnWeights plain(Recurrent layer, String op, int[] src, float[] sign, float[] kernel, float[] rec,
                                    float[] bias, float[] p, boolean linearBeforeReset) {
        int h = layer.units(), in = layer.inputFeatures(), g = src.length;
        float[] b = new float[2 * g * h];
        if (bias != null) {
            for (int k = 0; k < g; k++) {
                for (int j = 0; j < h; j++) {
                    b[k * h + j] = sign[k] * bias[src[k] * h + j];
                }
            }
        }
        return new RnnWeights(op, g, h, in, transpose(kernel, in, h, src, sign), transpose(rec, h, h, src, sign), b, p,
                linearBeforeReset);
    }

    /**
     * [G·H, rows] from a Keras matrix [rows, K·H] (K Keras gates): ONNX gate block k is Keras block
     * {@code src[k]} times {@code sign[k]}.
     */
    private static float[] transpose(float[] m, int rows, int h, int[] src, float[] sign) {
        int g = src.length, cols = m.length / rows;
        float[] t = new float[g * h * rows];
        for (int k = 0; k < g; k++) {
            for (int j = 0; j < h; j++) {
                int row = (k * h + j) * rows, col = src[k] * h + j;
                for (int i = 0; i < rows; i++) {
                    t[row + i] = sign[k] * m[i * cols + col];
                }
            }
        }
        return t;
    }

    private static float[] param(Recurrent layer, String name) {
        for (Parameter p : layer.parameters()) {
            if (p.name().equals(name)) {
                return p.value();
            }
        }
        throw new IllegalStateException(layer.name() + ": no parameter '" + name + "'");
    }
}
