package dev.recurrent.io.torch;

import dev.recurrent.io.Npy;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.ProjectedLSTM;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Models built from PyTorch state dicts compute what PyTorch computed for the same input (make_fixtures.py). */
class TorchParityTest {
    private static final float TOLERANCE = 1e-5f;

    static float[] predict(Sequential m, Npy.Array x) {
        return m.predict(Tensor.of(x.data(), x.shape()), 8).data();
    }

    static void assertClose(Npy.Array expected, float[] actual, String what) {
        assertEquals(expected.data().length, actual.length, what + ": size");
        float worst = 0;
        for (int i = 0; i < actual.length; i++) {
            worst = Math.max(worst, Math.abs(expected.data()[i] - actual[i]));
        }
        assertEquals(0f, worst, TOLERANCE, what + ": largest difference from PyTorch's output");
    }

    @ParameterizedTest
    @CsvSource({"lstm_2layers, tanh, true", "lstm_bidirectional_head, tanh, false", "gru_2layers_bidirectional, tanh, true",
            "gru_nobias, tanh, true", "rnn_relu_head, relu, false", "rnn_tanh_2layers, tanh, true",
            "lstm_proj_head, tanh, false", "lstm_proj_2layers, tanh, true"})
    void buildsFromTheStateDictAndMatchesPyTorch(String name, String nonlinearity, boolean sequences) throws IOException {
        Npy.Array x = TorchFixtures.npy(name + "_x.npy");
        TorchSpec spec = TorchSpec.of(x.shape()[1]).withNonlinearity(nonlinearity);
        Sequential last = TorchWeights.buildSequential(TorchFixtures.file(name + ".safetensors"), spec);
        assertClose(TorchFixtures.npy(name + "_last.npy"), predict(last, x), name + " last step");
        if (sequences) {
            Sequential seq = TorchWeights.buildSequential(TorchFixtures.file(name + ".safetensors"),
                    spec.withReturnSequences(true));
            assertClose(TorchFixtures.npy(name + "_seq.npy"), predict(seq, x), name + " every step");
        }
    }

    @Test
    void replacesTheWeightsOfAModelTheUserGives() throws IOException {
        Npy.Array x = TorchFixtures.npy("lstm_bidirectional_head_x.npy");
        Sequential model = new Sequential().input(x.shape()[1], 3)
                .add(new Bidirectional(LSTM.of(4)))
                .add(Dense.of(2));
        float[] before = predict(model, x);
        TorchWeights.load(TorchFixtures.file("lstm_bidirectional_head.safetensors"), model);
        float[] after = predict(model, x);
        assertClose(TorchFixtures.npy("lstm_bidirectional_head_last.npy"), after, "loaded into a model");
        assertEquals(false, Arrays.equals(before, after));
    }

    @Test
    void aStackOfTwoLayersInTheModelTakesBothLayersOfTheModule() throws IOException {
        Npy.Array x = TorchFixtures.npy("gru_2layers_bidirectional_x.npy");
        Sequential model = new Sequential().input(x.shape()[1], 3)
                .add(new Bidirectional(GRU.builder(4).returnSequences(true).build()))
                .add(new Bidirectional(GRU.builder(4).returnSequences(true).build()));
        TorchWeights.load(TorchFixtures.file("gru_2layers_bidirectional.safetensors"), model);
        assertClose(TorchFixtures.npy("gru_2layers_bidirectional_seq.npy"), predict(model, x), "stacked");
    }

    @Test
    void projectedLstmsTakeAnLstmWithProjSize() throws IOException {
        Npy.Array x = TorchFixtures.npy("lstm_proj_2layers_x.npy");
        Sequential model = new Sequential().input(x.shape()[1], 3)
                .add(ProjectedLSTM.builder(5, 3).returnSequences(true).build())
                .add(ProjectedLSTM.builder(5, 3).returnSequences(true).build());
        TorchWeights.load(TorchFixtures.file("lstm_proj_2layers.safetensors"), model);
        assertClose(TorchFixtures.npy("lstm_proj_2layers_seq.npy"), predict(model, x), "two projected levels");
        Sequential built = TorchWeights.buildSequential(TorchFixtures.file("lstm_proj_head.safetensors"),
                TorchSpec.of(5).withCell("lstm").withHiddenSize(5).withProjSize(2).withNumLayers(1));
        assertEquals("ProjectedLSTM", built.layers().get(0).type());
        assertEquals(4 * 5 * (3 + 2 + 1) + 5 * 2, built.layers().get(0).parameterCount());
    }

    @Test
    void readsEveryFloatDtype() throws IOException {
        var t = Safetensors.read(TorchFixtures.file("dtypes.safetensors")).tensors();
        float[] f32 = t.get("f32").values();
        assertArrayEquals(new int[] {2, 3}, t.get("f64").shape());
        assertArrayEquals(f32, t.get("f64").values());
        assertArrayEquals(f32, t.get("f16").values(), 1e-3f * 65504);
        for (String name : new String[] {"f16", "bf16"}) {
            float[] v = t.get(name).values();
            for (int i = 0; i < v.length; i++) {
                assertEquals(f32[i], v[i], Math.abs(f32[i]) / 128 + 1e-5f, name + "[" + i + "]");
            }
        }
        assertEquals(65504f, t.get("f16").values()[3]);
        assertEquals(-2.5f, t.get("bf16").values()[1]);
        assertEquals(Float.floatToIntBits(-0.0f), Float.floatToIntBits(t.get("f16").values()[5]));
    }
}
