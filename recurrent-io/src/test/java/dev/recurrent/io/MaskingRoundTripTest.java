package dev.recurrent.io;

import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Masking;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.layers.Dense;
import dev.recurrent.loss.Losses;
import dev.recurrent.model.Sequential;
import dev.recurrent.optim.Adam;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A model with a Masking layer saves and loads with its mask value, and predicts the same. */
class MaskingRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void maskingRoundTripsWithIdenticalPredictions() throws Exception {
        Sequential model = new Sequential("padded").input(4, 3).seed(5)
                .add(new Masking("pad", -1f))
                .add(LSTM.builder(3).returnSequences(true).build())
                .add(new TimeDistributed(Dense.of(2)))
                .compile(Adam.builder().build(), Losses.byName("mse"))
                .build();
        float[] x = Models.random(1, 2, 4, 3).data();
        for (int f = 0; f < 3; f++) {
            x[3 * 3 + f] = -1f;                      // sample 0, last step: padding
        }
        Tensor in = Tensor.of(x, 2, 4, 3);
        Path f = dir.resolve("m.zip");
        ModelFiles.save(model, f);
        Sequential loaded = ModelFiles.load(f);
        Masking m = (Masking) loaded.layers().get(0);
        assertEquals("pad", m.name());
        assertEquals(-1f, m.maskValue());
        assertArrayEquals(Models.bits(model.predict(in, 2).data()), Models.bits(loaded.predict(in, 2).data()));
        // the mask is in force after loading: the padded step repeats the output of the step before
        float[] y = loaded.predict(in, 2).data();
        assertArrayEquals(new float[] {y[2 * 2], y[2 * 2 + 1]}, new float[] {y[3 * 2], y[3 * 2 + 1]});
        assertNotEquals(y[8 + 2 * 2], y[8 + 3 * 2], "an unpadded sample moves on");
    }
}
