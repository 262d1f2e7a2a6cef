package dev.recurrent.io;

import dev.recurrent.model.FitOptions;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keras' ModelCheckpoint: every epoch or only the best, file names from a pattern. */
class ModelCheckpointTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Sequential trained() {
        Sequential m = Models.seq2seq(1);
        m.fit(Models.random(1, 4, 5, 3), Models.random(2, 4, 3, 2), FitOptions.defaults().epochs(1).batchSize(2));
        return m;
    }

    @Test
    void savesEveryEpochDuringFit() throws IOException {
        Sequential m = Models.seq2seq(1);
        Tensor x = Models.random(1, 6, 5, 3), y = Models.random(2, 6, 3, 2);
        ModelCheckpoint c = new ModelCheckpoint(dir.resolve("m-{epoch:02d}-{loss:.3f}.zip"));
        m.fit(x, y, FitOptions.defaults().epochs(3).batchSize(3).validationSplit(0.5).callbacks(c));
        List<String> names = names();
        assertEquals(3, names.size(), names.toString());
        for (int e = 1; e <= 3; e++) {
            String prefix = String.format("m-%02d-", e);
            String name = names.stream().filter(n -> n.startsWith(prefix)).findFirst().orElseThrow();
            assertTrue(name.matches("m-0\\d-\\d+\\.\\d{3}\\.zip"), name);
            assertEquals(e, ModelFiles.loadCheckpoint(dir.resolve(name)).epochsCompleted());
        }
        Models.assertSameWeights(m, ModelFiles.load(c.lastSaved()));
    }

    @Test
    void saveBestOnlyKeepsTheBestValLoss() throws IOException {
        Sequential m = trained();
        ModelCheckpoint c = new ModelCheckpoint(dir.resolve("best.zip").toString()).saveBestOnly(true);
        c.onTrainBegin(m);
        c.onEpochEnd(0, Map.of("loss", 1.0, "val_loss", 0.9));
        assertEquals(1, ModelFiles.loadCheckpoint(dir.resolve("best.zip")).epochsCompleted());
        c.onEpochEnd(1, Map.of("loss", 0.8, "val_loss", 1.1));   // worse: not saved
        assertEquals(1, ModelFiles.loadCheckpoint(dir.resolve("best.zip")).epochsCompleted());
        c.onEpochEnd(2, Map.of("loss", 0.7, "val_loss", 0.5));
        assertEquals(3, ModelFiles.loadCheckpoint(dir.resolve("best.zip")).epochsCompleted());
        c.onEpochEnd(3, Map.of("loss", 0.7, "val_loss", Double.NaN));
        assertEquals(3, ModelFiles.loadCheckpoint(dir.resolve("best.zip")).epochsCompleted());
        assertEquals(0.5, c.best());
        assertEquals(List.of("best.zip"), names());
    }

    @Test
    void modeAutoMaximizesAccuracyAndMinMaxAreExplicit() throws IOException {
        Sequential m = trained();
        ModelCheckpoint acc = new ModelCheckpoint(dir.resolve("acc-{epoch}.zip").toString())
                .monitor("val_accuracy").saveBestOnly(true);
        acc.onTrainBegin(m);
        acc.onEpochEnd(0, Map.of("val_accuracy", 0.5));
        acc.onEpochEnd(1, Map.of("val_accuracy", 0.4));
        acc.onEpochEnd(2, Map.of("val_accuracy", 0.7));
        assertEquals(List.of("acc-1.zip", "acc-3.zip"), names());

        ModelCheckpoint max = new ModelCheckpoint(dir.resolve("max-{epoch}.zip").toString())
                .monitor("loss").mode("max").saveBestOnly(true).initialValueThreshold(2.0);
        max.onTrainBegin(m);
        max.onEpochEnd(0, Map.of("loss", 1.0));   // does not beat the threshold
        max.onEpochEnd(1, Map.of("loss", 3.0));
        assertEquals(List.of("acc-1.zip", "acc-3.zip", "max-2.zip"), names());
        assertThrows(IllegalArgumentException.class, () -> max.mode("biggest"));
    }

    @Test
    void aMissingMonitoredKeySavesNothing() throws IOException {
        Sequential m = trained();
        ModelCheckpoint c = new ModelCheckpoint(dir.resolve("m.zip").toString()).saveBestOnly(true);
        c.onTrainBegin(m);
        c.onEpochEnd(0, Map.of("loss", 1.0));
        assertEquals(List.of(), names());
        assertNull(c.lastSaved());
    }

    @Test
    void withoutOptimizerStateTheFileHasNone() throws IOException {
        Sequential m = trained();
        ModelCheckpoint c = new ModelCheckpoint(dir.resolve("w.zip").toString()).withOptimizerState(false);
        c.onTrainBegin(m);
        c.onEpochEnd(4, Map.of("loss", 1.0));
        ModelFiles.Checkpoint loaded = ModelFiles.loadCheckpoint(dir.resolve("w.zip"));
        assertEquals(0, loaded.epochsCompleted());
        assertEquals(0, loaded.model().optimizer().iterations());
    }

    @Test
    void patternsAreCheckedEarly() {
        assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint("m-{epoch:q}.zip"));
        assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint(" "));
        ModelCheckpoint c = new ModelCheckpoint("m-{epoch:03d}-{val_loss:.2f}.zip");
        assertEquals("m-007-0.12.zip", c.format(7, Map.of("val_loss", 0.123), false));
        assertThrows(IllegalArgumentException.class, () -> c.format(7, Map.of("loss", 0.1), false));
    }
}
