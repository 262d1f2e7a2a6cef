package dev.recurrent.io;

import dev.recurrent.model.FitOptions;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training resumed from a checkpoint ends with the same weights, bit for bit, as a run that was
 * never interrupted: the optimizer's iterations and slots and the random generators (shuffles,
 * Dropout, recurrent dropout) are restored.
 */
class ResumeTest {
    private static final int EPOCHS = 4, STOP_AFTER = 2, BATCH = 5;

    @TempDir
    Path dir;

    @Test
    void taggerWithDropoutResumesExactly() throws Exception {
        Tensor[] data = Models.taggerData(17, 21);
        check(Models::tagger, data[0], data[1]);
    }

    @Test
    void seq2seqWithMomentumResumesExactly() throws Exception {
        check(Models::seq2seq, Models.random(1, 13, 5, 3), Models.random(2, 13, 3, 2));
    }

    @Test
    void classifierWithScheduleAndNesterovResumesExactly() throws Exception {
        float[] y = new float[13];
        for (int i = 0; i < y.length; i++) {
            y[i] = (i * 7) % 3 == 0 ? 1 : 0;
        }
        check(Models::classifier, Models.random(3, 13, 4, 2), Tensor.of(y, 13, 1));
    }

    private void check(LongFunction<Sequential> make, Tensor x, Tensor y) throws Exception {
        Sequential uninterrupted = make.apply(42);
        uninterrupted.fit(x, y, FitOptions.defaults().epochs(EPOCHS).batchSize(BATCH));

        Sequential first = make.apply(42);
        ModelCheckpoint ckpt = new ModelCheckpoint(dir.resolve(first.name() + "-{epoch:02d}.zip").toString());
        first.fit(x, y, FitOptions.defaults().epochs(STOP_AFTER).batchSize(BATCH).callbacks(ckpt));
        Path saved = dir.resolve(first.name() + "-0" + STOP_AFTER + ".zip");
        assertTrue(Files.exists(dir.resolve(first.name() + "-01.zip")));
        assertEquals(saved, ckpt.lastSaved());

        ModelFiles.Checkpoint c = ModelFiles.loadCheckpoint(saved);
        assertEquals(STOP_AFTER, c.epochsCompleted());
        Sequential resumed = c.model();
        resumed.fit(x, y, FitOptions.defaults().epochs(EPOCHS).batchSize(BATCH).initialEpoch(c.epochsCompleted()));
        Models.assertSameWeights(uninterrupted, resumed);
        assertEquals(uninterrupted.optimizer().iterations(), resumed.optimizer().iterations());

        // the control: without the training state the resumed run is not the same, so the test can fail
        Path noState = dir.resolve(first.name() + "-no-state.zip");
        ModelFiles.save(first, noState, false);
        Sequential fresh = ModelFiles.load(noState);
        fresh.fit(x, y, FitOptions.defaults().epochs(EPOCHS).batchSize(BATCH).initialEpoch(STOP_AFTER));
        assertFalse(Arrays.equals(Models.bits(uninterrupted.getWeights().get(0)), Models.bits(fresh.getWeights().get(0)))
                        && Arrays.equals(Models.bits(uninterrupted.getWeights().get(1)), Models.bits(fresh.getWeights().get(1))),
                "without the optimizer state the resumed run should differ");
    }
}
