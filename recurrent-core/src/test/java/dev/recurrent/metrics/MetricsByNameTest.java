package dev.recurrent.metrics;

import dev.recurrent.loss.BinaryCrossentropy;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.loss.SparseCategoricalCrossentropy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Metrics#byName}: "accuracy" resolved as Keras 3's {@code compile_utils.get_metric} does
 * (from the output's last dimension and the targets' shape), the other names, and the history keys.
 */
class MetricsByNameTest {

    @Test
    void oneOutputColumnIsBinaryWhateverTheLoss() {
        assertInstanceOf(BinaryAccuracy.class, Metrics.byName("accuracy", new BinaryCrossentropy(), 1));
        assertInstanceOf(BinaryAccuracy.class, Metrics.byName("accuracy", new BinaryCrossentropy(true), 1));
        assertInstanceOf(BinaryAccuracy.class, Metrics.byName("accuracy", new dev.recurrent.loss.MeanSquaredError(), 1));
        // Keras checks is_binary (y_pred last dim 1) before is_sparse_categorical
        assertInstanceOf(BinaryAccuracy.class, Metrics.byName("accuracy", new SparseCategoricalCrossentropy(), 1));
    }

    @Test
    void classIndexTargetsAreSparse() {
        assertInstanceOf(SparseCategoricalAccuracy.class,
                Metrics.byName("accuracy", new SparseCategoricalCrossentropy(), 10));
        assertInstanceOf(SparseCategoricalAccuracy.class,
                Metrics.byName("acc", new SparseCategoricalCrossentropy(true), 2));
    }

    @Test
    void targetsShapedLikeTheOutputAreCategorical() {
        assertInstanceOf(CategoricalAccuracy.class, Metrics.byName("accuracy", new CategoricalCrossentropy(), 10));
        assertInstanceOf(CategoricalAccuracy.class, Metrics.byName("accuracy", null, 10));
        assertInstanceOf(CategoricalAccuracy.class, Metrics.byName("accuracy", new dev.recurrent.loss.MeanSquaredError(), 3));
        // Keras 3 looks at shapes only: multi-label binary_crossentropy on 4 columns gets
        // categorical accuracy (ask for "binary_accuracy" to get the per-label one)
        assertInstanceOf(CategoricalAccuracy.class, Metrics.byName("accuracy", new BinaryCrossentropy(), 4));
    }

    @Test
    void theNameIsTheStringGiven() {
        assertEquals("accuracy", Metrics.byName("accuracy", new CategoricalCrossentropy(), 10).name());
        assertEquals("acc", Metrics.byName("acc", new CategoricalCrossentropy(), 10).name());
        // "accuracy" and "acc" are matched in any case, and the name keeps the case given
        Metric upper = Metrics.byName("Accuracy", new BinaryCrossentropy(), 1);
        assertInstanceOf(BinaryAccuracy.class, upper);
        assertEquals("Accuracy", upper.name());
        assertEquals("mae", Metrics.byName("mae", null, 3).name());
        assertEquals("val_mae", Metrics.validationKey("mae"));
        assertEquals("val_accuracy", Metrics.validationKey(Metrics.byName("accuracy", null, 1).name()));
    }

    @Test
    void otherNames() {
        assertInstanceOf(BinaryAccuracy.class, Metrics.byName("binary_accuracy", null, 3));
        assertInstanceOf(CategoricalAccuracy.class, Metrics.byName("categorical_accuracy", null, 3));
        assertInstanceOf(CategoricalAccuracy.class, Metrics.byName("CategoricalAccuracy", null, 3));
        assertInstanceOf(SparseCategoricalAccuracy.class, Metrics.byName("sparse_categorical_accuracy", null, 3));
        assertInstanceOf(MeanAbsoluteError.class, Metrics.byName("mae", null, 1));
        assertInstanceOf(MeanAbsoluteError.class, Metrics.byName("MAE", null, 1));
        assertInstanceOf(MeanAbsoluteError.class, Metrics.byName("mean_absolute_error", null, 1));
        assertInstanceOf(MeanSquaredError.class, Metrics.byName("mse", null, 1));
        assertInstanceOf(RootMeanSquaredError.class, Metrics.byName("rmse", null, 1));
        assertInstanceOf(RootMeanSquaredError.class, Metrics.byName("root_mean_squared_error", null, 1));
        assertInstanceOf(RootMeanSquaredError.class, Metrics.byName("RootMeanSquaredError", null, 1));
        assertEquals("RootMeanSquaredError", Metrics.byName("RootMeanSquaredError", null, 1).name());
    }

    @Test
    void unknownNames() {
        String msg = assertThrows(IllegalArgumentException.class, () -> Metrics.byName("f1", null, 2)).getMessage();
        assertTrue(msg.startsWith("Unknown metric: 'f1'. Known metrics: accuracy (acc;"), msg);
        assertTrue(msg.contains("root_mean_squared_error (rmse, RootMeanSquaredError)"), msg);
        String wrongCase = assertThrows(IllegalArgumentException.class, () -> Metrics.byName("Mae", null, 2))
                .getMessage();
        assertTrue(wrongCase.contains("Did you mean 'mae'?"), wrongCase);
        assertThrows(IllegalArgumentException.class, () -> Metrics.byName("accuracy", null, 0));
    }
}
