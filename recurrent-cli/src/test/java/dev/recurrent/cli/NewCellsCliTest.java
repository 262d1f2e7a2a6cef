package dev.recurrent.cli;

import dev.recurrent.cli.DemoCommandsTest.Run;
import dev.recurrent.io.ModelFiles;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.LayerNormGRU;
import dev.recurrent.layers.LayerNormLSTM;
import dev.recurrent.layers.MGU;
import dev.recurrent.layers.ProjectedLSTM;
import dev.recurrent.model.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static dev.recurrent.cli.DemoCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --cell} with the minimal gated unit, the layer-normalised cells and the projected LSTM. */
class NewCellsCliTest {
    static final Map<String, Class<? extends Layer>> CELLS = Map.of("mgu", MGU.class,
            "layer_norm_lstm", LayerNormLSTM.class, "layer_norm_gru", LayerNormGRU.class,
            "projected_lstm", ProjectedLSTM.class);

    @Test
    void trainForecastWithEachCell(@TempDir Path dir) throws Exception {
        Path csv = CellVariantsCliTest.series(dir);
        for (Map.Entry<String, Class<? extends Layer>> cell : CELLS.entrySet()) {
            Path out = dir.resolve(cell.getKey());
            Run r = run("train", "forecast", "--csv", csv.toString(), "--column", "Value", "--look-back", "4",
                    "--units", "4", "--epochs", "2", "--batch", "8", "--cell", cell.getKey(), "--quiet", "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            Sequential m = ModelFiles.load(out.resolve("forecast.model"));
            assertInstanceOf(cell.getValue(), m.layers().get(0), cell.getKey());
            if (m.layers().get(0) instanceof ProjectedLSTM p) {
                assertEquals(2, p.projectionSize());
            }
        }
    }

    @Test
    void additionAndSalesWithTheProjectedLstm(@TempDir Path dir) throws Exception {
        Run r = run("demo", "addition", "--cell", "projected_lstm", "--samples", "100", "--epochs", "1", "--units", "8",
                "--quiet", "--out", dir.resolve("a").toString());
        assertEquals(0, r.code(), r.err());
        assertInstanceOf(ProjectedLSTM.class, ModelFiles.load(dir.resolve("a").resolve("projected_lstm.model")).layers().get(0));
        r = run("demo", "sales", "--cell", "layer_norm_lstm", "--epochs", "2", "--quiet", "--out", dir.resolve("s").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("LayerNormLSTM(4"), r.out());
        assertInstanceOf(LayerNormLSTM.class, ModelFiles.load(dir.resolve("s").resolve("layer_norm_lstm.model")).layers().get(0));
        r = run("demo", "sales", "--cell", "projected_lstm", "--epochs", "2", "--quiet", "--out", dir.resolve("p").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ProjectedLSTM(4"), r.out());
    }
}
