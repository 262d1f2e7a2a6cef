package dev.recurrent.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Wrong shapes fail with a message naming the metric, what was expected and what was received. */
class MetricShapeErrorsTest {

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void targets() {
        assertEquals("accuracy: expected targets [8, 5] (40 values), got 8 values"
                        + " — use sparse_categorical_accuracy for class indices",
                message(() -> new CategoricalAccuracy("accuracy").update(new float[40], new float[8], null, 8, 5)));
        assertEquals("sparse_categorical_accuracy: expected targets [8] (8 class indices in [0, 5)), got 40 values"
                        + " — use categorical_accuracy for one-hot targets",
                message(() -> new SparseCategoricalAccuracy().update(new float[40], new float[40], null, 8, 5)));
        assertEquals("mae: expected targets [2, 3] (6 values), got null",
                message(() -> new MeanAbsoluteError("mae").update(new float[6], null, null, 2, 3)));
    }

    @Test
    void predictionsAndWeights() {
        Metric m = new RootMeanSquaredError("rmse");
        assertEquals("rmse: expected predictions [2, 3] (6 values), got 5 values",
                message(() -> m.update(new float[5], new float[6], null, 2, 3)));
        assertEquals("rmse: expected row weights [2] (2 values, one per row), got 3 values",
                message(() -> m.update(new float[6], new float[6], new float[3], 2, 3)));
        assertEquals("rmse: expected rows >= 0 and columns >= 1, got rows=-1, columns=3",
                message(() -> m.update(new float[0], new float[0], null, -1, 3)));
    }

    @Test
    void names() {
        assertEquals("A metric needs a name, got ''", message(() -> new Mean("")));
        assertEquals("A metric needs a name, got null", message(() -> new BinaryAccuracy((String) null)));
    }
}
