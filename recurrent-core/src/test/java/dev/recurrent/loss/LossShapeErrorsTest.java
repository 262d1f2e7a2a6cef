package dev.recurrent.loss;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Wrong shapes fail with a message naming the loss, what was expected and what was received. */
class LossShapeErrorsTest {

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void classIndicesGivenToCategorical() {
        assertEquals("categorical_crossentropy: expected targets [32, 10] (320 values), got 32 values"
                        + " — use sparse_categorical_crossentropy for class indices",
                message(() -> new CategoricalCrossentropy().compute(new float[320], new float[32], null, 32, 10, null)));
    }

    @Test
    void oneHotGivenToSparse() {
        assertEquals("sparse_categorical_crossentropy: expected targets [32] (32 class indices in [0, 10)),"
                        + " got 320 values — use categorical_crossentropy for one-hot targets",
                message(() -> new SparseCategoricalCrossentropy().compute(new float[320], new float[320], null, 32, 10,
                        null)));
    }

    @Test
    void otherTargetSizes() {
        assertEquals("binary_crossentropy: expected targets [4, 3] (12 values), got 4 values",
                message(() -> new BinaryCrossentropy().compute(new float[12], new float[4], null, 4, 3, null)));
        assertEquals("mean_squared_error: expected targets [4, 3] (12 values), got null",
                message(() -> new MeanSquaredError().compute(new float[12], null, null, 4, 3, null)));
    }

    @Test
    void predictionsWeightsAndGradient() {
        Loss mae = new MeanAbsoluteError();
        assertEquals("mean_absolute_error: expected predictions [4, 3] (12 values), got 10 values",
                message(() -> mae.compute(new float[10], new float[12], null, 4, 3, null)));
        assertEquals("mean_absolute_error: expected row weights [4] (4 values, one per row), got 12 values",
                message(() -> mae.compute(new float[12], new float[12], new float[12], 4, 3, null)));
        assertEquals("mean_absolute_error: expected sample weights [4] (4 values, one per row), got 3 values",
                message(() -> mae.computeWeighted(new float[12], new float[12], null, new float[3], 4, 3, null)));
        assertEquals("mean_absolute_error: expected a gradient buffer [4, 3] (12 values), got 4 values",
                message(() -> mae.compute(new float[12], new float[12], null, 4, 3, new float[4])));
        assertEquals("mean_absolute_error: expected rows >= 0 and columns >= 1, got rows=4, columns=0",
                message(() -> mae.compute(new float[0], new float[0], null, 4, 0, null)));
    }

    @Test
    void classIndexOutOfRangeOrNotAnInteger() {
        Loss scce = new SparseCategoricalCrossentropy(true);
        assertEquals("sparse_categorical_crossentropy: the target of row 1 is 3.0, expected a class index in [0, 3)",
                message(() -> scce.compute(new float[6], new float[] {0, 3}, null, 2, 3, null)));
        assertEquals("sparse_categorical_crossentropy: the target of row 0 is 1.5, expected a class index in [0, 3)",
                message(() -> scce.compute(new float[6], new float[] {1.5f, 0}, null, 2, 3, null)));
        assertEquals("sparse_categorical_crossentropy: the target of row 0 is -1.0, expected a class index in [0, 3)",
                message(() -> scce.compute(new float[6], new float[] {-1, 0}, null, 2, 3, null)));
    }
}
