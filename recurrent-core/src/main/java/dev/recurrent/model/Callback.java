package dev.recurrent.model;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Hooks into {@code fit}. Logs hold the running loss and metrics ({@code loss}, {@code accuracy},
 * ...), and at the end of an epoch also the validation ones ({@code val_loss}, ...).
 */
public interface Callback {

    default void onTrainBegin(Sequential model) {
    }

    /** As {@link #onTrainBegin(Sequential)} for a graph model. */
    default void onTrainBegin(Model model) {
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

    /** A callback that only listens to the end of each epoch. */
    static Callback atEpochEnd(BiConsumer<Integer, Map<String, Double>> listener) {
        return new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                listener.accept(epoch, logs);
            }
        };
    }

    /** A listener of every batch: (batch index, batches per epoch, running logs). */
    interface BatchListener {
        void onBatchEnd(int batch, int batches, Map<String, Double> logs);
    }

    /** A callback that only listens to the end of each batch (for progress bars). */
    static Callback atBatchEnd(BatchListener listener) {
        return new Callback() {
            @Override
            public void onBatchEnd(int batch, int batches, Map<String, Double> logs) {
                listener.onBatchEnd(batch, batches, logs);
            }
        };
    }
}
