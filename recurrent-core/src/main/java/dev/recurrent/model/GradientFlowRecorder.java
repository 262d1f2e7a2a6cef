package dev.recurrent.model;

import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Recurrent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training listener that watches the gradient flow through time: for every recurrent layer of the
 * model (both directions of a {@link Bidirectional}), the norm of the loss gradient reaching each
 * time step's hidden state, ‖∂L/∂h_t‖ for t = 1…T, and for the LSTM the cell state's ‖∂L/∂c_t‖
 * (see {@link Recurrent#recordStepGradientNorms} for the exact definition: the Frobenius norm over
 * the batch, in processing order).
 *
 * <p>{@link #perEpoch()} keeps one record per layer and epoch, the mean over the epoch's batches;
 * {@link #everyBatches(int) everyBatches(n)} keeps the values of every n-th batch (batches 0, n,
 * 2n, … of each epoch). The layers record only while this callback trains them, and only read the
 * gradients: the training is bit-identical with or without it. Batches of another length T than
 * the first of the epoch are skipped in the per-epoch mean.
 */
public final class GradientFlowRecorder implements Callback {

    /**
     * One record: the layer, the epoch, the batch (−1 for an epoch mean) and the per-step norms [T];
     * {@code cellNorms} is null but for the LSTM.
     */
    public record Entry(String layer, int epoch, int batch, double[] hiddenNorms, double[] cellNorms) {
    }

    private final int every;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<Recurrent, String> layers = new LinkedHashMap<>();
    private final Map<Recurrent, double[][]> sums = new LinkedHashMap<>();
    private final Map<Recurrent, Integer> counts = new LinkedHashMap<>();
    private int epoch;

    private GradientFlowRecorder(int every) {
        this.every = every;
    }

    /** One record per layer and epoch: the mean over the epoch's batches. */
    public static GradientFlowRecorder perEpoch() {
        return new GradientFlowRecorder(0);
    }

    /** One record per layer for every n-th batch of each epoch. */
    public static GradientFlowRecorder everyBatches(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("GradientFlowRecorder: every n batches needs n >= 1, got " + n);
        }
        return new GradientFlowRecorder(n);
    }

    /** Every record so far, in order. */
    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** The records of one layer, in order. */
    public List<Entry> entries(String layer) {
        return entries.stream().filter(e -> e.layer().equals(layer)).toList();
    }

    /** The last record of one layer, or null if none. */
    public Entry last(String layer) {
        List<Entry> e = entries(layer);
        return e.isEmpty() ? null : e.get(e.size() - 1);
    }

    @Override
    public void onTrainBegin(Sequential model) {
        layers.clear();
        for (Layer l : model.layers()) {
            if (l instanceof Recurrent r) {
                layers.put(r, r.name());
            } else if (l instanceof Bidirectional bi) {
                layers.put(bi.forwardLayer(), bi.name() + "/forward");
                layers.put(bi.backwardLayer(), bi.name() + "/backward");
            }
        }
        for (Recurrent r : layers.keySet()) {
            r.recordStepGradientNorms(true);
        }
    }

    @Override
    public void onEpochBegin(int epoch) {
        this.epoch = epoch;
        sums.clear();
        counts.clear();
    }

    @Override
    public void onBatchEnd(int batch, int batches, Map<String, Double> logs) {
        for (Map.Entry<Recurrent, String> e : layers.entrySet()) {
            Recurrent r = e.getKey();
            double[] h = r.stepGradientNorms();
            if (h == null) {
                continue;
            }
            double[] c = r.stepCellGradientNorms();
            if (every > 0) {
                if (batch % every == 0) {
                    entries.add(new Entry(e.getValue(), epoch, batch, h, c));
                }
                continue;
            }
            double[][] s = sums.get(r);
            if (s == null) {
                s = new double[][] {new double[h.length], c == null ? null : new double[c.length]};
                sums.put(r, s);
                counts.put(r, 0);
            }
            if (s[0].length != h.length) {
                continue;
            }
            for (int t = 0; t < h.length; t++) {
                s[0][t] += h[t];
                if (c != null) {
                    s[1][t] += c[t];
                }
            }
            counts.merge(r, 1, Integer::sum);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (every > 0) {
            return;
        }
        for (Map.Entry<Recurrent, double[][]> e : sums.entrySet()) {
            int n = counts.get(e.getKey());
            double[][] s = e.getValue();
            for (double[] a : s) {
                if (a != null) {
                    for (int t = 0; t < a.length; t++) {
                        a[t] /= n;
                    }
                }
            }
            entries.add(new Entry(layers.get(e.getKey()), epoch, -1, s[0], s[1]));
        }
        sums.clear();
        counts.clear();
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        for (Recurrent r : layers.keySet()) {
            r.recordStepGradientNorms(false);
        }
    }
}
