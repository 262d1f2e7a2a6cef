package dev.recurrent.cli.report;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

public class AxisFormatTest {

    @Test
    void niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(0.02, AxisFormat.niceStep(0.2, 10), 1e-15);
        assertEquals(0.05, AxisFormat.niceStep(0.21, 10), 1e-15);
        assertEquals(50, AxisFormat.niceStep(499, 10), 1e-12);
        assertEquals(100, AxisFormat.niceStep(1000, 10), 1e-12);
        assertEquals(5e-6, AxisFormat.niceStep(4.2e-5, 10), 1e-20);
        assertEquals(1, AxisFormat.niceStep(0, 10));
    }

    @Test
    void everyTickOfAnAxisHasTheSameDecimals() {
        // the test MSE axis of the gradients demo: 0.01 .. 0.22 read ".02 .04 ... 0.1 ... 0.22" before
        assertEquals(List.of("0.02", "0.04", "0.06", "0.08", "0.10", "0.12", "0.20", "0.22"),
                labels(AxisFormat.labels(0.01, 0.22), 0.02, 0.04, 0.06, 0.08, 0.1, 0.12000000000000001, 0.2, 0.22));
        assertEquals(List.of("0.0", "0.5", "1.0", "1.5", "3.0"), labels(AxisFormat.labels(0, 3.1), 0, 0.5, 1, 1.5, 3));
        assertEquals(List.of("100", "150", "600"), labels(AxisFormat.labels(104, 622), 100, 150, 600));
        assertEquals(List.of("0.0", "-0.5", "0.5"), labels(AxisFormat.labels(-0.9, 0.9), -1e-17, -0.5, 0.5),
                "no \"-0\"");
    }

    @Test
    void veryLargeAndVerySmallAxesAreScientific() {
        assertEquals(List.of("1.0e-5", "1.5e-5", "2.0e-5"), labels(AxisFormat.labels(1e-5, 2.2e-5), 1e-5, 1.5e-5, 2e-5));
        assertEquals(List.of("2.0e7", "2.5e7"), labels(AxisFormat.labels(2e7, 2.9e7), 2e7, 2.5e7));
    }

    @Test
    void anAxisOfOneValueShowsItToFourSignificantDigits() {
        // a one-epoch loss plot read "3.098227226533814"
        assertEquals("3.098", AxisFormat.labels(3.098227226533814, 3.098227226533814).apply(3.098227226533814));
        assertEquals("0.0123", AxisFormat.labels(0.0123, 0.0123).apply(0.0123));
        assertEquals("12350", AxisFormat.labels(12345.6, 12345.6).apply(12345.6));
    }

    @Test
    void significantDigitsDropTrailingZeros() {
        assertEquals("3.098", AxisFormat.significant(3.098227226533814, 4));
        assertEquals("0.5", AxisFormat.significant(0.5, 4));
        assertEquals("0", AxisFormat.significant(0, 4));
        assertEquals("-1.235", AxisFormat.significant(-1.23456, 4));
        assertEquals("1.5e-7", AxisFormat.significant(1.5e-7, 4));
        assertEquals("2e8", AxisFormat.significant(2e8, 4));
    }

    @Test
    void aCountAxisLabelsWholeNumbersOnly() {
        assertEquals("100", AxisFormat.wholeNumber(100.0));
        assertEquals("1", AxisFormat.wholeNumber(0.9999999999));
        assertEquals("", AxisFormat.wholeNumber(1.5), "no tick between epochs");
        assertEquals("-3", AxisFormat.wholeNumber(-3));
    }

    private static List<String> labels(Function<Double, String> f, double... values) {
        List<String> out = new ArrayList<>();
        for (double v : values) {
            out.add(f.apply(v));
        }
        return out;
    }
}
