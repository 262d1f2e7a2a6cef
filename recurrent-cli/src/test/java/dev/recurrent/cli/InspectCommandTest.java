package dev.recurrent.cli;

import dev.recurrent.cli.DemoCommandsTest.Run;
import dev.recurrent.cli.report.GateHeatmaps;
import dev.recurrent.io.ModelFiles;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.GateTrace;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.loss.MeanSquaredError;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import dev.recurrent.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.recurrent.cli.DemoCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code recurrent inspect}: pictures and report from a trained model, the heatmap data, and the errors. */
public class InspectCommandTest {

    private static void assertNonEmptyPng(Path p) throws Exception {
        assertTrue(Files.isRegularFile(p), p + " missing");
        assertTrue(Files.size(p) > 200, p + " is (nearly) empty");
        assertNotNull(ImageIO.read(p.toFile()), p + " is not a picture");
    }

    private static Path trainedForecaster(Path dir) throws Exception {
        Path csv = CellVariantsCliTest.series(dir);
        Path out = dir.resolve("trained");
        Run r = run("train", "forecast", "--csv", csv.toString(), "--column", "Value", "--look-back", "5",
                "--difference", "1", "--units", "4", "--epochs", "2", "--batch", "8", "--quiet", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        return out;
    }

    @Test
    void inspectsATrainedForecaster(@TempDir Path dir) throws Exception {
        Path trained = trainedForecaster(dir);
        Path csv = dir.resolve("series.csv");
        Path out = dir.resolve("inspect");
        Run r = run("inspect", "--model", trained.resolve("forecast.model").toString(), "--csv", csv.toString(),
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        for (String f : new String[] {"gate-i.png", "gate-f.png", "gate-c.png", "gate-o.png", "state-c.png", "state-h.png"}) {
            assertNonEmptyPng(out.resolve(f));
        }
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<img ") && html.contains("forget gate f"), "report with the pictures");
        for (String gate : new String[] {"i", "f", "o"}) {
            assertTrue(r.out().matches("(?s).*\\n  " + gate + "\\s+mean -?\\d\\.\\d{3}, < 0\\.05: +\\d+\\.\\d%, > 0\\.95: +\\d+\\.\\d%.*"),
                    "a summary line for gate " + gate + ": " + r.out());
        }
        assertTrue(r.out().contains("over 5 steps"), r.out());
        assertTrue(r.out().matches("(?s).*\\n  h_t  mean -?\\d\\.\\d{3}, mean \\|v\\| \\d\\.\\d{3}, range \\[.*"), r.out());

        // the run directory and --input give the same: the sidecar's preprocessing applies to both
        String values = String.join(" ", Files.readAllLines(csv).stream().skip(1).map(l -> l.split(",")[1]).toList());
        Run r2 = run("inspect", "--model", trained.toString(), "--input", values, "--out", dir.resolve("i2").toString());
        assertEquals(0, r2.code(), r2.err());
        assertEquals(r.out().lines().skip(1).limit(6).toList(), r2.out().lines().skip(1).limit(6).toList());
    }

    @Test
    void inspectsATrainedClassifierWithText(@TempDir Path dir) throws Exception {
        Path file = TrainPredictCommandsTest.labelled(dir, "pos", "neg");
        Path trained = dir.resolve("c");
        Run train = run("train", "classify", "--file", file.toString(), "--epochs", "1", "--units", "4", "--cell", "cifg",
                "--embedding-dim", "4", "--batch", "16", "--quiet", "--out", trained.toString());
        assertEquals(0, train.code(), train.err());
        Path out = dir.resolve("i");
        Run r = run("inspect", "--model", trained.toString(), "--text", "a film pos b", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        for (String f : new String[] {"gate-f.png", "gate-c.png", "gate-o.png", "state-c.png", "state-h.png"}) {
            assertNonEmptyPng(out.resolve(f));
        }
        assertFalse(Files.exists(out.resolve("gate-i.png")), "CIFG has no input gate of its own");
        assertTrue(Files.readString(out.resolve("report.html")).contains("a film pos b"), "the tokens label the steps");
        Run csv = run("inspect", "--model", trained.toString(), "--csv", file.toString(), "--out", dir.resolve("x").toString());
        assertEquals(2, csv.code());
    }

    @Test
    void heatmapValuesAreTheTraceValues() {
        Sequential m = new Sequential().input(7, 2).seed(4).add(LSTM.of(5)).add(Dense.of(1, "linear"))
                .compile(new Adam(), new MeanSquaredError());
        float[] x = new float[14];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        m.predict(Tensor.of(x, 1, 7, 2), 1);
        GateTrace trace = ((Recurrent) m.layers().get(0)).gateTrace(0);
        List<GateHeatmaps.Heatmap> maps = GateHeatmaps.maps(trace, "p-");
        assertEquals(6, maps.size());
        for (int k = 0; k < 4; k++) {
            GateHeatmaps.Heatmap h = maps.get(k);
            assertEquals("p-gate-" + trace.gateNames()[k] + ".png", h.file());
            assertEquals(5, h.values().length);
            assertEquals(7, h.values()[0].length);
            for (int t = 0; t < 7; t++) {
                for (int u = 0; u < 5; u++) {
                    assertEquals(trace.gates()[k][t][u], h.values()[u][t], 0.0);
                }
            }
        }
        assertEquals(0, maps.get(1).lo());   // f: a gate, 0..1
        assertEquals(1, maps.get(1).hi());
        assertEquals(-1, maps.get(2).lo());  // the tanh candidate: ±1
        for (int s = 0; s < 2; s++) {
            GateHeatmaps.Heatmap h = maps.get(4 + s);
            float[][] expected = s == 0 ? trace.cellState() : trace.hidden();
            double max = 0;
            for (int t = 0; t < 7; t++) {
                for (int u = 0; u < 5; u++) {
                    assertEquals(expected[t][u], h.values()[u][t], 0.0);
                    max = Math.max(max, Math.abs(expected[t][u]));
                }
            }
            assertEquals(max, h.hi(), 0.0, "a symmetric scale to max |v|");
            assertEquals(-max, h.lo(), 0.0);
        }
    }

    @Test
    void pictureHasOneCellPerStepAndUnit() throws Exception {
        double[][] v = {{0, 1}, {0.5, 0.25}, {1, 0}};
        GateHeatmaps.Heatmap h = new GateHeatmaps.Heatmap("f", "forget gate f", "f.png", v, 0, 1, true);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(GateHeatmaps.png(h, List.of("A", "B"), "lstm")));
        assertTrue(img.getWidth() > 100 && img.getHeight() > 100);
        assertEquals(GateHeatmaps.colour(h, 1).getRGB(), GateHeatmaps.colour(h, 5).getRGB(), "clamped to the scale");
        assertFalse(GateHeatmaps.colour(h, 0).equals(GateHeatmaps.colour(h, 1)));
    }

    @Test
    void plainModelWithInputNumbers(@TempDir Path dir) throws Exception {
        Sequential m = new Sequential().input(3, 2).seed(1).add(GRU.builder(4).resetAfter(false).build()).add(Dense.of(1, "linear"))
                .compile(new Adam(), new MeanSquaredError());
        m.build();
        Path file = dir.resolve("gru.model");
        ModelFiles.save(m, file);
        Path out = dir.resolve("o");
        Run r = run("inspect", "--model", file.toString(), "--input", "0.1 0.2 0.3 0.4 0.5 0.6", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        for (String f : new String[] {"gate-z.png", "gate-r.png", "gate-h.png", "state-h.png"}) {
            assertNonEmptyPng(out.resolve(f));
        }
        assertFalse(Files.exists(out.resolve("state-c.png")), "a GRU has no cell state");
        Run odd = run("inspect", "--model", file.toString(), "--input", "0.1 0.2 0.3", "--out", dir.resolve("x").toString());
        assertEquals(2, odd.code(), odd.out());
        assertEquals(1, odd.err().lines().count(), odd.err());
    }

    @Test
    void badArgumentsExitWithTwo(@TempDir Path dir) throws Exception {
        Path trained = trainedForecaster(dir);
        String model = trained.resolve("forecast.model").toString();
        String csv = dir.resolve("series.csv").toString();
        String[][] cases = {
                {"inspect", "--model", model},                                             // no sequence
                {"inspect", "--model", model, "--csv", csv, "--input", "1 2 3"},           // two
                {"inspect", "--model", dir.resolve("nope.model").toString(), "--input", "1 2"},
                {"inspect", "--model", model, "--input", "1 2 3"},                         // too short
                {"inspect", "--model", model, "--input", "1 2 x 4 5 6 7"},                 // not a number
                {"inspect", "--model", model, "--text", "a b c"},                          // text for a forecaster
                {"inspect", "--model", model, "--csv", csv, "--layer", "nope"},
                {"inspect", "--model", model, "--csv", csv, "--column", "Nope"},
        };
        for (String[] c : cases) {
            Path out = dir.resolve("bad");
            String[] args = java.util.Arrays.copyOf(c, c.length + 2);
            args[c.length] = "--out";
            args[c.length + 1] = out.toString();
            Run r = run(args);
            assertEquals(2, r.code(), String.join(" ", c) + ": " + r.out() + r.err());
            assertTrue(r.err().startsWith("error: ") && r.err().lines().count() <= 2, r.err());
            assertFalse(Files.exists(out), "nothing written on an error: " + String.join(" ", c));
        }
        String dense = ModelFiles.load(trained.resolve("forecast.model")).layers().get(1).name();
        Run r = run("inspect", "--model", model, "--csv", csv, "--layer", dense, "--out", dir.resolve("d").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not a recurrent layer"), r.err());
    }
}
