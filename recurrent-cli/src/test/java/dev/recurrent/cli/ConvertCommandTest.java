package dev.recurrent.cli;

import dev.recurrent.io.ModelFiles;
import dev.recurrent.io.torch.TorchWeights;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.ProjectedLSTM;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code recurrent convert}: every readable format to every writable one, with the parity check; errors in one line. */
class ConvertCommandTest {
    @TempDir
    Path dir;

    static Sequential lstmModel(long seed) {
        return new Sequential().input(5, 3).seed(seed)
                .add(LSTM.builder(4).returnSequences(true).build())
                .add(LSTM.of(4))
                .add(Dense.of(2))
                .build();
    }

    static float[] predict(Sequential m, long seed) {
        return m.predict(ConvertCommand.randomBatch(m, 3, seed), 3).data();
    }

    private static void assertOneErrorLine(DemoCommandsTest.Run r, String expected) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: ") && r.err().contains(expected), r.err());
        assertTrue(r.err().lines().filter(l -> l.startsWith("error:")).count() == 1 && !r.err().contains("\tat "), r.err());
    }

    @Test
    void aModelGoesToSafetensorsAndBackWithTheSamePredictions() throws IOException {
        Sequential original = lstmModel(3);
        Path model = dir.resolve("m.model");
        ModelFiles.save(original, model);
        Path weights = dir.resolve("m.safetensors");
        DemoCommandsTest.Run r = DemoCommandsTest.run("convert", model.toString(), weights.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("lstm (LSTM)") && r.out().contains("Wrote " + weights + " (safetensors)"), r.out());
        assertTrue(r.out().contains("sample 2  original") && r.out().contains("Largest absolute difference: 0 "), r.out());

        Path back = dir.resolve("back.zip");
        r = DemoCommandsTest.run("convert", weights.toString(), back.toString(), "--like", model.toString());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(predict(original, 7), predict(ModelFiles.load(back), 7));
    }

    @Test
    void aStateDictTakesItsArchitectureFromTheFlags() throws IOException {
        Sequential lstm = new Sequential().input(5, 3).add(LSTM.builder(4).returnSequences(true).build())
                .add(LSTM.of(4)).build();
        Path weights = dir.resolve("lstm.safetensors");
        TorchWeights.save(lstm, weights);
        Path out = dir.resolve("lstm.model");
        DemoCommandsTest.Run r = DemoCommandsTest.run("convert", weights.toString(), out.toString(),
                "--timesteps", "5", "--cell", "lstm", "--num-layers", "2", "--bidirectional=false");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Largest absolute difference: 0 "), r.out());
        assertArrayEquals(predict(lstm, 1), predict(ModelFiles.load(out), 1));

        assertOneErrorLine(DemoCommandsTest.run("convert", weights.toString(), out.toString(), "--timesteps", "5",
                "--cell", "gru"), "cell gru was asked for, but the file holds '*' (nn.LSTM, hidden_size 4");
        assertOneErrorLine(DemoCommandsTest.run("convert", weights.toString(), out.toString()),
                "holds PyTorch weights, not a model: give a model to take the architecture from (--like MODEL)");
    }

    @Test
    void anLstmWithProjSizeIsCheckedAgainstTheFlag() throws IOException {
        Sequential projected = new Sequential().input(5, 3)
                .add(ProjectedLSTM.builder(6, 2).returnSequences(true).build())
                .add(ProjectedLSTM.of(6, 2)).build();
        Path weights = dir.resolve("proj.safetensors");
        TorchWeights.save(projected, weights);
        Path out = dir.resolve("proj.model");
        DemoCommandsTest.Run r = DemoCommandsTest.run("convert", weights.toString(), out.toString(),
                "--timesteps", "5", "--proj-size", "2", "--num-layers", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("(ProjectedLSTM)") && r.out().contains("Largest absolute difference: 0 "), r.out());
        assertArrayEquals(predict(projected, 1), predict(ModelFiles.load(out), 1));
        assertOneErrorLine(DemoCommandsTest.run("convert", weights.toString(), out.toString(), "--timesteps", "5",
                "--proj-size", "0"), "proj_size 0 was asked for, but the file holds '*' (nn.LSTM, hidden_size 6, proj_size 2");
        assertOneErrorLine(DemoCommandsTest.run("convert", weights.toString(), out.toString(), "--timesteps", "5",
                "--proj-size", "-1"), "proj_size: expected 0 (none) or a positive size, got -1");
    }

    @Test
    void aStateDictThatDoesNotFitTheModelIsOneLine() throws IOException {
        Path weights = dir.resolve("lstm.safetensors");
        TorchWeights.save(new Sequential().input(5, 3).add(LSTM.of(6)).build(), weights);
        Path like = dir.resolve("like.model");
        ModelFiles.save(lstmModel(0), like);
        Path out = dir.resolve("out.model");
        assertOneErrorLine(DemoCommandsTest.run("convert", weights.toString(), out.toString(), "--like", like.toString()),
                "the hidden size, the number of layers differ");
        assertFalse(Files.exists(out));
    }

    @Test
    void formatsAreFromTheExtensionsOrNamed() throws IOException {
        Path model = dir.resolve("m.model");
        ModelFiles.save(lstmModel(0), model);
        assertOneErrorLine(DemoCommandsTest.run("convert", model.toString(), dir.resolve("m.h5").toString()),
                "the h5 format is read, not written");
        assertOneErrorLine(DemoCommandsTest.run("convert", model.toString(), dir.resolve("m.bin").toString()),
                "cannot tell the format of " + dir.resolve("m.bin") + " from its name");
        assertOneErrorLine(DemoCommandsTest.run("convert", model.toString(), dir.resolve("m.bin").toString(),
                "--to", "pickle"), "unknown model format 'pickle'; expected one of model, h5, keras, weights.h5, safetensors, onnx");
        Path named = dir.resolve("weights.bin");
        DemoCommandsTest.Run r = DemoCommandsTest.run("convert", model.toString(), named.toString(), "--to", "safetensors");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Largest absolute difference: 0 "), r.out());
        assertOneErrorLine(DemoCommandsTest.run("convert", dir.resolve("missing.model").toString(), named.toString(),
                "--to", "safetensors"),
                "no such file: " + dir.resolve("missing.model"));
    }

    @Test
    void aModelGoesToKeras3AndBackWithIdenticalPredictions() throws IOException {
        Path model = dir.resolve("m.model"), keras = dir.resolve("m.keras"), back = dir.resolve("back.model");
        ModelFiles.save(lstmModel(0), model);
        DemoCommandsTest.Run out = DemoCommandsTest.run("convert", model.toString(), keras.toString());
        assertEquals(0, out.code(), out.err());
        assertTrue(out.out().contains("Wrote " + keras + " (keras)"), out.out());
        assertTrue(out.out().contains("Largest absolute difference: 0 "), out.out());
        DemoCommandsTest.Run in = DemoCommandsTest.run("convert", keras.toString(), back.toString());
        assertEquals(0, in.code(), in.err());
        assertTrue(in.out().contains("Largest absolute difference: 0 "), in.out());
    }

    @Test
    void kerasWeightsAloneConvertWithTheirConfig() throws IOException {
        Path model = dir.resolve("m.model"), keras = dir.resolve("m.keras");
        ModelFiles.save(lstmModel(0), model);
        assertEquals(0, DemoCommandsTest.run("convert", model.toString(), keras.toString()).code());
        Path config = dir.resolve("config.json"), weights = dir.resolve("m.weights.h5");
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(keras.toFile())) {
            Files.write(config, zip.getInputStream(zip.getEntry("config.json")).readAllBytes());
            Files.write(weights, zip.getInputStream(zip.getEntry("model.weights.h5")).readAllBytes());
        }
        assertOneErrorLine(DemoCommandsTest.run("convert", weights.toString(), dir.resolve("w.model").toString()),
                "holds Keras weights, not a model");
        DemoCommandsTest.Run r = DemoCommandsTest.run("convert", weights.toString(), dir.resolve("w.model").toString(),
                "--config", config.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Largest absolute difference: 0 "), r.out());
    }

    @Test
    void anOnnxFileIsRunInOnnxRuntimeForTheParityCheck() throws IOException {
        Path model = dir.resolve("m.model"), onnx = dir.resolve("m.onnx");
        ModelFiles.save(lstmModel(0), model);
        DemoCommandsTest.Run r = DemoCommandsTest.run("convert", model.toString(), onnx.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("the written file run in its own runtime"), r.out());
        String line = r.out().lines().filter(l -> l.startsWith("Largest absolute difference: ")).findFirst().orElseThrow();
        String value = line.substring("Largest absolute difference: ".length()).split(" ")[0];
        assertTrue(Double.parseDouble(value) <= 1e-5, line);
    }

    @Test
    void aKerasFileConvertsWithItsParityCheck() throws IOException {
        Path h5 = dir.resolve("dense.h5");
        try (WritableHdfFile h = HdfFile.write(h5)) {
            h.putAttribute("model_config", "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"Dense\","
                    + " \"config\": {\"name\": \"dense_1\", \"batch_input_shape\": [null, 3], \"units\": 2,"
                    + " \"activation\": \"linear\"}}]}");
            h.putAttribute("keras_version", "2.2.4");
            WritableGroup g = h.putGroup("model_weights").putGroup("dense_1");
            g.putAttribute("weight_names", new String[] {"dense_1/kernel:0", "dense_1/bias:0"});
            WritableGroup w = g.putGroup("dense_1");
            w.putDataset("kernel:0", new float[][] {{1, 2}, {3, 4}, {5, 6}});
            w.putDataset("bias:0", new float[] {0.5f, -0.5f});
        }
        Path out = dir.resolve("dense.safetensors");
        DemoCommandsTest.Run r = DemoCommandsTest.run("convert", h5.toString(), out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("dense_1 (Dense)") && r.out().contains("Largest absolute difference: 0 "), r.out());
        float[] y = ModelFiles.load(convertToModel(out, h5)).predict(Tensor.of(new float[] {1, 1, 1}, 1, 3), 1).data();
        assertArrayEquals(new float[] {9.5f, 11.5f}, y);
    }

    private Path convertToModel(Path weights, Path like) {
        Path out = dir.resolve("from-weights.model");
        DemoCommandsTest.Run r = DemoCommandsTest.run("convert", weights.toString(), out.toString(), "--like", like.toString());
        assertEquals(0, r.code(), r.err());
        return out;
    }
}
