package dev.recurrent.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each metric on hand-made batches, accumulated over two updates, weighted and reset. The first
 * batch of each is the example in Keras' docstring, whose printed result is quoted.
 */
class MetricValuesTest {
    private static final double TOL = 1e-7;

    @Test
    void binaryAccuracy() {
        Metric m = new BinaryAccuracy();
        assertEquals("binary_accuracy", m.name());
        // Keras: y_true [[1], [1], [0], [0]], y_pred [[0.98], [1], [0], [0.6]] → 0.75
        m.update(new float[] {0.98f, 1f, 0f, 0.6f}, new float[] {1, 1, 0, 0}, null, 4, 1);
        assertEquals(0.75, m.result(), TOL);
        // second batch: 0.2 → 0 right, 0.5 → 0 (the comparison is strict) wrong: 4 of 6
        m.update(new float[] {0.2f, 0.5f}, new float[] {0, 1}, null, 2, 1);
        assertEquals(4.0 / 6, m.result(), TOL);
        m.reset();
        assertEquals(0.0, m.result());
        // Keras: the same batch with sample_weight [1, 0, 0, 1] → 0.5
        m.update(new float[] {0.98f, 1f, 0f, 0.6f}, new float[] {1, 1, 0, 0}, new float[] {1, 0, 0, 1}, 4, 1);
        assertEquals(0.5, m.result(), TOL);
    }

    @Test
    void binaryAccuracyAveragesColumnsWithinARow() {
        Metric m = new BinaryAccuracy("acc", 0.3f);
        // threshold 0.3: row 0 [1, 0] vs [1, 1] → 1/2; row 1 [1, 1] vs [0, 1] → 1/2; weights 3 and 1
        m.update(new float[] {0.9f, 0.2f, 0.4f, 0.6f}, new float[] {1, 1, 0, 1}, new float[] {3, 1}, 2, 2);
        assertEquals(0.5, m.result(), TOL);
        // row [1, 1] vs [1, 1] → 1 with weight 4: (1.5 + 0.5 + 4) / 8
        m.update(new float[] {0.31f, 0.99f}, new float[] {1, 1}, new float[] {4}, 1, 2);
        assertEquals(6.0 / 8, m.result(), TOL);
    }

    @Test
    void categoricalAccuracy() {
        Metric m = new CategoricalAccuracy();
        float[] yTrue = {0, 0, 1, 0, 1, 0};
        float[] yPred = {0.1f, 0.9f, 0.8f, 0.05f, 0.95f, 0f};
        // Keras: → 0.5; with sample_weight [0.7, 0.3] → 0.3
        m.update(yPred, yTrue, null, 2, 3);
        assertEquals(0.5, m.result(), TOL);
        // a tie goes to the first index: [0.4, 0.4, 0.2] → class 0, right
        m.update(new float[] {0.4f, 0.4f, 0.2f}, new float[] {1, 0, 0}, null, 1, 3);
        assertEquals(2.0 / 3, m.result(), TOL);
        m.reset();
        m.update(yPred, yTrue, new float[] {0.7f, 0.3f}, 2, 3);
        assertEquals(0.3, m.result(), 1e-7);
    }

    @Test
    void sparseCategoricalAccuracy() {
        Metric m = new SparseCategoricalAccuracy();
        float[] yPred = {0.1f, 0.6f, 0.3f, 0.05f, 0.95f, 0f};
        // Keras: y_true [[2], [1]] → 0.5; with sample_weight [0.7, 0.3] → 0.3
        m.update(yPred, new float[] {2, 1}, null, 2, 3);
        assertEquals(0.5, m.result(), TOL);
        // second batch: argmax 2 vs 2 right, argmax 0 vs 7 (out of range) never matches
        m.update(new float[] {0f, 0f, 1f, 1f, 0f, 0f}, new float[] {2, 7}, null, 2, 3);
        assertEquals(0.5, m.result(), TOL);
        m.reset();
        m.update(yPred, new float[] {2, 1}, new float[] {0.7f, 0.3f}, 2, 3);
        assertEquals(0.3, m.result(), 1e-7);
    }

    @Test
    void meanAbsoluteError() {
        Metric m = new MeanAbsoluteError();
        assertEquals("mean_absolute_error", m.name());
        float[] yTrue = {0, 1, 0, 0};
        float[] yPred = {1, 1, 0, 0};
        // Keras: y_true [[0, 1], [0, 0]], y_pred [[1, 1], [0, 0]] → 0.25; sample_weight [1, 0] → 0.5
        m.update(yPred, yTrue, null, 2, 2);
        assertEquals(0.25, m.result(), TOL);
        // second batch, one row [3, −1] vs [1, 1] → 2: (0.5 + 0 + 2) / 3
        m.update(new float[] {3, -1}, new float[] {1, 1}, null, 1, 2);
        assertEquals(2.5 / 3, m.result(), TOL);
        m.reset();
        m.update(yPred, yTrue, new float[] {1, 0}, 2, 2);
        assertEquals(0.5, m.result(), TOL);
    }

    @Test
    void rootMeanSquaredErrorTakesTheRootOfTheWholeMean() {
        Metric m = new RootMeanSquaredError();
        assertEquals("root_mean_squared_error", m.name());
        float[] yTrue = {0, 1, 0, 0};
        float[] yPred = {1, 1, 0, 0};
        // Keras: → 0.5; sample_weight [1, 0] → 0.70710677
        m.update(yPred, yTrue, null, 2, 2);
        assertEquals(0.5, m.result(), TOL);
        // second batch, one row [3, 1] vs [1, 1] → squared error mean 2:
        // sqrt((0.5 + 0 + 2) / 3), not the mean of the batch roots
        m.update(new float[] {3, 1}, new float[] {1, 1}, null, 1, 2);
        assertEquals(Math.sqrt(2.5 / 3), m.result(), TOL);
        m.reset();
        m.update(yPred, yTrue, new float[] {1, 0}, 2, 2);
        assertEquals(0.70710677, m.result(), 1e-7);
    }

    @Test
    void meanSquaredError() {
        Metric m = new MeanSquaredError("mse");
        m.update(new float[] {1, 1, 0, 0}, new float[] {0, 1, 0, 0}, null, 2, 2);
        assertEquals(0.25, m.result(), TOL);
        m.update(new float[] {3, 1}, new float[] {1, 1}, null, 1, 2);
        assertEquals(2.5 / 3, m.result(), TOL);
    }

    @Test
    void maskedSequenceRowsAreSkipped() {
        // B = 1, T = 3, C = 1: the padded step's prediction would be wrong but does not count
        Metric m = new BinaryAccuracy();
        m.update(new float[] {0.9f, 0.9f, 0.1f}, new float[] {1, 0, 0}, new float[] {1, 0, 1}, 3, 1);
        assertEquals(1.0, m.result(), TOL);
        assertEquals(2.0, ((RowMeanMetric) m).count(), TOL);
    }

    @Test
    void mean() {
        Mean m = new Mean();
        assertEquals("mean", m.name());
        // Keras: [1, 3, 5, 7] → 4; with sample_weight [1, 1, 0, 0] → 2
        for (int v : new int[] {1, 3, 5, 7}) {
            m.update(v);
        }
        assertEquals(4.0, m.result(), TOL);
        m.reset();
        assertEquals(0.0, m.result());
        float[] w = {1, 1, 0, 0};
        for (int i = 0; i < 4; i++) {
            m.update(2 * i + 1, w[i]);
        }
        assertEquals(2.0, m.result(), TOL);
    }

    @Test
    void lossTrackerWeightsBatchesBySize() {
        // batches of 32 and 8 (the last, short one) with losses 0.5 and 1.0: (16 + 8) / 40
        Mean loss = new Mean("loss");
        loss.update(0.5, 32);
        loss.update(1.0, 8);
        assertEquals(0.6, loss.result(), TOL);
        assertEquals(40.0, loss.count(), TOL);
        assertEquals("loss", loss.name());
    }
}
