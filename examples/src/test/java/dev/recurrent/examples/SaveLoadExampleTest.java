package dev.recurrent.examples;

import dev.recurrent.io.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SaveLoadExampleTest {
    @Test
    void theLoadedModelPredictsAsTheSavedOne(@TempDir Path dir) throws Exception {
        SaveLoadExample.Result r = SaveLoadExample.saveAndLoad(dir.resolve("sum.model"));
        assertEquals(0.0, r.maxDifference(), "bit for bit");
        assertEquals(r.lossBefore(), r.lossAfterLoad());
        // learned the sum: a constant guess (the mean sum, 3) has an MSE of 6/12 = 0.5
        assertTrue(r.lossBefore() < 0.05, "loss " + r.lossBefore());
        assertEquals(8 * 3 * (1 + 8 + 2) + 9, ModelFiles.load(r.file()).parameterCount(), "GRU(8) + Dense(1)");
    }
}
