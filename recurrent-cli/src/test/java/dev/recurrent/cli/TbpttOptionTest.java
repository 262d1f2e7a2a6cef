package dev.recurrent.cli;

import dev.recurrent.cli.DemoCommandsTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.recurrent.cli.DemoCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train forecast|classify --tbptt K}: truncated BPTT from the command line. */
public class TbpttOptionTest {

    @Test
    void classifyTrainsInChunksAndSaysSo(@TempDir Path dir) throws Exception {
        Path file = TrainPredictCommandsTest.labelled(dir, "pos", "neg");
        Path out = dir.resolve("c");
        Run train = run("train", "classify", "--file", file.toString(), "--epochs", "2", "--units", "4",
                "--embedding-dim", "4", "--batch", "16", "--tbptt", "3", "--quiet", "--out", out.toString());
        assertEquals(0, train.code(), train.err());
        assertTrue(train.out().contains("batch 16, truncated BPTT of 3 steps;"), train.out());
        assertTrue(train.out().contains("Test accuracy: "), train.out());
        assertTrue(Files.readString(out.resolve("classifier.json")).contains("\"tbptt\" : 3"));
        assertTrue(Files.readString(out.resolve("report.html")).contains("truncated BPTT of 3 steps"));
    }

    @Test
    void forecastWithoutTheOptionTrainsWholeSequences(@TempDir Path dir) throws Exception {
        StringBuilder s = new StringBuilder("v\n");
        for (int i = 0; i < 40; i++) {
            s.append(i % 7).append('\n');
        }
        Path csv = Files.writeString(dir.resolve("s.csv"), s);
        Run whole = run("train", "forecast", "--csv", csv.toString(), "--look-back", "6", "--epochs", "1",
                "--units", "4", "--quiet", "--out", dir.resolve("w").toString());
        assertEquals(0, whole.code(), whole.err());
        assertFalse(whole.out().contains("truncated BPTT"), whole.out());
        assertTrue(Files.readString(dir.resolve("w").resolve("forecast.json")).contains("\"tbptt\" : 0"));
        Run cut = run("train", "forecast", "--csv", csv.toString(), "--look-back", "6", "--epochs", "1",
                "--units", "4", "--tbptt", "2", "--quiet", "--out", dir.resolve("t").toString());
        assertEquals(0, cut.code(), cut.err());
        assertTrue(cut.out().contains("truncated BPTT of 2 steps"), cut.out());
    }

    @Test
    void aNegativeLengthIsAUsageError(@TempDir Path dir) throws Exception {
        Path file = TrainPredictCommandsTest.labelled(dir, "pos", "neg");
        Run r = run("train", "classify", "--file", file.toString(), "--tbptt", "-2", "--out", dir.resolve("x").toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: --tbptt must be a number of steps, or 0 for whole sequences, got -2"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(dir.resolve("x")));
    }
}
