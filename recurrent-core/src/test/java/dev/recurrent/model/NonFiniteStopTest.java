package dev.recurrent.model;

import dev.recurrent.layers.Dense;
import dev.recurrent.layers.LSTM;
import dev.recurrent.loss.MeanSquaredError;
import dev.recurrent.optim.SGD;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training stops at the first NaN or infinite loss or gradient, before that step's update, with
 * the epoch, the batch and what went non-finite; turned off, the step is applied. predict refuses
 * non-finite inputs.
 */
class NonFiniteStopTest {
    private static final int N = 12, STEPS = 3;

    private static Sequential model(double learningRate) {
        return new Sequential("m").input(STEPS, 1).seed(4)
                .add(LSTM.of(4)).add(Dense.of(1))
                .compile(new SGD(learningRate), new MeanSquaredError());
    }

    private static Tensor x() {
        float[] x = new float[N * STEPS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        return Tensor.of(x, N, STEPS, 1);
    }

    /** Targets with a NaN in sample {@code bad}. */
    private static Tensor y(int bad) {
        float[] y = new float[N];
        for (int i = 0; i < N; i++) {
            y[i] = i % 3;
        }
        if (bad >= 0) {
            y[bad] = Float.NaN;
        }
        return Tensor.of(y, N, 1);
    }

    /** The weights after each applied batch. */
    private static final class Weights implements Callback {
        final List<List<float[]>> after = new ArrayList<>();
        Sequential model;

        @Override
        public void onTrainBegin(Sequential model) {
            this.model = model;
        }

        @Override
        public void onBatchEnd(int batch, int batches, Map<String, Double> logs) {
            after.add(model.getWeights());
        }
    }

    @Test
    void aNanLossStopsBeforeItsUpdate() {
        Sequential m = model(0.01);
        Weights w = new Weights();
        // samples in order, batches of 4: sample 9 is in the third batch
        NonFiniteTrainingException e = assertThrows(NonFiniteTrainingException.class, () -> m.fit(x(), y(9),
                FitOptions.defaults().epochs(3).batchSize(4).shuffle(false).callbacks(w)));
        assertEquals(0, e.epoch());
        assertEquals(2, e.batch());
        assertEquals("the loss is NaN", e.what());
        assertTrue(e.getMessage().startsWith("m: training stopped at epoch 1, batch 3: the loss is NaN"), e.getMessage());
        assertEquals(2, w.after.size());
        List<float[]> now = m.getWeights();
        for (int i = 0; i < now.size(); i++) {
            assertArrayEquals(w.after.get(1).get(i), now.get(i), "weight " + i + " moved in the refused step");
        }
    }

    @Test
    void anInfiniteGradientIsNamed() {
        Sequential m = new Sequential("dense").input(1).seed(4).add(Dense.of(1))
                .compile(new SGD(0.01), new MeanSquaredError());
        float[] x = new float[N];
        x[5] = 1e20f;   // finite, and so is the loss (in double); the kernel's gradient, x · 2(out - y), is not
        NonFiniteTrainingException e = assertThrows(NonFiniteTrainingException.class, () -> m.fit(Tensor.of(x, N, 1),
                y(-1), FitOptions.defaults().epochs(1).batchSize(4).shuffle(false)));
        assertEquals(1, e.batch());
        assertEquals("the gradient of dense/kernel is -Infinity at flat index 0", e.what());
        for (float[] w : m.getWeights()) {
            for (float v : w) {
                assertTrue(Float.isFinite(v));
            }
        }
    }

    @Test
    void turnedOffTheStepIsApplied() {
        Sequential m = model(0.01);
        History h = m.fit(x(), y(9), FitOptions.defaults().epochs(1).batchSize(4).shuffle(false)
                .terminateOnNonFinite(false));
        assertTrue(Double.isNaN(h.last("loss")));
        boolean anyNaN = false;
        for (float[] w : m.getWeights()) {
            for (float v : w) {
                anyNaN |= Float.isNaN(v);
            }
        }
        assertTrue(anyNaN, "without the stop, the NaN step is applied");
    }

    @Test
    void predictRefusesNonFiniteInput() {
        Sequential m = model(0.01).build();
        Tensor x = x();
        x.data()[7 * STEPS + 2] = Float.POSITIVE_INFINITY;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(x, 4));
        assertEquals("m: x holds Infinity (sample 7, value 2 of the sample); every input value must be finite",
                e.getMessage());
        assertFalse(Float.isNaN(m.predict(x(), 4).data()[0]));
    }
}
