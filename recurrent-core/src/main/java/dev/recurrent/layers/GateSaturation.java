package dev.recurrent.layers;

import java.util.ArrayList;
import java.util.List;

/**
 * Gate saturation of a recurrent layer on the batch of its last forward call: per gate, the share
 * of the activated gate values (over every sample, step and unit) below {@link #LOW} and above
 * {@link #HIGH}. A sigmoid gate stuck near 0 or 1 passes almost no gradient to its inputs: the
 * usual sign of a dead or stuck unit. The tanh candidate (LSTM {@code c}, GRU {@code h}) lies in
 * (−1, 1); for it "low" counts values below −{@link #HIGH} and "high" values above {@link #HIGH},
 * the two saturated ends of tanh. Masked steps are counted like the others.
 */
public final class GateSaturation {
    public static final double LOW = 0.05, HIGH = 0.95;

    /** One gate: its name, the share of values below the low end and above the high end, in [0, 1]. */
    public record Gate(String name, double low, double high) {
        /** The share saturated at either end. */
        public double saturated() {
            return low + high;
        }
    }

    private GateSaturation() {
    }

    /**
     * The statistics of {@code layer}'s last forward call, one entry per gate in the layer's order
     * (as {@link GateTrace} names them: LSTM i, f, c, o; GRU z, r, h; MGU f, h; SimpleRNN h, its tanh output).
     *
     * @throws IllegalStateException before the layer's first forward call, after chunked inference, or
     *                               after a backward call (which overwrites the gates)
     */
    public static List<Gate> of(Recurrent layer) {
        Workspace w = layer.lastWorkspace();
        if (w == null) {
            throw new IllegalStateException(layer.name() + ": gate saturation needs the gates of a forward call that kept its"
                    + " per-step caches (training, or after keepForwardCaches(true)) and no backward call since, which"
                    + " writes the gate gradients over them");
        }
        String[] names = GateTrace.gateNames(layer.cell());
        int h = w.units, g = w.gateWidth, rows = w.batch * w.steps;
        int gates = g / h;
        // a simple RNN keeps no gates: its one "gate" is its tanh output, the hidden states 1…T
        boolean simple = names.length == 0;
        if (simple) {
            names = new String[] {"h"};
        }
        float[] src = simple ? w.hs : w.gates;
        int base = simple ? w.batch * h : 0;
        // the tanh candidate: the LSTMs' c, the GRUs' and the MGU's h, a simple RNN's output
        String candidate = java.util.Arrays.asList(names).contains("c") ? "c" : "h";
        List<Gate> out = new ArrayList<>(gates);
        for (int k = 0; k < gates; k++) {
            boolean tanh = names[k].equals(candidate);
            long low = 0, high = 0;
            for (int r = 0; r < rows; r++) {
                int off = base + r * g + k * h;
                for (int u = 0; u < h; u++) {
                    float v = src[off + u];
                    if (tanh ? v < -HIGH : v < LOW) {
                        low++;
                    } else if (v > HIGH) {
                        high++;
                    }
                }
            }
            double n = (double) rows * h;
            out.add(new Gate(names[k], low / n, high / n));
        }
        return out;
    }
}
