package dev.recurrent.model;

import dev.recurrent.tensor.Tensor;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.LSTM;
import dev.recurrent.loss.MeanSquaredError;
import dev.recurrent.optim.Adam;
import dev.recurrent.optim.ReduceLROnPlateau;
import dev.recurrent.optim.SGD;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallbacksTest {

    static Tensor[] data(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * 4 * 2], y = new float[n];
        for (int i = 0; i < n; i++) {
            float s = 0;
            for (int j = 0; j < 8; j++) {
                x[i * 8 + j] = (float) r.nextGaussian();
                s += x[i * 8 + j];
            }
            y[i] = s / 8;
        }
        return new Tensor[] {Tensor.of(x, n, 4, 2), Tensor.of(y, n, 1)};
    }

    static Sequential model(dev.recurrent.optim.Optimizer opt) {
        return new Sequential().input(4, 2).seed(3).add(LSTM.of(4)).add(Dense.of(1))
                .compile(opt, new MeanSquaredError());
    }

    @Test
    void earlyStoppingStopsWhenNothingImproves() {
        Tensor[] d = data(40, 1);
        Sequential m = model(new SGD(0.0));   // learning rate 0: val_loss never improves
        EarlyStopping stop = new EarlyStopping("val_loss", 0, 2, "auto", false);
        History h = m.fit(d[0], d[1], FitOptions.defaults().epochs(50).batchSize(8).validationSplit(0.25).callbacks(stop));
        assertEquals(3, h.epochs().size(), "epoch 0 sets the best, epochs 1 and 2 do not improve: stop at 2");
        assertEquals(2, stop.stoppedEpoch());
        assertEquals(0, stop.bestEpoch());
    }

    @Test
    void earlyStoppingRunsOnWhileImproving() {
        Tensor[] d = data(64, 2);
        Sequential m = model(new Adam(0.01));
        EarlyStopping stop = new EarlyStopping("loss", 0, 3, "min", false);
        History h = m.fit(d[0], d[1], FitOptions.defaults().epochs(8).batchSize(8).callbacks(stop));
        assertEquals(8, h.epochs().size());
        assertEquals(-1, stop.stoppedEpoch());
    }

    @Test
    void restoreBestWeightsPutsBackTheBestEpoch() {
        Tensor[] d = data(64, 3);
        Sequential m = model(new Adam(0.01));
        // mode max on the training loss: the first epoch (highest loss) is "best"
        EarlyStopping stop = new EarlyStopping("loss", 0, 2, "max", true);
        List<List<float[]>> afterEpoch = new ArrayList<>();
        Callback snapshot = Callback.atEpochEnd((e, logs) -> afterEpoch.add(m.getWeights()));
        m.fit(d[0], d[1], FitOptions.defaults().epochs(20).batchSize(8).callbacks(snapshot, stop));
        assertEquals(0, stop.bestEpoch());
        assertEquals(3, afterEpoch.size());
        List<float[]> now = m.getWeights();
        for (int i = 0; i < now.size(); i++) {
            assertArrayEquals(afterEpoch.get(0).get(i), now.get(i), "weight " + i + " is the best epoch's");
        }
        assertFalse(java.util.Arrays.equals(afterEpoch.get(2).get(0), now.get(0)));
    }

    @Test
    void earlyStoppingNamesAMissingMonitor() {
        Tensor[] d = data(16, 4);
        Sequential m = model(new Adam());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                m.fit(d[0], d[1], FitOptions.defaults().epochs(2).callbacks(new EarlyStopping())));
        assertTrue(e.getMessage().contains("val_loss") && e.getMessage().contains("validation"), e.getMessage());
    }

    @Test
    void schedulerSetsTheRateEachEpoch() {
        Tensor[] d = data(16, 5);
        Adam adam = new Adam(0.01);
        Sequential m = model(adam);
        List<Float> seen = new ArrayList<>();
        m.fit(d[0], d[1], FitOptions.defaults().epochs(4).batchSize(8).callbacks(
                LearningRateCallbacks.scheduler(e -> 0.01 * Math.pow(0.5, e / 2)),
                Callback.atEpochEnd((e, logs) -> seen.add(adam.learningRate()))));
        assertEquals(List.of(0.01f, 0.01f, 0.005f, 0.005f), seen);
    }

    @Test
    void plateauHalvesTheRateAfterPatienceEpochsWithoutImprovement() {
        Tensor[] d = data(16, 6);
        SGD sgd = new SGD(0.1);
        Sequential m = model(sgd);
        ReduceLROnPlateau plateau = ReduceLROnPlateau.builder().factor(0.5).patience(1).build();
        List<Float> seen = new ArrayList<>();
        m.fit(d[0], d[1], FitOptions.defaults().epochs(4).batchSize(16).callbacks(
                Callback.atEpochEnd((e, logs) -> logs.put("flat", 1.0)),   // a value that never improves
                LearningRateCallbacks.reduceOnPlateau("flat", plateau),
                Callback.atEpochEnd((e, logs) -> seen.add(sgd.learningRate()))));
        assertEquals(List.of(0.1f, 0.05f, 0.025f, 0.0125f), seen);
    }
}
