package dev.recurrent.cli.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

public class LogAxisTest {

    @Test
    void theAxisSpansTheDecadesOfTheValues() {
        LogAxis a = LogAxis.of(List.of(new double[] {0.0046, 0.24}, new double[] {9.2e-6, 0.29}));
        assertEquals(-6, a.low());
        assertEquals(0, a.high());
        assertEquals(0, a.clipped());
        assertEquals("", a.note());
    }

    @Test
    void aZeroDoesNotStretchTheAxisAndIsCounted() {
        // the LSTM's dL/dc at the last step is 0: it was drawn at 1e-30, thirty decades of empty grid
        LogAxis a = LogAxis.of(List.of(new double[] {2.7e-3, 7.7e-2, 0}, new double[] {1e-3, 0.27, 0.2}));
        assertEquals(-3, a.low());
        assertEquals(0, a.high());
        assertEquals(1, a.clipped());
        assertEquals(-3, a.position(0), 1e-12, "drawn on the bottom edge");
        assertEquals("1 value below 0.001 (or 0) drawn on the bottom edge", a.note());
    }

    @Test
    void valuesFarBelowTheLargestAreClippedToTenDecades() {
        LogAxis a = LogAxis.of(List.of(new double[] {5, 1e-3, 1e-30, 1e-45, Double.NEGATIVE_INFINITY}));
        assertEquals(1, a.high());
        assertEquals(1 - LogAxis.MAX_DECADES, a.low());
        assertEquals(3, a.clipped());
        assertEquals("3 values below 1e-9 (or 0) drawn on the bottom edge", a.note());
        assertArrayEquals(new double[] {Math.log10(5), -3, -9, -9, -9}, a.positions(new double[] {5, 1e-3, 1e-30, 1e-45,
                Double.NEGATIVE_INFINITY}), 1e-12);
    }

    @Test
    void gapsStayGapsAndInfinityIsOnTop() {
        LogAxis a = LogAxis.of(List.of(new double[] {Double.NaN, 10, 1000, Double.POSITIVE_INFINITY}));
        assertEquals(0, a.clipped());
        double[] p = a.positions(new double[] {Double.NaN, 10, 1000, Double.POSITIVE_INFINITY});
        assertEquals(Double.NaN, p[0]);
        assertEquals(3, p[3], 1e-12);
    }

    @Test
    void valuesInOneDecadeStillGetADecadeOfAxis() {
        LogAxis a = LogAxis.of(List.of(new double[] {1, 1}));
        assertEquals(-1, a.low());
        assertEquals(0, a.high());
        LogAxis none = LogAxis.of(List.of(new double[] {0, 0}));
        assertEquals(2, none.clipped());
    }

    @Test
    void decadesAreLabelledAsValuesAndNothingBetween() {
        assertEquals("0.001", LogAxis.label(-3));
        assertEquals("1", LogAxis.label(0));
        assertEquals("1000", LogAxis.label(3));
        assertEquals("1e-4", LogAxis.label(-4));
        assertEquals("1e6", LogAxis.label(6));
        assertEquals("", LogAxis.label(-2.5));
    }
}
