package dev.recurrent.io.torch;

import dev.recurrent.io.Npy;
import dev.recurrent.io.torch.Safetensors.Tensor;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.ProjectedLSTM;
import dev.recurrent.layers.SimpleRNN;
import dev.recurrent.model.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link TorchWeights#save} writes is PyTorch's own state dict: the names, shapes and values make_fixtures.py wrote. */
class TorchRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void aGruWrittenBackIsTheFilePyTorchWrote() throws IOException {
        Path original = TorchFixtures.file("gru_2layers_bidirectional.safetensors");
        Sequential m = TorchWeights.buildSequential(original, TorchSpec.of(5));
        Path out = dir.resolve("gru.safetensors");
        TorchWeights.save(m, out);
        Map<String, Tensor> expected = Safetensors.read(original).tensors();
        Safetensors.Contents written = Safetensors.read(out);
        assertEquals(expected.keySet(), written.tensors().keySet());
        for (Tensor t : expected.values()) {
            assertArrayEquals(t.shape(), written.tensors().get(t.name()).shape(), t.name());
            assertArrayEquals(t.values(), written.tensors().get(t.name()).values(), t.name());
        }
        assertEquals("pt", written.metadata().get("format"));
    }

    @Test
    void anLstmWrittenBackKeepsTheSumOfItsBiases() throws IOException {
        Path original = TorchFixtures.file("lstm_bidirectional_head.safetensors");
        Sequential m = TorchWeights.buildSequential(original, TorchSpec.of(5));
        Path out = dir.resolve("lstm.safetensors");
        TorchWeights.save(m, out);
        Map<String, Tensor> was = Safetensors.read(original).tensors(), now = Safetensors.read(out).tensors();
        // the model's layers are named bidirectional and dense; PyTorch's module had rnn and fc
        assertArrayEquals(was.get("rnn.weight_hh_l0_reverse").values(), now.get("bidirectional.weight_hh_l0_reverse").values());
        assertArrayEquals(was.get("fc.weight").values(), now.get("dense.weight").values());
        float[] sumWas = sum(was.get("rnn.bias_ih_l0").values(), was.get("rnn.bias_hh_l0").values());
        float[] sumNow = sum(now.get("bidirectional.bias_ih_l0").values(), now.get("bidirectional.bias_hh_l0").values());
        assertArrayEquals(sumWas, sumNow, 1e-6f);
        Npy.Array x = TorchFixtures.npy("lstm_bidirectional_head_x.npy");
        Sequential back = TorchWeights.buildSequential(out, TorchSpec.of(5));
        assertArrayEquals(TorchParityTest.predict(m, x), TorchParityTest.predict(back, x));
    }

    @Test
    void aProjectedLstmWrittenBackHasPyTorchsNamesShapesAndWeights() throws IOException {
        Path original = TorchFixtures.file("lstm_proj_2layers.safetensors");
        Sequential m = TorchWeights.buildSequential(original, TorchSpec.of(5).withReturnSequences(true));
        Path out = dir.resolve("proj.safetensors");
        TorchWeights.save(m, out);
        Map<String, Tensor> was = Safetensors.read(original).tensors(), now = Safetensors.read(out).tensors();
        assertEquals(List.copyOf(was.keySet()), List.copyOf(now.keySet()));
        for (Tensor t : was.values()) {
            assertArrayEquals(t.shape(), now.get(t.name()).shape(), t.name());
            if (t.name().startsWith("weight")) {
                assertArrayEquals(t.values(), now.get(t.name()).values(), t.name());
            }
        }
        for (String k : new String[] {"0", "1"}) {
            assertArrayEquals(sum(was.get("bias_ih_l" + k).values(), was.get("bias_hh_l" + k).values()),
                    sum(now.get("bias_ih_l" + k).values(), now.get("bias_hh_l" + k).values()), 1e-6f, "biases of layer " + k);
        }
        Npy.Array x = TorchFixtures.npy("lstm_proj_2layers_x.npy");
        Sequential back = TorchWeights.buildSequential(out, TorchSpec.of(5).withReturnSequences(true));
        assertArrayEquals(TorchParityTest.predict(m, x), TorchParityTest.predict(back, x));
    }

    @Test
    void projectedLstmsOfOneSizeAreOneModuleAndOthersTheirOwn() throws IOException {
        Sequential m = new Sequential().input(4, 2).add(ProjectedLSTM.builder(6, 3).returnSequences(true).build())
                .add(ProjectedLSTM.builder(6, 3).returnSequences(true).useBias(false).build())
                .add(ProjectedLSTM.builder(6, 3).returnSequences(true).useBias(false).build())
                .add(LSTM.of(6)).build();
        List<Tensor> tensors = TorchWeights.tensors(m);
        List<String> names = tensors.stream().map(Tensor::name).toList();
        assertEquals(List.of("projected_lstm.weight_ih_l0", "projected_lstm.weight_hh_l0", "projected_lstm.bias_ih_l0",
                "projected_lstm.bias_hh_l0", "projected_lstm.weight_hr_l0",
                "projected_lstm_1.weight_ih_l0", "projected_lstm_1.weight_hh_l0", "projected_lstm_1.weight_hr_l0",
                "projected_lstm_1.weight_ih_l1", "projected_lstm_1.weight_hh_l1", "projected_lstm_1.weight_hr_l1",
                "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0"), names);
        assertArrayEquals(new int[] {24, 3}, tensors.get(names.indexOf("projected_lstm_1.weight_ih_l1")).shape());
        assertArrayEquals(new int[] {3, 6}, tensors.get(names.indexOf("projected_lstm_1.weight_hr_l1")).shape());
        Path out = dir.resolve("p.safetensors");
        TorchWeights.save(m, out);
        Sequential copy = new Sequential().input(4, 2).add(ProjectedLSTM.builder(6, 3).returnSequences(true).build())
                .add(ProjectedLSTM.builder(6, 3).returnSequences(true).useBias(false).build())
                .add(ProjectedLSTM.builder(6, 3).returnSequences(true).useBias(false).build())
                .add(LSTM.of(6)).seed(9).build();
        TorchWeights.load(out, copy);
        for (int i = 0; i < m.getWeights().size(); i++) {
            assertArrayEquals(m.getWeights().get(i), copy.getWeights().get(i), 1e-6f, "weight " + i);
        }
    }

    private static float[] sum(float[] a, float[] b) {
        float[] s = a.clone();
        for (int i = 0; i < s.length; i++) {
            s[i] += b[i];
        }
        return s;
    }

    @Test
    void aModelOfOneRecurrentRunIsWrittenBare() throws IOException {
        Sequential m = new Sequential().input(4, 2).add(SimpleRNN.builder(3).returnSequences(true).build())
                .add(SimpleRNN.of(3)).build();
        List<String> names = TorchWeights.tensors(m).stream().map(Tensor::name).toList();
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1"), names);
    }

    @Test
    void layersOfOtherSizesAreModulesOfTheirOwn() throws IOException {
        Sequential m = new Sequential().input(4).add(new Embedding(10, 3, false))
                .add(LSTM.builder(5).returnSequences(true).build()).add(LSTM.of(2)).add(Dense.of(1)).build();
        List<String> names = TorchWeights.tensors(m).stream().map(Tensor::name).toList();
        assertTrue(names.containsAll(List.of("lstm.weight_ih_l0", "lstm_1.weight_ih_l0", "embedding.weight",
                "dense.weight", "dense.bias")), names.toString());
        Path out = dir.resolve("m.safetensors");
        TorchWeights.save(m, out);
        Sequential copy = new Sequential().input(4).add(new Embedding(10, 3, false))
                .add(LSTM.builder(5).returnSequences(true).build()).add(LSTM.of(2)).add(Dense.of(1)).seed(9).build();
        TorchWeights.load(out, copy);
        for (int i = 0; i < m.getWeights().size(); i++) {
            assertArrayEquals(m.getWeights().get(i), copy.getWeights().get(i), 1e-6f, "weight " + i);
        }
    }

    @Test
    void whatPyTorchCannotComputeIsRefusedWithTheReason() {
        Sequential resetBefore = new Sequential().input(3, 2).add(GRU.builder(4).resetAfter(false).build()).build();
        TorchImportException e = assertThrows(TorchImportException.class, () -> TorchWeights.tensors(resetBefore));
        assertTrue(e.getMessage().contains("reset_after=False"), e.getMessage());
        Sequential sum = new Sequential().input(3, 2).add(new Bidirectional(LSTM.of(4), Bidirectional.Merge.SUM)).build();
        e = assertThrows(TorchImportException.class, () -> TorchWeights.tensors(sum));
        assertTrue(e.getMessage().contains("merge_mode sum"), e.getMessage());
    }
}
