package dev.recurrent.model;

import dev.recurrent.metrics.Metric;

import java.util.List;
import java.util.Map;

/**
 * What a training loop of its own (a distributed one, for instance) needs to behave as
 * {@link Sequential#fit}: the model's metrics, its history, and the stop that callbacks request.
 */
public final class ExternalLoops {
    private ExternalLoops() {
    }

    /** A fresh instance of each of the model's compiled metrics, as {@code fit} makes them. */
    public static List<Metric> newMetrics(Sequential model) {
        return model.makeMetrics();
    }

    /** Records an epoch's logs in a history, as {@code fit} does at the end of each epoch. */
    public static void record(History history, int epoch, Map<String, Double> logs) {
        history.record(epoch, logs);
    }

    /** Whether a callback asked the model to stop training ({@link Sequential#stopTraining()}). */
    public static boolean stopRequested(Sequential model) {
        return model.stopRequested;
    }

    /** Clears a stop request, as {@code fit} does when it starts. */
    public static void clearStop(Sequential model) {
        model.stopRequested = false;
    }
}
