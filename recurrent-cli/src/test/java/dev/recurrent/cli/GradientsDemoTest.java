package dev.recurrent.cli;

import dev.recurrent.cli.demos.GradientsTasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code recurrent demo gradients --quick} end to end: the tables, the plots and the report. */
public class GradientsDemoTest {

    @Test
    void quickRunWritesPlotsAndReport(@TempDir Path dir) throws Exception {
        DemoCommandsTest.Run r = DemoCommandsTest.run("demo", "gradients", "--quick", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Test MSE (baseline, always 1.0: "), r.out());
        assertTrue(r.out().contains("simple_rnn ‖∂L/∂h_t‖") && r.out().contains("lstm ‖∂L/∂c_t‖"), r.out());
        assertTrue(r.out().contains("clipped at 1.0") && r.out().contains("(after clipping 1.00)"), r.out());
        for (String png : new String[] {"mse-by-length.png", "gradient-by-step.png", "exploding-loss.png",
                "exploding-grad-norm.png"}) {
            Path p = dir.resolve(png);
            assertTrue(Files.isRegularFile(p) && Files.size(p) > 1000, png);
        }
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("Part 1") && html.contains("Part 2") && html.contains("gradient-by-step.png"));
    }

    @Test
    void theSameSeedPrintsTheSameFigures(@TempDir Path dir) {
        String[] figures = new String[2];
        for (int i = 0; i < 2; i++) {
            DemoCommandsTest.Run r = DemoCommandsTest.run("demo", "gradients", "--quick", "--out", dir.resolve("r" + i).toString());
            assertEquals(0, r.code(), r.err());
            figures[i] = r.out().lines().filter(l -> !l.contains("writing to") && !l.startsWith("Finished in"))
                    .collect(java.util.stream.Collectors.joining("\n"));
        }
        assertTrue(figures[0].contains("simple_rnn ‖∂L/∂h_t‖") && figures[0].contains("grad norm max"), figures[0]);
        assertEquals(figures[0], figures[1]);
    }

    @Test
    void quickRecallRunPrintsAccuracy(@TempDir Path dir) {
        DemoCommandsTest.Run r = DemoCommandsTest.run("demo", "gradients", "--quick", "--task", "recall", "--cells", "simple_rnn",
                "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Test accuracy (chance 25%)"), r.out());
        assertTrue(Files.isRegularFile(dir.resolve("accuracy-by-length.png")), "the recall task plots accuracy");
        assertFalse(Files.exists(dir.resolve("mse-by-length.png")), "the recall task has no MSE");
    }

    @Test
    void refusesAnUnknownTask(@TempDir Path dir) {
        DemoCommandsTest.Run r = DemoCommandsTest.run("demo", "gradients", "--task", "copy", "--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--task: expected adding or recall, got 'copy'"), r.err());
    }

    @Test
    void addingTaskSumsTheTwoMarkedValues() {
        int n = 50, t = 9, f = GradientsTasks.ADDING_FEATURES;
        var d = GradientsTasks.addingTask(n, t, 4);
        float[] x = d[0].data(), y = d[1].data();
        for (int i = 0; i < n; i++) {
            int first = 0, second = 0;
            double sum = 0;
            for (int s = 0; s < t; s++) {
                float v = x[(i * t + s) * f], m = x[(i * t + s) * f + 1];
                assertTrue(v >= 0 && v < 1 && (m == 0 || m == 1));
                if (m == 1) {
                    sum += v;
                    if (s < t / 2) {
                        first++;
                    } else {
                        second++;
                    }
                }
            }
            assertEquals(1, first);
            assertEquals(1, second);
            assertEquals(sum, y[i], 1e-6);
        }
        double base = GradientsTasks.addingBaseline(GradientsTasks.addingTask(20000, 10, 5)[1]);
        assertEquals(1.0 / 6, base, 0.01);
    }

    @Test
    void refusesAnUnknownCell(@TempDir Path dir) {
        DemoCommandsTest.Run r = DemoCommandsTest.run("demo", "gradients", "--cells", "rnn", "--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--cells: expected simple_rnn, lstm or gru, got 'rnn'"), r.err());
    }

    @Test
    void recallTaskLabelsTheFirstSymbol() {
        var d = GradientsTasks.recallTask(5, 7, 3);
        float[] x = d[0].data(), y = d[1].data();
        for (int i = 0; i < 5; i++) {
            for (int k = 0; k < GradientsTasks.SYMBOLS; k++) {
                assertEquals(x[i * 7 * GradientsTasks.FEATURES + k], y[i * GradientsTasks.SYMBOLS + k]);
            }
        }
    }
}
