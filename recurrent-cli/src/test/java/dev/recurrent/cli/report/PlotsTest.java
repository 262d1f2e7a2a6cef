package dev.recurrent.cli.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Axis;
import org.knowm.xchart.internal.chartpart.AxisPair;
import org.knowm.xchart.internal.chartpart.Chart;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tick labels XChart draws on the charts of {@link Plots}: the chart is painted, then the
 * labels of the ticks inside each axis are read back from XChart's axes.
 */
public class PlotsTest {

    @Test
    void epochTicksAreRoundNumbers() {
        for (int epochs : new int[] {500, 340, 100, 30, 7}) {
            List<String> x = ticks(Plots.lineChart("loss", "epoch", "loss", epochs(epochs), Map.of("loss",
                    falling(epochs)), null, null), true);
            assertRoundSteps(x, "epochs 1.." + epochs);
            assertTrue(Integer.parseInt(x.get(x.size() - 1)) > epochs / 2, "ticks run to the end: " + x);
        }
    }

    @Test
    void everyYTickHasTheSameDecimals() {
        Map<String, double[]> mse = new LinkedHashMap<>();
        mse.put("lstm", new double[] {0.131, 0.197});
        mse.put("gru", new double[] {0.143, 0.223});
        mse.put("solved", new double[] {0.01, 0.01});
        List<String> y = ticks(Plots.lineChart("mse", "T", "test MSE", new double[] {10, 25}, mse, null, null), false);
        assertTrue(y.size() >= 4, y.toString());
        for (String label : y) {
            assertTrue(label.matches("0\\.\\d\\d"), "two decimals, a leading 0: " + y);
        }
    }

    @Test
    void aCountFromZeroToTenHasTicksBetween() {
        List<String> y = ticks(Plots.lineChart("right", "epoch", "right answers of 10", new double[] {1, 2, 3},
                Map.of("lstm", new double[] {0, 0, 0}), null, new double[] {0, 10}), false);
        assertRoundSteps(y, "0..10");
        assertEquals("0", y.get(0), y.toString());
        assertEquals("10", y.get(y.size() - 1), y.toString());
    }

    @Test
    void awkwardValuesAreDrawnWithTicks() {
        List<double[]> cases = List.of(new double[] {5, 5, 5}, new double[] {1, 1 + 1e-12, 1}, new double[] {Double.NaN, 2, 3},
                new double[] {2e9, 3e9, 2.5e9}, new double[] {-1e-6, 1e-6, 0}, new double[] {0.1, 0.2, 0.3});
        for (double[] y : cases) {
            List<String> ticks = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> ticks(Plots.lineChart("t", "x", "y",
                    new double[] {1, 2, 3}, Map.of("s", y), null, null), false), java.util.Arrays.toString(y));
            assertTrue(!ticks.isEmpty() && new java.util.HashSet<>(ticks).size() == ticks.size(),
                    java.util.Arrays.toString(y) + ": " + ticks);
        }
    }

    @Test
    void aOneEpochPlotReadsWell() {
        XYChart chart = Plots.lineChart("loss", "epoch", "loss", new double[] {1},
                Map.of("training loss", new double[] {3.098227226533814}), null, null);
        assertEquals(List.of("3.098"), ticks(chart, false));
        assertEquals(List.of("0", "1", "2"), ticks(chart, true));
    }

    @Test
    void namedYValuesInAnyOrderGetTheirNames() {
        List<String> names = List.of("pizza", "sushi", "waffles");
        for (double[] values : List.of(new double[] {2, 1, 0, 2}, new double[] {0, 1, 2, 0}, new double[] {1, 2, 0, 1})) {
            List<String> y = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> ticks(Plots.lineChart("rota", "day",
                    "dinner", new double[] {1, 2, 3, 4}, Map.of("predicted", values), v -> {
                        long k = Math.round(v);
                        return Math.abs(v - k) < 1e-6 && k >= 0 && k < 3 ? names.get((int) k) : "";
                    }, null), false), "XChart's tick search ends");
            assertEquals(names, y);
        }
    }

    @Test
    void aLogAxisShowsDecadesFittedToTheValues() {
        Map<String, double[]> flow = new LinkedHashMap<>();
        flow.put("h", new double[] {4.6e-3, 2.5e-2, 0.24});
        flow.put("c", new double[] {2.7e-3, 7.7e-2, 0});   // 0 was drawn at 1e-30
        XYChart chart = Plots.logLineChart("gradient", "time step t", "norm", new double[] {1, 2, 3}, flow);
        assertEquals(List.of("0.001", "0.01", "0.1", "1"), ticks(chart, false));
        assertTrue(chart.getXAxisTitle().contains("1 value below 0.001 (or 0) drawn on the bottom edge"),
                chart.getXAxisTitle());
    }

    @Test
    void aLongSeriesRunsAlongRoundYears() {
        // the sunspots, monthly from 1749 (XChart's own date ticks drift: 1750, 1770, ..., 1970, 1989)
        assertRoundSteps(ticks(Plots.timeSeriesChart("sunspots", "Month", "Sunspots", dates(1749, 2820, false),
                Map.of("actual", wave(2820))), true), "1749..1983");
        List<String> airline = ticks(Plots.timeSeriesChart("passengers", "Month", "Passengers", dates(1949, 156, false),
                Map.of("actual", wave(156))), true);
        assertRoundSteps(airline, "1949..1961");
        assertTrue(airline.get(0).matches("19[45]\\d") && airline.size() >= 5, airline.toString());
        // ten years of days, with the 31 December of leap years missing: still years
        List<LocalDate> days = dates(1981, 3650, true);
        assertRoundSteps(ticks(Plots.timeSeriesChart("temp", "Date", "Temp", days, Map.of("actual", wave(3650))), true),
                "1981..1990");
    }

    @Test
    void aShortSeriesRunsAlongMonths() {
        List<String> x = ticks(Plots.timeSeriesChart("t", "Date", "v", dates(2020, 90, true),
                Map.of("actual", wave(90))), true);
        assertTrue(x.size() >= 3, x.toString());
        for (String label : x) {
            assertTrue(label.matches("\\d\\d-\\d\\d"), "month-day: " + x);
        }
    }

    private static List<LocalDate> dates(int fromYear, int n, boolean daily) {
        List<LocalDate> dates = new ArrayList<>();
        LocalDate d = LocalDate.of(fromYear, 1, 1);
        while (dates.size() < n) {
            if (!(d.getMonthValue() == 12 && d.getDayOfMonth() == 31 && d.isLeapYear())) {
                dates.add(d);
            }
            d = daily ? d.plusDays(1) : d.plusMonths(1);
        }
        return dates;
    }

    private static double[] wave(int n) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 100 + i * 0.5 + 40 * Math.sin(i / 2.0);
        }
        return y;
    }

    @Test
    void theChartsAreWrittenAsPngs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.png");
        Plots.logLines(file, "t", "x", "y", new double[] {1, 2}, Map.of("s", new double[] {0, 0}));
        BufferedImage png = ImageIO.read(file.toFile());
        assertNotNull(png);
        assertEquals(Plots.WIDTH, png.getWidth());
    }

    /** Whole numbers, a step of 1, 2 or 5 × 10^k apart, each a multiple of it. */
    private static void assertRoundSteps(List<String> labels, String what) {
        assertTrue(labels.size() >= 3, what + ": " + labels);
        long step = Long.parseLong(labels.get(1)) - Long.parseLong(labels.get(0));
        String digits = Long.toString(step).replaceAll("0+$", "");
        assertTrue(digits.equals("1") || digits.equals("2") || digits.equals("5"), what + ": step " + step + " " + labels);
        for (int i = 0; i < labels.size(); i++) {
            long v = Long.parseLong(labels.get(i));
            assertEquals(0, v % step, what + ": " + labels);
            if (i > 0) {
                assertEquals(step, v - Long.parseLong(labels.get(i - 1)), what + ": " + labels);
            }
        }
    }

    private static double[] epochs(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    private static double[] falling(int n) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 3.2 / (1 + i * 0.01);
        }
        return y;
    }

    /** The labels of the ticks XChart drew inside the x (or y) axis, in order. */
    static List<String> ticks(XYChart chart, boolean x) {
        BufferedImage image = new BufferedImage(Plots.WIDTH, Plots.HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            chart.paint(g, Plots.WIDTH, Plots.HEIGHT);
            Field pair = Chart.class.getDeclaredField("axisPair");
            pair.setAccessible(true);
            AxisPair<?, ?> axes = (AxisPair<?, ?>) pair.get(chart);
            Axis<?, ?> axis;
            if (x) {
                axis = axes.getXAxis();
            } else {
                Method y = AxisPair.class.getDeclaredMethod("getYAxis");
                y.setAccessible(true);
                axis = (Axis<?, ?>) y.invoke(axes);
            }
            double extent = x ? axis.getBounds().getWidth() : axis.getBounds().getHeight();
            List<Double> at = axis.getAxisTickCalculator().getTickLocations();
            List<String> labels = axis.getAxisTickCalculator().getTickLabels();
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < labels.size(); i++) {
                if (labels.get(i) != null && !labels.get(i).isEmpty() && at.get(i) >= 0 && at.get(i) <= extent) {
                    shown.add(labels.get(i));
                }
            }
            return shown;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("XChart's axes cannot be read: " + e, e);
        } finally {
            g.dispose();
        }
    }
}
