package dev.recurrent.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stops training when a monitored value has stopped improving, as Keras' {@code EarlyStopping}:
 * an epoch improves when the value beats the best so far by more than {@code minDelta}; after
 * {@code patience} epochs without improvement training stops. With {@code restoreBestWeights}
 * the weights of the best epoch are put back at the end.
 */
public final class EarlyStopping implements Callback {
    private final String monitor;
    private final double minDelta;
    private final int patience;
    private final boolean maximize, restoreBestWeights;

    private TrainedModel model;
    private int wait, stoppedEpoch = -1, bestEpoch = -1;
    private double best;
    private List<float[]> bestWeights;

    /** Keras' defaults: monitor {@code val_loss}, min_delta 0, patience 0, mode auto, no restore. */
    public EarlyStopping() {
        this("val_loss", 0, 0, "auto", false);
    }

    /**
     * @param mode {@code min}, {@code max} or {@code auto} (max for names containing "acc" or "auc")
     */
    public EarlyStopping(String monitor, double minDelta, int patience, String mode, boolean restoreBestWeights) {
        if (patience < 0) {
            throw new IllegalArgumentException("EarlyStopping: `patience` must not be negative, got " + patience);
        }
        String m = mode.toLowerCase(Locale.ROOT);
        if (!m.equals("min") && !m.equals("max") && !m.equals("auto")) {
            throw new IllegalArgumentException("EarlyStopping: `mode` must be min, max or auto, got '" + mode + "'");
        }
        this.monitor = monitor;
        this.minDelta = Math.abs(minDelta);
        this.patience = patience;
        this.maximize = m.equals("max") || m.equals("auto") && (monitor.contains("acc") || monitor.contains("auc"));
        this.restoreBestWeights = restoreBestWeights;
    }

    @Override
    public void onTrainBegin(Sequential model) {
        begin(model);
    }

    @Override
    public void onTrainBegin(Model model) {
        begin(model);
    }

    private void begin(TrainedModel model) {
        this.model = model;
        wait = 0;
        stoppedEpoch = -1;
        bestEpoch = -1;
        best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Double current = logs.get(monitor);
        if (current == null) {
            throw new IllegalArgumentException("EarlyStopping: the monitored '" + monitor + "' is not in the logs "
                    + logs.keySet() + (monitor.startsWith("val_") ? "; give fit a validation split or data" : ""));
        }
        if (restoreBestWeights && bestWeights == null) {
            bestWeights = model.getWeights();
        }
        wait++;
        if (maximize ? current - minDelta > best : current + minDelta < best) {
            best = current;
            bestEpoch = epoch;
            if (restoreBestWeights) {
                bestWeights = model.getWeights();
            }
            wait = 0;
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            model.stopTraining();
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (restoreBestWeights && bestWeights != null) {
            model.setWeights(bestWeights);
        }
    }

    /** The epoch training was stopped at, or −1 if it ran to the end. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** The epoch with the best monitored value, or −1 before any. */
    public int bestEpoch() {
        return bestEpoch;
    }

    public double best() {
        return best;
    }
}
