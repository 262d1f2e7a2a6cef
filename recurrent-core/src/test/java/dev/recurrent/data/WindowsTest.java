package dev.recurrent.data;

import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowsTest {
    static final float[] SERIES = {1, 2, 3, 4, 5, 6};

    @Test
    void everyCompleteWindow() {
        Supervised s = Windows.supervised(SERIES, 3, 1);
        assertArrayEquals(new int[] {3, 3, 1}, s.x().shape());
        assertArrayEquals(new int[] {3, 1}, s.y().shape());
        assertArrayEquals(new float[] {1, 2, 3, 2, 3, 4, 3, 4, 5}, s.x().data());
        assertArrayEquals(new float[] {4, 5, 6}, s.y().data());
    }

    @Test
    void horizonOfSeveralSteps() {
        Supervised s = Windows.supervised(SERIES, 3, 2);
        assertArrayEquals(new int[] {2, 3, 1}, s.x().shape());
        assertArrayEquals(new float[] {4, 5, 5, 6}, s.y().data());
        assertEquals(1, Windows.supervised(SERIES, 5, 1).samples());
    }

    @Test
    void lookBackLongerThanTheSeriesNamesBothLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Windows.supervised(new float[36], 40, 1));
        String m = e.getMessage();
        assertTrue(m.contains("look-back of 40") && m.contains("series has 36"), m);
        assertFalse(m.contains("\n"), m);
        assertThrows(IllegalArgumentException.class, () -> Windows.supervised(SERIES, 6, 1));
        assertThrows(IllegalArgumentException.class, () -> Windows.supervised(SERIES, 0, 1));
    }

    @Test
    void laggedTableAsTheTutorialsShiftAndFillna() {
        Tensor t = Windows.lagged(new float[] {1, 2, 3}, 2);
        assertArrayEquals(new int[] {3, 3}, t.shape());
        // columns: t-1, t-2, t
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 2, 2, 1, 3}, t.data());
    }

    @Test
    void lag1PairsOfTheSalesDemo() {
        Supervised s = Windows.lag1(new float[] {10, 20, 30});
        assertArrayEquals(new int[] {3, 1, 1}, s.x().shape());
        assertArrayEquals(new int[] {3, 1}, s.y().shape());
        assertArrayEquals(new float[] {0, 10, 20}, s.x().data());
        assertArrayEquals(new float[] {10, 20, 30}, s.y().data());
        Supervised test = s.slice(1, 3);
        assertArrayEquals(new float[] {20, 30}, test.y().data());
    }
}
