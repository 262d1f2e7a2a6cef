package dev.recurrent.cli.run;

import dev.recurrent.cli.run.ProgressCallback.Verbosity;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class ProgressCallbackTest {
    private long now;

    /** Runs {@code epochs} epochs (of which {@code run} happen) of 5 batches, 1 ms each, through the callback. */
    private String simulate(Verbosity v, boolean dynamic, int epochs, int run) {
        return simulate(v, dynamic, epochs, run, 1_000_000);
    }

    private String simulate(Verbosity v, boolean dynamic, int epochs, int run, long nanosPerBatch) {
        StringWriter s = new StringWriter();
        ProgressCallback p = new ProgressCallback(new PrintWriter(s), dynamic, v, epochs, () -> now);
        Map<String, Double> logs = Map.of("loss", 0.5, "accuracy", 0.75);
        for (int e = 0; e < run; e++) {
            p.onEpochBegin(e);
            for (int b = 0; b < 5; b++) {
                now += nanosPerBatch;
                p.onBatchEnd(b, 5, logs);
            }
            p.onEpochEnd(e, logs);
        }
        p.onTrainEnd(logs);
        return s.toString();
    }

    private static long count(String text, String what) {
        return text.lines().filter(l -> l.contains(what)).count();
    }

    @Test
    void byDefaultAboutTwentyEpochsAndTheLast() {
        String out = simulate(Verbosity.NORMAL, false, 500, 500);
        assertEquals(21, count(out, "Epoch "), out);
        assertTrue(out.startsWith("Epoch 1/500\n5/5 ━━━━━━━━━━━━━━━━━━━━ 0s 1ms/step - accuracy: 0.7500 - loss: 0.5000\n")
                || !ProgressBar.UNICODE, out);
        assertTrue(out.contains("Epoch 25/500\n") && out.contains("Epoch 500/500\n"), out);
        assertFalse(out.contains("Epoch 2/500") || out.contains("\r"), out);
        assertEquals(25, ProgressCallback.every(500));
        assertEquals(1, ProgressCallback.every(7));
    }

    @Test
    void verboseShowsEveryEpochAndQuietNone() {
        assertEquals(40, count(simulate(Verbosity.VERBOSE, false, 40, 40), "Epoch "));
        assertEquals("", simulate(Verbosity.QUIET, false, 40, 40));
        assertEquals("", simulate(Verbosity.QUIET, true, 40, 40));
    }

    @Test
    void anEpochCutShortIsShownAtTheEnd() {
        String out = simulate(Verbosity.NORMAL, false, 500, 37);
        assertTrue(out.endsWith("Epoch 37/500\n" + ProgressBar.format(5, 5, 0.005, Map.of("loss", 0.5, "accuracy", 0.75))
                + "\n"), out);
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlace() {
        String out = simulate(Verbosity.NORMAL, true, 3, 3, 20_000_000);
        assertTrue(out.contains("\r1/5 ") && out.contains("\r4/5 "), out);
        assertTrue(out.contains("\r5/5 "), out);
        assertEquals(3, count(out, "Epoch "), out);
        // at most every 50 ms: 3 epochs of 1 ms batches give the first batch and each epoch's end
        String fast = simulate(Verbosity.NORMAL, true, 3, 3);
        assertEquals(4, fast.chars().filter(c -> c == '\r').count(), fast);
        // epochs not shown draw a transient line that the next one overwrites
        String sparse = simulate(Verbosity.NORMAL, true, 100, 6, 20_000_000);
        assertTrue(sparse.contains("\rEpoch 2/100 "), sparse);
    }
}
