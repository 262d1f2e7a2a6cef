package dev.recurrent.model;

import dev.recurrent.optim.ReduceLROnPlateau;

import java.util.Map;
import java.util.function.IntToDoubleFunction;

/** Callbacks that change the optimizer's learning rate during {@code fit}. */
public final class LearningRateCallbacks {

    private LearningRateCallbacks() {
    }

    /**
     * Keras' {@code LearningRateScheduler}: at the start of each epoch the learning rate becomes
     * {@code schedule(epoch)} — e.g. step decay {@code e -> 0.01 * Math.pow(0.5, e / 10)}.
     */
    public static Callback scheduler(IntToDoubleFunction schedule) {
        return new Callback() {
            private TrainedModel model;

            @Override
            public void onTrainBegin(Sequential m) {
                model = m;
            }

            @Override
            public void onTrainBegin(Model m) {
                model = m;
            }

            @Override
            public void onEpochBegin(int epoch) {
                model.optimizer().setLearningRate((float) schedule.applyAsDouble(epoch));
            }
        };
    }

    /**
     * Keras' {@code ReduceLROnPlateau} as a callback: at the end of each epoch the monitored value
     * (e.g. {@code val_loss}) is handed to {@code plateau}, which lowers the learning rate when it
     * has stopped improving.
     */
    public static Callback reduceOnPlateau(String monitor, ReduceLROnPlateau plateau) {
        return new Callback() {
            private TrainedModel model;

            @Override
            public void onTrainBegin(Sequential m) {
                model = m;
            }

            @Override
            public void onTrainBegin(Model m) {
                model = m;
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                Double v = logs.get(monitor);
                if (v == null) {
                    throw new IllegalArgumentException("ReduceLROnPlateau: the monitored '" + monitor
                            + "' is not in the logs " + logs.keySet());
                }
                plateau.onEpochEnd(v, model.optimizer());
            }
        };
    }
}
