package dev.recurrent.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code fit} returns: per epoch, the loss and metrics on the training and validation data. */
public final class History {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private final List<Integer> epochs = new ArrayList<>();
    private final Map<String, List<Double>> batchValues = new LinkedHashMap<>();

    void recordBatch(String key, double value) {
        batchValues.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    /**
     * Values recorded per batch, in training order over all epochs (for example {@code grad_norm}
     * and {@code grad_norm_clipped} with {@link FitOptions#recordGradientNorms}); empty if none.
     */
    public List<Double> batchValues(String key) {
        List<Double> v = batchValues.get(key);
        return v == null ? List.of() : Collections.unmodifiableList(v);
    }

    void record(int epoch, Map<String, Double> logs) {
        epochs.add(epoch);
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            values.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
    }

    /** The epochs run (0-based). */
    public List<Integer> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** The keys recorded: {@code loss}, metrics, {@code val_loss}, ... */
    public List<String> keys() {
        return new ArrayList<>(values.keySet());
    }

    /** The values of one key per epoch, e.g. {@code get("val_accuracy")}. */
    public List<Double> get(String key) {
        List<Double> v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no '" + key + "' in the history; it has " + values.keySet());
        }
        return Collections.unmodifiableList(v);
    }

    /** The last value of a key. */
    public double last(String key) {
        List<Double> v = get(key);
        return v.get(v.size() - 1);
    }

    @Override
    public String toString() {
        return "History" + values;
    }
}
