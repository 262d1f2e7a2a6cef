package dev.recurrent.layers;

import java.util.ArrayList;
import java.util.List;

/**
 * Gate saturation of an LSTM or GRU layer on the batch of its last forward call: per gate, the share
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
     * (LSTM i, f, c, o; GRU z, r, h; SimpleRNN h, its tanh output).
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
        String[] names = layer instanceof LSTM ? new String[] {"i", "f", "c", "o"}
                : layer instanceof GRU ? new String[] {"z", "r", "h"} : new String[] {"h"};
        int h = w.units, g = w.gateWidth, rows = w.batch * w.steps;
        int gates = g / h;
        // a simple RNN keeps no gates: its one "gate" is its tanh output, the hidden states 1…T
        boolean simple = !(layer instanceof LSTM) && !(layer instanceof GRU);
        float[] src = simple ? w.hs : w.gates;
        int base = simple ? w.batch * h : 0;
        List<Gate> out = new ArrayList<>(gates);
        for (int k = 0; k < gates; k++) {
            boolean tanh = k == gates - 1 && !(layer instanceof LSTM) || layer instanceof LSTM && k == 2;
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
            out.add(new Gate(k < names.length ? names[k] : "gate" + k, low / n, high / n));
        }
        return out;
    }
}
