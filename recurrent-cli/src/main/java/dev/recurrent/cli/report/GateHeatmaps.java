package dev.recurrent.cli.report;

import dev.recurrent.cli.run.RunDirectory;
import dev.recurrent.layers.GateTrace;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Heatmaps of a {@link GateTrace}: one picture per gate, the cell state (LSTM kinds) and the hidden
 * state, time steps along x and units along y. Gates are drawn on a fixed 0..1 scale (white to dark
 * blue); states on a symmetric scale ±max|v| (blue, white at 0, red). Drawn with Java2D, so the
 * picture does not depend on a chart library's layout. {@link #maps} is the data preparation
 * (tested against the trace), {@link #png} the drawing, {@link #write} both plus a report section.
 */
public final class GateHeatmaps {
    /** Gate thresholds of the summary: "nearly closed" and "nearly open". */
    static final double CLOSED = 0.05, OPEN = 0.95;

    private static final String[][] GATE_TITLES = {
            {"i", "input gate i"}, {"f", "forget gate f"}, {"o", "output gate o"}, {"c", "candidate c~ = tanh(z_c)"},
            {"z", "update gate z"}, {"r", "reset gate r"}, {"h", "candidate h~"}};

    /**
     * One heatmap: {@code values[unit][step]}, drawn between {@code lo} and {@code hi}.
     *
     * @param file  the file name, e.g. {@code gate-f.png}
     * @param gate  true for a gate (sequential 0..1 colours), false for a state (diverging)
     */
    public record Heatmap(String name, String title, String file, double[][] values, double lo, double hi, boolean gate) {
    }

    private GateHeatmaps() {
    }

    /** {@code stepUnit[step][unit]} as {@code [unit][step]}: the rows of the picture are units. */
    static double[][] grid(float[][] stepUnit) {
        int steps = stepUnit.length, units = steps == 0 ? 0 : stepUnit[0].length;
        double[][] g = new double[units][steps];
        for (int t = 0; t < steps; t++) {
            for (int u = 0; u < units; u++) {
                g[u][t] = stepUnit[t][u];
            }
        }
        return g;
    }

    /** The heatmaps of a trace: each gate (0..1, except the tanh candidate, ±1), then c (if any) and h, symmetric. */
    public static List<Heatmap> maps(GateTrace trace, String prefix) {
        List<Heatmap> maps = new ArrayList<>();
        boolean lstm = trace.cellState() != null;
        for (int k = 0; k < trace.gateNames().length; k++) {
            String n = trace.gateNames()[k];
            boolean candidate = lstm ? n.equals("c") : n.equals("h");
            maps.add(new Heatmap(n, title(n), prefix + "gate-" + n + ".png", grid(trace.gates()[k]),
                    candidate ? -1 : 0, 1, !candidate));
        }
        if (lstm) {
            double[][] c = grid(trace.cellState());
            double m = maxAbs(c);
            maps.add(new Heatmap("c_t", "cell state c_t", prefix + "state-c.png", c, -m, m, false));
        }
        double[][] h = grid(trace.hidden());
        double m = maxAbs(h);
        maps.add(new Heatmap("h_t", "hidden state h_t", prefix + "state-h.png", h, -m, m, false));
        return maps;
    }

    private static String title(String gate) {
        for (String[] t : GATE_TITLES) {
            if (t[0].equals(gate)) {
                return t[1];
            }
        }
        return "gate " + gate;
    }

    /** max |v|, at least 1e-6 so that the scale is never empty. */
    static double maxAbs(double[][] g) {
        double m = 1e-6;
        for (double[] row : g) {
            for (double v : row) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    /**
     * Over all steps and units: for a gate "f    mean 0.532, < 0.05: 3.1%, > 0.95: 10.0%", the shares
     * nearly closed and nearly open; for the tanh candidate and the states the mean, the mean |v| and the range.
     */
    static String summary(Heatmap map) {
        long n = 0, closed = 0, open = 0;
        double sum = 0, abs = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double[] row : map.values()) {
            for (double v : row) {
                n++;
                sum += v;
                abs += Math.abs(v);
                min = Math.min(min, v);
                max = Math.max(max, v);
                closed += v < CLOSED ? 1 : 0;
                open += v > OPEN ? 1 : 0;
            }
        }
        n = Math.max(n, 1);
        if (!map.gate()) {
            return String.format(Locale.ROOT, "%-4s mean %.3f, mean |v| %.3f, range [%.3f, %.3f]  (%s)", map.name(),
                    sum / n, abs / n, min, max, map.title());
        }
        return String.format(Locale.ROOT, "%-4s mean %.3f, < %.2f: %5.1f%%, > %.2f: %5.1f%%  (%s)", map.name(),
                sum / n, CLOSED, 100.0 * closed / n, OPEN, 100.0 * open / n, map.title());
    }

    /** The colour of v on the map's scale. */
    public static Color colour(Heatmap map, double v) {
        double x = (v - map.lo()) / (map.hi() - map.lo());
        x = Double.isFinite(x) ? Math.max(0, Math.min(1, x)) : 0.5;
        if (map.gate()) {   // white -> dark blue
            return mix(new Color(255, 255, 255), new Color(8, 48, 107), x);
        }
        return x < 0.5 ? mix(new Color(33, 102, 172), Color.WHITE, x * 2) : mix(Color.WHITE, new Color(178, 24, 43), (x - 0.5) * 2);
    }

    private static Color mix(Color a, Color b, double x) {
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * x),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * x),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * x));
    }

    /** The picture of one map as PNG bytes; {@code stepLabels} (one per step, or null for 0, 1, ...) along x. */
    public static byte[] png(Heatmap map, List<String> stepLabels, String heading) {
        int units = map.values().length, steps = units == 0 ? 0 : map.values()[0].length;
        // small enough that several stand side by side in the report
        int cw = Math.max(4, Math.min(48, 480 / Math.max(1, steps)));
        int ch = Math.max(3, Math.min(16, 320 / Math.max(1, units)));
        int left = 60, top = 50, bottom = 60, right = 90;
        int w = left + cw * steps + right, h = top + ch * units + bottom;
        BufferedImage img = new BufferedImage(Math.max(w, 330), h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            for (int u = 0; u < units; u++) {
                for (int t = 0; t < steps; t++) {
                    g.setColor(colour(map, map.values()[u][t]));
                    g.fillRect(left + t * cw, top + u * ch, cw, ch);
                }
            }
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1));
            g.drawRect(left, top, cw * steps, ch * units);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(heading + ": " + map.title(), 10, 20);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            FontMetrics fm = g.getFontMetrics();
            int every = Math.max(1, (int) Math.ceil(steps * 28.0 / Math.max(1, cw * steps)));
            for (int t = 0; t < steps; t += every) {
                String s = stepLabels != null && t < stepLabels.size() ? stepLabels.get(t) : String.valueOf(t);
                if (s.length() > 6) {
                    s = s.substring(0, 6);
                }
                g.drawString(s, left + t * cw + (cw - fm.stringWidth(s)) / 2, top + ch * units + 14);
            }
            g.drawString("time step →", left, top + ch * units + 34);
            int uEvery = Math.max(1, (int) Math.ceil(12.0 / ch));
            for (int u = 0; u < units; u += uEvery) {
                String s = String.valueOf(u);
                g.drawString(s, left - 6 - fm.stringWidth(s), top + u * ch + ch / 2 + 4);
            }
            g.drawString("unit", 8, top - 8);
            // colour bar
            int bx = left + cw * steps + 30, bh = Math.max(60, ch * units);
            for (int y = 0; y < bh; y++) {
                g.setColor(colour(map, map.hi() - (map.hi() - map.lo()) * y / (double) (bh - 1)));
                g.fillRect(bx, top + y, 16, 1);
            }
            g.setColor(Color.GRAY);
            g.drawRect(bx, top, 16, bh);
            g.setColor(Color.BLACK);
            g.drawString(format(map.hi()), bx + 20, top + 10);
            g.drawString(format(map.lo()), bx + 20, top + bh);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + map.file() + ": " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    private static String format(double v) {
        return Math.abs(v) >= 100 || (Math.abs(v) < 0.01 && v != 0) ? String.format(Locale.ROOT, "%.2g", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    /**
     * Writes the pictures of {@code trace} into {@code dir} (file names with {@code prefix}), adds them to
     * {@code section}, and returns the summary lines, one per map.
     */
    public static List<String> write(GateTrace trace, List<String> stepLabels, String heading, Path dir, String prefix,
                              HtmlReport.Section section) {
        List<String> lines = new ArrayList<>();
        for (Heatmap m : maps(trace, prefix)) {
            RunDirectory.writeAtomically(dir.resolve(m.file()), png(m, stepLabels, heading));
            if (section != null) {
                section.smallImage(m.file(), heading + ": " + m.title() + (m.gate() ? " (0..1)" : String.format(Locale.ROOT,
                        " (scale ±%s)", format(m.hi()))));
            }
            lines.add(summary(m));
        }
        if (section != null) {
            section.pre(String.join("\n", lines));
        }
        return lines;
    }
}
