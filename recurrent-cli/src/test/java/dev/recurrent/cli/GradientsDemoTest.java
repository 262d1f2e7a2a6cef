package dev.recurrent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code recurrent demo gradients --quick} end to end: the tables, the plots and the report. */
class GradientsDemoTest {

    @Test
    void quickRunWritesPlotsAndReport(@TempDir Path dir) throws Exception {
        DemoCommandsTest.Run r = DemoCommandsTest.run("demo", "gradients", "--quick", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Test accuracy (chance 25%)"), r.out());
        assertTrue(r.out().contains("simple_rnn ‖∂L/∂h_t‖") && r.out().contains("lstm ‖∂L/∂c_t‖"), r.out());
        assertTrue(r.out().contains("clipped at 1.0") && r.out().contains("(after clipping 1.00)"), r.out());
        for (String png : new String[] {"accuracy-by-length.png", "gradient-by-step.png", "exploding-loss.png",
                "exploding-grad-norm.png"}) {
            Path p = dir.resolve(png);
            assertTrue(Files.isRegularFile(p) && Files.size(p) > 1000, png);
        }
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("Part 1") && html.contains("Part 2") && html.contains("gradient-by-step.png"));
    }

    @Test
    void refusesAnUnknownCell(@TempDir Path dir) {
        DemoCommandsTest.Run r = DemoCommandsTest.run("demo", "gradients", "--cells", "rnn", "--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--cells: expected simple_rnn, lstm or gru, got 'rnn'"), r.err());
    }

    @Test
    void recallTaskLabelsTheFirstSymbol() {
        var d = GradientsDemo.recallTask(5, 7, 3);
        float[] x = d[0].data(), y = d[1].data();
        for (int i = 0; i < 5; i++) {
            for (int k = 0; k < GradientsDemo.SYMBOLS; k++) {
                assertEquals(x[i * 7 * GradientsDemo.FEATURES + k], y[i * GradientsDemo.SYMBOLS + k]);
            }
        }
    }
}
