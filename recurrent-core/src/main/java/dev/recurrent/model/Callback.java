package dev.recurrent.model;

import java.util.Map;

/**
 * Hooks into {@code fit}. Logs hold the running loss and metrics ({@code loss}, {@code accuracy},
 * ...), and at the end of an epoch also the validation ones ({@code val_loss}, ...).
 */
public interface Callback {

    default void onTrainBegin(Sequential model) {
    }

    default void onEpochBegin(int epoch) {
    }

    /** After each batch; {@code logs} are the running averages over the epoch so far. */
    default void onBatchEnd(int batch, int batches, Map<String, Double> logs) {
    }

    default void onEpochEnd(int epoch, Map<String, Double> logs) {
    }

    default void onTrainEnd(Map<String, Double> logs) {
    }
}
