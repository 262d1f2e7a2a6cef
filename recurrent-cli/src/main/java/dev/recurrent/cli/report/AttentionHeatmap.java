package dev.recurrent.cli.report;

import dev.recurrent.cli.run.RunDirectory;

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

/**
 * Which input characters each output character attended to: one row per output character, one column
 * per input character, the attention weight (0..1) from white to dark blue, each axis labelled with
 * its characters. Drawn with Java2D as {@link GateHeatmaps}.
 */
public final class AttentionHeatmap {
    private static final int CELL = 16;

    private AttentionHeatmap() {
    }

    /** {@code weights[output][input]} as PNG bytes. */
    public static byte[] png(float[][] weights, String input, String output, String heading) {
        int rows = weights.length, cols = input.length();
        int left = 40, top = 50, right = 70, bottom = 20;
        BufferedImage img = new BufferedImage(Math.max(left + cols * CELL + right, 360), top + rows * CELL + bottom + 16,
                BufferedImage.TYPE_INT_RGB);
        GateHeatmaps.Heatmap scale = new GateHeatmaps.Heatmap("a", heading, "", new double[0][0], 0, 1, true);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols && c < weights[r].length; c++) {
                    g.setColor(GateHeatmaps.colour(scale, weights[r][c]));
                    g.fillRect(left + c * CELL, top + r * CELL, CELL, CELL);
                }
            }
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1));
            g.drawRect(left, top, cols * CELL, rows * CELL);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString(heading, 8, 18);
            g.setFont(new Font(Font.MONOSPACED, Font.BOLD, 12));
            FontMetrics fm = g.getFontMetrics();
            for (int c = 0; c < cols; c++) {
                String s = input.charAt(c) == ' ' ? "·" : String.valueOf(input.charAt(c));
                g.drawString(s, left + c * CELL + (CELL - fm.stringWidth(s)) / 2, top - 6);
            }
            for (int r = 0; r < rows && r < output.length(); r++) {
                String s = String.valueOf(output.charAt(r));
                g.drawString(s, left - 8 - fm.stringWidth(s), top + r * CELL + CELL / 2 + 4);
            }
            int bx = left + cols * CELL + 24, bh = Math.max(48, rows * CELL);
            for (int y = 0; y < bh; y++) {
                g.setColor(GateHeatmaps.colour(scale, 1 - y / (double) (bh - 1)));
                g.fillRect(bx, top + y, 12, 1);
            }
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString("1", bx + 16, top + 10);
            g.drawString("0", bx + 16, top + bh);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + heading + ": " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** Writes the picture as {@code file} in {@code dir} and shows it, small, in {@code section}. */
    public static void write(float[][] weights, String input, String output, String heading, Path dir, String file,
                             HtmlReport.Section section) {
        RunDirectory.writeAtomically(dir.resolve(file), png(weights, input, output, heading));
        section.smallImage(file, heading);
    }
}
