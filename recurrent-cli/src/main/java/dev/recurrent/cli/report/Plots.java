package dev.recurrent.cli.report;

import dev.recurrent.cli.run.RunDirectory;
import dev.recurrent.model.History;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.Function;

/**
 * PNG charts drawn with XChart, headless: line charts (figures per epoch, actual vs predicted, over
 * dates), logarithmic ones and bar charts. Series take matplotlib's colours in order (blue, orange,
 * green, ...), as the plots of the lecture notes did. The axes are set up so that XChart's ticks
 * fall on round numbers and read alike (see {@link AxisFormat}, {@link LogAxis}). Files are written
 * whole or not at all; the {@code ...Chart} methods build a chart without drawing it.
 */
public final class Plots {
    static final int WIDTH = 800, HEIGHT = 500;
    /** The shortest span, in years, of a time series whose x axis counts years. */
    static final double YEAR_AXIS = 3;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b)};

    static {
        // before any AWT class loads: no display is needed, nor used
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        // PNGs are encoded in memory: ImageIO's file cache would register a shutdown hook, which
        // fails while the JVM shuts down, i.e. when a demo writes its plots after Ctrl-C
        ImageIO.setUseCache(false);
    }

    private Plots() {
    }

    /**
     * One figure per epoch, training and (if recorded) validation: {@code key} and {@code val_key}
     * of the history, against epochs 1..n.
     */
    public static void history(Path file, String title, History history, String key) {
        List<Integer> epochs = history.epochs();
        double[] x = new double[epochs.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = epochs.get(i) + 1;
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("training " + key, toArray(history.get(key)));
        String val = "val_" + key;
        if (history.keys().contains(val)) {
            series.put("validation " + key, toArray(history.get(val)));
        }
        lines(file, title, "epoch", key, x, series, null);
    }

    /**
     * A line chart of several series over the same x values. Whole-number x values (epochs, steps)
     * get ticks at round numbers; the y ticks all have the same format.
     *
     * @param yLabels names for whole-number y values (categories 0, 1, ...) and "" for any other value,
     *                or null for numbers
     */
    public static void lines(Path file, String title, String xTitle, String yTitle, double[] x, Map<String, double[]> series,
                      Function<Double, String> yLabels) {
        lines(file, title, xTitle, yTitle, x, series, yLabels, null);
    }

    /** As {@link #lines}, with the y axis from {@code yRange[0]} to {@code yRange[1]} (null: fitted to the values). */
    public static void lines(Path file, String title, String xTitle, String yTitle, double[] x, Map<String, double[]> series,
                      Function<Double, String> yLabels, double[] yRange) {
        save(lineChart(title, xTitle, yTitle, x, series, yLabels, yRange), file);
    }

    static XYChart lineChart(String title, String xTitle, String yTitle, double[] x, Map<String, double[]> series,
                             Function<Double, String> yLabels, double[] yRange) {
        XYChart chart = chart(title, xTitle, yTitle, x.length);
        xAxis(chart.getStyler(), x);
        double[] y = yRange != null ? yRange : range(series.values());
        if (yLabels == null) {
            yAxis(chart.getStyler(), y);
        } else {
            // XChart also labels ticks beyond the ends, and gives up on no set of ticks whose labels
            // repeat: a whole number without a name keeps its number, and is not drawn. The ends are
            // the values themselves, as XChart draws no ticks if both ends have the same label.
            chart.getStyler().setyAxisTickLabelsFormattingFunction(v -> {
                String name = yLabels.apply(v);
                return name.isEmpty() ? AxisFormat.wholeNumber(v) : name;
            });
            if (y[0] < y[1]) {
                chart.getStyler().setYAxisMin(y[0]);
                chart.getStyler().setYAxisMax(y[1]);
            }
        }
        int c = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            check(title, e.getKey(), e.getValue().length, x.length);
            add(chart, e.getKey(), x, e.getValue(), c++, series.size());
        }
        return chart;
    }

    /**
     * As {@link #lines} with a logarithmic y axis fitted to the values (see {@link LogAxis}): values far
     * below the largest and 0 are drawn on the bottom edge, and the x axis title says how many.
     */
    public static void logLines(Path file, String title, String xTitle, String yTitle, double[] x, Map<String, double[]> series) {
        save(logLineChart(title, xTitle, yTitle, x, series), file);
    }

    static XYChart logLineChart(String title, String xTitle, String yTitle, double[] x, Map<String, double[]> series) {
        LogAxis axis = LogAxis.of(series.values());
        String note = axis.note();
        XYChart chart = chart(title, note.isEmpty() ? xTitle : xTitle + "  (" + note + ")", yTitle, x.length);
        xAxis(chart.getStyler(), x);
        // log10 of the values on a linear axis: the ticks are whole decades, labelled as values
        chart.getStyler().setYAxisMin((double) axis.low());
        chart.getStyler().setYAxisMax((double) axis.high());
        chart.getStyler().setyAxisTickLabelsFormattingFunction(LogAxis::label);
        int c = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            check(title, e.getKey(), e.getValue().length, x.length);
            add(chart, e.getKey(), x, axis.positions(e.getValue()), c++, 1);
        }
        return chart;
    }

    /**
     * A line chart over calendar dates: over three years or more, the x axis counts years (ticks at
     * round years, as 1950, 1960, ...), else XChart's date axis (months or days).
     */
    public static void timeSeries(Path file, String title, String xTitle, String yTitle, List<LocalDate> dates,
                           Map<String, double[]> series) {
        save(timeSeriesChart(title, xTitle, yTitle, dates, series), file);
    }

    static XYChart timeSeriesChart(String title, String xTitle, String yTitle, List<LocalDate> dates,
                                   Map<String, double[]> series) {
        double[] years = new double[dates.size()];
        for (int i = 0; i < years.length; i++) {
            years[i] = SeriesDates.year(dates.get(i));
        }
        if (years.length > 1 && years[years.length - 1] - years[0] >= YEAR_AXIS) {
            XYChart chart = lineChart(title, xTitle, yTitle, years, series, null, null);
            // the ticks of the years, not of fractions of them (see xAxis for the thousandth)
            chart.getStyler().setxAxisTickLabelsFormattingFunction(AxisFormat::wholeNumber);
            chart.getStyler().setXAxisMin(years[0]);
            chart.getStyler().setXAxisMax(years[years.length - 1] + 1e-3);
            return chart;
        }
        XYChart chart = chart(title, xTitle, yTitle, dates.size());
        chart.getStyler().setTimezone(TimeZone.getTimeZone(ZoneOffset.UTC));
        yAxis(chart.getStyler(), range(series.values()));
        List<Date> x = new ArrayList<>(dates.size());
        for (LocalDate d : dates) {
            x.add(Date.from(d.atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        int c = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            check(title, e.getKey(), e.getValue().length, x.size());
            List<Double> y = new ArrayList<>(x.size());
            for (double v : e.getValue()) {
                y.add(v);
            }
            XYSeries s = chart.addSeries(e.getKey(), x, y);
            colour(s, c++, series.size());
        }
        return chart;
    }

    /** A bar chart: for each series, one bar per category. */
    public static void bars(Path file, String title, String yTitle, List<String> categories, Map<String, double[]> series) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(series.size() > 1);
        chart.getStyler().setLabelsVisible(true);
        double[] range = range(series.values());
        chart.getStyler().setyAxisTickLabelsFormattingFunction(AxisFormat.labels(Math.min(0, range[0]), range[1]));
        int c = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            List<Double> values = new ArrayList<>();
            for (double v : e.getValue()) {
                values.add(v);
            }
            chart.addSeries(e.getKey(), categories, values).setFillColor(COLORS[c++ % COLORS.length]);
        }
        save(chart, file);
    }

    private static XYChart chart(String title, String xTitle, String yTitle, int points) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(points <= 60 ? 6 : 0);
        return chart;
    }

    /**
     * Whole-number x values (epochs, time steps, lengths) are labelled as such, at round numbers: XChart
     * puts the ticks of equally spaced x values on data points (1, 21, 41, ...), unless the axis ends
     * off their grid, so its end is moved by a thousandth. One value gets an axis of its neighbours.
     */
    private static void xAxis(XYStyler styler, double[] x) {
        double[] range = range(List.of(x));
        if (x.length == 0 || !isWholeNumbers(x)) {
            styler.setxAxisTickLabelsFormattingFunction(AxisFormat.labels(range[0], range[1]));
            return;
        }
        styler.setxAxisTickLabelsFormattingFunction(AxisFormat::wholeNumber);
        if (range[0] == range[1]) {
            styler.setXAxisMin(range[0] - 1);
            styler.setXAxisMax(range[0] + 1);
        } else {
            styler.setXAxisMin(range[0]);
            styler.setXAxisMax(range[1] + 1e-3);
        }
    }

    /**
     * The y axis from {@code range[0]} to {@code range[1]}, its ticks at round values (for the same
     * reason as in {@link #xAxis}, both ends are moved out by a thousandth of the span: with the
     * values, they must not make an equally spaced set, as the ends and one value would); an axis
     * of one value (or of values the same to 9 digits) has one tick, at it.
     */
    private static void yAxis(XYStyler styler, double[] range) {
        styler.setyAxisTickLabelsFormattingFunction(AxisFormat.labels(range[0], range[1]));
        if (AxisFormat.isOneValue(range[0], range[1])) {
            double middle = (range[0] + range[1]) / 2;
            styler.setYAxisMin(middle);
            styler.setYAxisMax(middle);
        } else {
            double margin = (range[1] - range[0]) * 1e-3;
            styler.setYAxisMin(range[0] - margin);
            styler.setYAxisMax(range[1] + margin);
        }
    }

    static boolean isWholeNumbers(double[] x) {
        for (double v : x) {
            if (!Double.isFinite(v) || v != Math.rint(v)) {
                return false;
            }
        }
        return true;
    }

    /** {min, max} of the finite values; {0, 1} if there are none. */
    static double[] range(Iterable<double[]> series) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double[] s : series) {
            for (double v : s) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return min <= max ? new double[] {min, max} : new double[] {0, 1};
    }

    private static void check(String title, String name, int values, int xs) {
        if (values != xs) {
            throw new IllegalArgumentException("plot '" + title + "': series '" + name + "' has " + values
                    + " values for " + xs + " x values");
        }
    }

    private static void add(XYChart chart, String name, double[] x, double[] y, int c, int count) {
        colour(chart.addSeries(name, x, y), c, count);
    }

    private static void colour(XYSeries s, int c, int count) {
        s.setLineColor(COLORS[c % COLORS.length]);
        s.setMarkerColor(COLORS[c % COLORS.length]);
        s.setMarker(SeriesMarkers.CIRCLE);
        if (c == 0 && count > 1) {
            // the first series (training, actual, the rule) wider, so that one drawn over it shows both;
            // less so when its points are too many to keep the line's ups and downs apart
            float width = s.getXData().length <= 300 ? 4.5f : 2.5f;
            s.setLineStyle(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        }
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);   // below the plot: never over a curve
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setChartTitleBoxVisible(false);
        s.setAntiAlias(true);
    }

    private static void save(Chart<?, ?> chart, Path file) {
        try {
            RunDirectory.writeAtomically(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + file + ": " + e.getMessage(), e);
        }
    }

    private static double[] toArray(List<Double> values) {
        double[] a = new double[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i);
        }
        return a;
    }
}
