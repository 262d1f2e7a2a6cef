package dev.recurrent.examples;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.recurrent.examples.LowLevelExample.UNITS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LowLevelExampleTest {
    static float[] step(float[] out, int sequence, int t) {
        int at = (sequence * 4 + t) * UNITS;
        return Arrays.copyOfRange(out, at, at + UNITS);
    }

    @Test
    void maskedStepsCarryTheStateAndTakeNoGradient() {
        LowLevelExample.Result r = LowLevelExample.run();
        assertEquals(2 * 4 * UNITS, r.padded().length);
        // the short sequence: its two real steps are those of the sequence run alone, and the padded
        // steps repeat the last real output
        assertArrayEquals(Arrays.copyOfRange(r.shortAlone(), 0, UNITS), step(r.padded(), 1, 0));
        assertArrayEquals(Arrays.copyOfRange(r.shortAlone(), UNITS, 2 * UNITS), step(r.padded(), 1, 1));
        assertArrayEquals(step(r.padded(), 1, 1), step(r.padded(), 1, 2));
        assertArrayEquals(step(r.padded(), 1, 1), step(r.padded(), 1, 3));
        // the long sequence keeps changing
        assertFalse(Arrays.equals(step(r.padded(), 0, 2), step(r.padded(), 0, 3)));
        // no gradient reaches a padded input; the real ones get some
        assertEquals(2 * 4 * 2, r.inputGradient().length);
        for (int i = 12; i < 16; i++) {
            assertEquals(0f, r.inputGradient()[i], "padded input " + i);
        }
        assertTrue(r.inputGradient()[8] != 0 && r.inputGradient()[0] != 0);
        assertTrue(r.gradientNorm() > 0 && Double.isFinite(r.gradientNorm()));
    }
}
