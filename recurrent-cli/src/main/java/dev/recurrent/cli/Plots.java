package dev.recurrent.cli;

import dev.recurrent.model.History;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * PNG charts drawn with XChart, headless: line charts (figures per epoch, actual vs predicted) and
 * bar charts. Series take matplotlib's colours in order (blue, orange, green, ...), as the plots of
 * the course material did. Files are written whole or not at all.
 */
final class Plots {
    static final int WIDTH = 800, HEIGHT = 500;
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
    static void history(Path file, String title, History history, String key) {
        List<Integer> epochs = history.epochs();
        double[] x = new double[epochs.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = epochs.get(i) + 1;
        }
        Map<String, double[]> series = new java.util.LinkedHashMap<>();
        series.put("training " + key, toArray(history.get(key)));
        String val = "val_" + key;
        if (history.keys().contains(val)) {
            series.put("validation " + key, toArray(history.get(val)));
        }
        lines(file, title, "epoch", key, x, series, null);
    }

    /**
     * A line chart of several series over the same x values.
     *
     * @param yLabels names for the y tick values (e.g. categories), or null for numbers
     */
    static void lines(Path file, String title, String xTitle, String yTitle, double[] x, Map<String, double[]> series,
                      Function<Double, String> yLabels) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(x.length <= 60 ? 6 : 0);
        if (yLabels != null) {
            chart.getStyler().setyAxisTickLabelsFormattingFunction(yLabels);
        }
        int c = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            if (e.getValue().length != x.length) {
                throw new IllegalArgumentException("plot '" + title + "': series '" + e.getKey() + "' has "
                        + e.getValue().length + " values for " + x.length + " x values");
            }
            XYSeries s = chart.addSeries(e.getKey(), x, e.getValue());
            s.setLineColor(COLORS[c % COLORS.length]);
            s.setMarkerColor(COLORS[c % COLORS.length]);
            s.setMarker(SeriesMarkers.CIRCLE);
            if (c == 0 && series.size() > 1) {
                // the first series (training, actual, the rule) wider, so that one drawn over it shows both
                s.setLineStyle(new BasicStroke(4.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            }
            c++;
        }
        save(chart, file);
    }

    /** As {@link #lines} with a logarithmic y axis; values at or below 0 (or not finite) are drawn at 1e-30. */
    static void logLines(Path file, String title, String xTitle, String yTitle, double[] x, Map<String, double[]> series) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(x.length <= 60 ? 6 : 0);
        chart.getStyler().setYAxisLogarithmic(true);
        int c = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            double[] y = e.getValue().clone();
            for (int i = 0; i < y.length; i++) {
                y[i] = y[i] > 0 && Double.isFinite(y[i]) ? y[i] : 1e-30;
            }
            XYSeries s = chart.addSeries(e.getKey(), x, y);
            s.setLineColor(COLORS[c % COLORS.length]);
            s.setMarkerColor(COLORS[c % COLORS.length]);
            s.setMarker(SeriesMarkers.CIRCLE);
            c++;
        }
        save(chart, file);
    }

    /** A bar chart: for each series, one bar per category. */
    static void bars(Path file, String title, String yTitle, List<String> categories, Map<String, double[]> series) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(series.size() > 1);
        chart.getStyler().setLabelsVisible(true);
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
