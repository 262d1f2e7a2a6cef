package dev.recurrent.cli;

import dev.recurrent.cli.DemoCommandsTest.Run;
import dev.recurrent.io.ModelFiles;
import dev.recurrent.layers.CifgLSTM;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.PeepholeLSTM;
import dev.recurrent.model.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static dev.recurrent.cli.DemoCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --cell} with the LSTM and GRU variants: each command trains one, and the saved model loads as it. */
public class CellVariantsCliTest {

    static Path series(Path dir) throws Exception {
        StringBuilder s = new StringBuilder("Month,Value\n");
        for (int i = 0; i < 40; i++) {
            s.append(String.format(Locale.ROOT, "m%d,%.1f%n", i + 1, 100 + 2.0 * i + 10 * Math.sin(2 * Math.PI * i / 12)));
        }
        Path f = dir.resolve("series.csv");
        Files.writeString(f, s);
        return f;
    }

    private static Layer firstLayer(Path model) throws Exception {
        Sequential m = ModelFiles.load(model);
        return m.layers().stream().filter(l -> l instanceof dev.recurrent.layers.Recurrent).findFirst().orElseThrow();
    }

    @Test
    void trainForecastWithEachVariant(@TempDir Path dir) throws Exception {
        Path csv = series(dir);
        for (String cell : new String[] {"peephole", "cifg", "gru_reset_before"}) {
            Path out = dir.resolve(cell);
            Run r = run("train", "forecast", "--csv", csv.toString(), "--column", "Value", "--look-back", "4",
                    "--units", "3", "--epochs", "2", "--batch", "8", "--cell", cell, "--quiet", "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            Layer l = firstLayer(out.resolve("forecast.model"));
            switch (cell) {
                case "peephole": assertInstanceOf(PeepholeLSTM.class, l); break;
                case "cifg": assertInstanceOf(CifgLSTM.class, l); break;
                default:
                    assertInstanceOf(GRU.class, l);
                    assertEquals(false, l.getConfig().get("reset_after"), "reset_after=false kept");
            }
        }
        Run bad = run("train", "forecast", "--csv", csv.toString(), "--cell", "nope", "--out", dir.resolve("bad").toString());
        assertEquals(2, bad.code());
    }

    @Test
    void salesWithAVariant(@TempDir Path dir) throws Exception {
        Run r = run("demo", "sales", "--cell", "peephole", "--epochs", "2", "--quiet", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("PeepholeLSTM(4"), r.out());
        assertInstanceOf(PeepholeLSTM.class, firstLayer(dir.resolve("peephole.model")));
        assertTrue(Files.size(dir.resolve("simple_rnn.model")) > 0);
        assertEquals(2, run("demo", "sales", "--cell", "rnn", "--out", dir.resolve("b").toString()).code());
    }

    @Test
    void additionWithAVariant(@TempDir Path dir) throws Exception {
        Run r = run("demo", "addition", "--cell", "cifg", "--samples", "100", "--epochs", "1", "--units", "8",
                "--quiet", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertInstanceOf(CifgLSTM.class, firstLayer(dir.resolve("cifg.model")));
    }
}
