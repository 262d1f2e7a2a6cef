package dev.recurrent.io;

import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.CifgLSTM;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.PeepholeLSTM;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import dev.recurrent.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The LSTM variants and the GRU with reset_after = false survive save → load, bit for bit. */
class VariantsRoundTripTest {
    @TempDir
    Path dir;

    static Sequential variants(long seed) {
        return new Sequential("variants").input(5, 3).seed(seed)
                .add(PeepholeLSTM.builder(4).returnSequences(true).build())
                .add(CifgLSTM.builder(4).returnSequences(true).build())
                .add(new Bidirectional(GRU.builder(3).resetAfter(false).build()))
                .add(Dense.of(2))
                .compile(Adam.builder().learningRate(0.01).build(), dev.recurrent.loss.Losses.byName("mse"), "mae")
                .build();
    }

    @Test
    void variantsRoundTripWithIdenticalPredictions() throws Exception {
        Sequential model = variants(3);
        // PeepholeLSTM 4H(I+H+1)+3H = 140, CifgLSTM 3H(I+H+1) = 108, 2 × GRU(reset_after=false) 3H(I+H+1) = 144, Dense 14
        assertEquals(140 + 108 + 144 + 14, model.parameterCount());
        assertTrue(model.summary().contains("140"), model.summary());
        assertTrue(model.summary().contains("108"), model.summary());
        assertTrue(model.summary().contains("144"), model.summary());

        Tensor x = Models.random(11, 9, 5, 3);
        Tensor target = Models.random(7, 9, 2);
        model.fit(x, target, FitOptions.defaults().epochs(2).batchSize(4));
        // training moved the peepholes away from their zero start
        PeepholeLSTM p = (PeepholeLSTM) model.layers().get(0);
        boolean moved = false;
        for (float v : p.peephole().value()) {
            moved |= v != 0f;
        }
        assertTrue(moved, "the peephole weights were not trained");

        Path f = dir.resolve("variants.zip");
        ModelFiles.save(model, f);
        Sequential loaded = ModelFiles.load(f);
        assertEquals(model.summary(), loaded.summary());
        for (int i = 0; i < model.layers().size(); i++) {
            Layer a = model.layers().get(i), b = loaded.layers().get(i);
            assertEquals(a.getClass(), b.getClass());
            assertEquals(a.getConfig(), b.getConfig(), a.name());
        }
        Bidirectional bi = (Bidirectional) loaded.layers().get(2);
        assertFalse(((GRU) bi.forwardLayer()).resetAfter());
        Models.assertSameWeights(model, loaded);
        assertArrayEquals(Models.bits(model.predict(x, 4).data()), Models.bits(loaded.predict(x, 4).data()));

        List<String> names = new ArrayList<>();
        try (ZipFile z = new ZipFile(f.toFile())) {
            z.stream().forEach(e -> names.add(e.getName()));
        }
        assertTrue(names.stream().anyMatch(n -> n.endsWith("peephole_lstm/peephole.npy")), names.toString());
    }
}
