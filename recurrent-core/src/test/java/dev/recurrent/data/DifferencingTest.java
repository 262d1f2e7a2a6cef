package dev.recurrent.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DifferencingTest {
    static final float[] SHAMPOO_START = {266.0f, 145.9f, 183.1f, 119.3f};

    @Test
    void differencesAsTheTutorialPrintsThem() {
        assertArrayEquals(new float[] {-120.1f, 37.2f, -63.8f}, Differencing.difference(SHAMPOO_START), 1e-4f);
        assertArrayEquals(new float[] {-82.9f, -26.6f}, Differencing.difference(SHAMPOO_START, 2), 1e-4f);
    }

    @Test
    void restoresTheSeries() {
        for (int interval = 1; interval <= 3; interval++) {
            float[] d = Differencing.difference(SHAMPOO_START, interval);
            float[] head = java.util.Arrays.copyOf(SHAMPOO_START, interval);
            assertArrayEquals(SHAMPOO_START, Differencing.restore(head, d, interval), 1e-4f);
        }
    }

    @Test
    void invertsAForecastWithTheLastKnownValue() {
        // the last known value 119.3 plus a forecast difference of 10
        assertEquals(129.3f, Differencing.inverse(SHAMPOO_START, 10f, 1), 1e-4f);
        // walk-forward: forecast i of a test set of n = 2 values uses interval n + 1 - i
        float[] d = Differencing.difference(SHAMPOO_START);
        assertEquals(SHAMPOO_START[2], Differencing.inverse(SHAMPOO_START, d[1], 3), 1e-4f);
        assertEquals(SHAMPOO_START[3], Differencing.inverse(SHAMPOO_START, d[2], 2), 1e-4f);
    }

    @Test
    void refusesBadIntervals() {
        assertThrows(IllegalArgumentException.class, () -> Differencing.difference(SHAMPOO_START, 4));
        assertThrows(IllegalArgumentException.class, () -> Differencing.difference(SHAMPOO_START, 0));
        assertThrows(IllegalArgumentException.class, () -> Differencing.inverse(SHAMPOO_START, 0f, 5));
        assertThrows(IllegalArgumentException.class, () -> Differencing.restore(new float[1], new float[3], 2));
    }
}
