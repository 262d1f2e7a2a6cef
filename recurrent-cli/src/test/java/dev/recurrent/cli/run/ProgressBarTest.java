package dev.recurrent.cli.run;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

public class ProgressBarTest {

    private static Map<String, Double> logs(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return m;
    }

    @Test
    void finishedEpochShowsElapsedTimeAndSortedFigures() {
        String line = ProgressBar.format(25, 25, 0.05, logs("loss", 0.51, "accuracy", 0.84), true);
        assertEquals("25/25 ━━━━━━━━━━━━━━━━━━━━ 0s 2ms/step - accuracy: 0.8400 - loss: 0.5100", line);
    }

    @Test
    void validationFiguresComeLast() {
        String line = ProgressBar.format(7, 7, 1.4, logs("loss", 0.5, "accuracy", 0.75, "val_loss", 0.25,
                "val_accuracy", 1.0), true);
        assertEquals("7/7 ━━━━━━━━━━━━━━━━━━━━ 1s 200ms/step - accuracy: 0.7500 - loss: 0.5000"
                + " - val_accuracy: 1.0000 - val_loss: 0.2500", line);
    }

    @Test
    void runningEpochShowsTheEstimateLeftAndAPartialBar() {
        // 10 of 40 batches in 5 s: 0.5 s per step, 30 steps (15 s) left; the step count is padded
        String line = ProgressBar.format(10, 40, 5.0, logs("loss", 2.0), true);
        assertEquals("10/40 ━━━━━─────────────── 15s 500ms/step - loss: 2.0000", line);
        assertEquals(" 3/40 ━─────────────────── 1:14 2s/step - loss: 2.0000",
                ProgressBar.format(3, 40, 6.0, logs("loss", 2.0), true));
    }

    @Test
    void asciiBarForOutputsWithoutTheGlyphs() {
        assertEquals("1/2 ==========.......... 0s 1ms/step",
                ProgressBar.format(1, 2, 0.001, Map.of(), false));
    }

    @Test
    void timesAndValuesAsKerasPrintsThem() {
        assertEquals("59s", ProgressBar.eta(59.9));
        assertEquals("1:05", ProgressBar.eta(65));
        assertEquals("1:01:05", ProgressBar.eta(3665));
        assertEquals("3s/step", ProgressBar.perStep(2.6));
        assertEquals("12ms/step", ProgressBar.perStep(0.012));
        assertEquals("850us/step", ProgressBar.perStep(0.00085));
        assertEquals("0.1235", ProgressBar.value(0.12345));
        assertEquals("9.6861e-04", ProgressBar.value(9.6861e-4));
        assertEquals("0.0000", ProgressBar.value(0));
    }
}
