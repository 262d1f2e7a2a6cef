package dev.recurrent.loss;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Losses#byName}: Keras 3's names and aliases, and the error for unknown ones. */
class LossesTest {

    @Test
    void kerasNamesAndAliases() {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("mean_squared_error", "mean_squared_error"),
                Map.entry("mse", "mean_squared_error"),
                Map.entry("MSE", "mean_squared_error"),
                Map.entry("MeanSquaredError", "mean_squared_error"),
                Map.entry("mean_absolute_error", "mean_absolute_error"),
                Map.entry("mae", "mean_absolute_error"),
                Map.entry("MAE", "mean_absolute_error"),
                Map.entry("MeanAbsoluteError", "mean_absolute_error"),
                Map.entry("binary_crossentropy", "binary_crossentropy"),
                Map.entry("bce", "binary_crossentropy"),
                Map.entry("BCE", "binary_crossentropy"),
                Map.entry("BinaryCrossentropy", "binary_crossentropy"),
                Map.entry("categorical_crossentropy", "categorical_crossentropy"),
                Map.entry("CategoricalCrossentropy", "categorical_crossentropy"),
                Map.entry("sparse_categorical_crossentropy", "sparse_categorical_crossentropy"),
                Map.entry("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy"));
        expected.forEach((name, canonical) -> assertEquals(canonical, Losses.byName(name).name(), name));
    }

    @Test
    void crossEntropiesByNameTakeProbabilities() {
        assertFalse(((BinaryCrossentropy) Losses.byName("binary_crossentropy")).fromLogits());
        assertFalse(((CategoricalCrossentropy) Losses.byName("categorical_crossentropy")).fromLogits());
        assertFalse(((SparseCategoricalCrossentropy) Losses.byName("sparse_categorical_crossentropy")).fromLogits());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        String msg = assertThrows(IllegalArgumentException.class, () -> Losses.byName("hinge")).getMessage();
        assertTrue(msg.startsWith("Unknown loss: 'hinge'. Known losses: mean_squared_error (mse, MSE, MeanSquaredError),"),
                msg);
        assertTrue(msg.contains("sparse_categorical_crossentropy (SparseCategoricalCrossentropy)"), msg);
    }

    @Test
    void wrongCaseSuggestsTheName() {
        String msg = assertThrows(IllegalArgumentException.class, () -> Losses.byName("Mse")).getMessage();
        assertTrue(msg.contains("Did you mean 'mse'?"), msg);
    }

    @Test
    void crossentropyShorthandExplainsItself() {
        String msg = assertThrows(IllegalArgumentException.class, () -> Losses.byName("crossentropy")).getMessage();
        assertTrue(msg.contains("from the output shape"), msg);
        assertThrows(IllegalArgumentException.class, () -> Losses.byName(null));
    }
}
