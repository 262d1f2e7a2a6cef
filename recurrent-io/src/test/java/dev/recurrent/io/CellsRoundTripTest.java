package dev.recurrent.io;

import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Dropout;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.LayerNormGRU;
import dev.recurrent.layers.LayerNormLSTM;
import dev.recurrent.layers.MGU;
import dev.recurrent.layers.ProjectedLSTM;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.Sequential;
import dev.recurrent.optim.Adam;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The projected LSTM, the minimal gated unit and the layer-normalised LSTM and GRU survive save → load, bit for bit. */
class CellsRoundTripTest {
    @TempDir
    Path dir;

    static Sequential cells(long seed) {
        return new Sequential("cells").input(5, 3).seed(seed)
                .add(ProjectedLSTM.builder(4, 2).returnSequences(true).useBias(false).build())
                .add(new Dropout(0.2f))
                .add(MGU.builder(3).returnSequences(true).build())
                .add(LayerNormLSTM.builder(4, 1e-4f).returnSequences(true).build())
                .add(LayerNormGRU.builder(3).build())
                .add(Dense.of(2))
                .compile(Adam.builder().learningRate(0.01).build(), dev.recurrent.loss.Losses.byName("mse"), "mae")
                .build();
    }

    @Test
    void cellsRoundTripWithIdenticalPredictions() throws Exception {
        Sequential model = cells(3);
        long projected = 4L * 4 * (3 + 2) + 4 * 2;          // 4H(I + P) + H·P, no bias
        long mgu = 2L * 3 * (2 + 3 + 1);                     // 2H(I + H + 1)
        long lnLstm = 4L * 4 * (3 + 4 + 1) + 18 * 4;         // 4H(I + H + 1) + 18H
        long lnGru = 3L * 3 * (4 + 3 + 1) + 12 * 3;          // 3H(I + H + 1) + 12H
        assertEquals(projected + mgu + lnLstm + lnGru + 8, model.parameterCount());
        for (long count : new long[] {projected, mgu, lnLstm, lnGru}) {
            assertTrue(model.summary().contains(String.valueOf(count)), model.summary());
        }

        Tensor x = Models.random(11, 9, 5, 3);
        Tensor target = Models.random(7, 9, 2);
        model.fit(x, target, FitOptions.defaults().epochs(2).batchSize(4));
        LayerNormLSTM ln = (LayerNormLSTM) model.layers().get(3);
        assertTrue(ln.parameters().get(3).value()[0] != 1f, "the normalisation gains were not trained");

        Path f = dir.resolve("cells.zip");
        ModelFiles.save(model, f);
        Sequential loaded = ModelFiles.load(f);
        assertEquals(model.summary(), loaded.summary());
        for (int i = 0; i < model.layers().size(); i++) {
            Layer a = model.layers().get(i), b = loaded.layers().get(i);
            assertEquals(a.getClass(), b.getClass());
            assertEquals(a.getConfig(), b.getConfig(), a.name());
        }
        assertEquals(1e-4f, ((LayerNormLSTM) loaded.layers().get(3)).normEpsilon());
        assertEquals(2, ((ProjectedLSTM) loaded.layers().get(0)).projectionSize());
        Models.assertSameWeights(model, loaded);
        assertArrayEquals(Models.bits(model.predict(x, 4).data()), Models.bits(loaded.predict(x, 4).data()));

        List<String> names = new ArrayList<>();
        try (ZipFile z = new ZipFile(f.toFile())) {
            z.stream().forEach(e -> names.add(e.getName()));
        }
        assertTrue(names.stream().anyMatch(n -> n.endsWith("projected_lstm/projection.npy")), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.endsWith("layer_norm_lstm/state_norm_gamma.npy")), names.toString());
    }
}
