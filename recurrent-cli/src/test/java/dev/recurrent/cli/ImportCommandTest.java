package dev.recurrent.cli;

import dev.recurrent.io.ModelFiles;
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

/** {@code recurrent import}: a Keras file in, a model file out, or one error line. */
class ImportCommandTest {
    @TempDir
    Path dir;

    /** A Keras 2 file of one Dense layer, 3 inputs to 2 units. */
    private Path denseModel(String layerClass) {
        Path file = dir.resolve("dense.h5");
        try (WritableHdfFile h = HdfFile.write(file)) {
            h.putAttribute("model_config", "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \""
                    + layerClass + "\", \"config\": {\"name\": \"dense_1\", \"batch_input_shape\": [null, 3],"
                    + " \"units\": 2, \"activation\": \"linear\", \"function\": \"f\"}}]}");
            h.putAttribute("keras_version", "2.2.4");
            WritableGroup g = h.putGroup("model_weights").putGroup("dense_1");
            g.putAttribute("weight_names", new String[] {"dense_1/kernel:0", "dense_1/bias:0"});
            WritableGroup w = g.putGroup("dense_1");
            w.putDataset("kernel:0", new float[][] {{1, 2}, {3, 4}, {5, 6}});
            w.putDataset("bias:0", new float[] {0.5f, -0.5f});
        }
        return file;
    }

    @Test
    void writesAModelThatComputesWhatTheKerasOneDoes() throws IOException {
        Path out = dir.resolve("model.zip");
        DemoCommandsTest.Run r = DemoCommandsTest.run("import", "--keras", denseModel("Dense").toString(),
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("dense_1 (Dense)") && r.out().contains("Saved " + out), r.out());
        assertFalse(r.err().contains("SLF4J"), r.err());
        float[] y = ModelFiles.load(out).predict(Tensor.of(new float[] {1, 1, 1}, 1, 3), 1).data();
        assertArrayEquals(new float[] {9.5f, 11.5f}, y);
    }

    @Test
    void aLayerWithoutEquivalentIsOneErrorLine() {
        Path out = dir.resolve("model.zip");
        DemoCommandsTest.Run r = DemoCommandsTest.run("import", "--keras", denseModel("Lambda").toString(),
                "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: layer 'dense_1' (Lambda): option `function`: a Lambda layer holds"
                + " Python code"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aFileThatIsNotHdf5IsOneErrorLine() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.h5"), "hello");
        DemoCommandsTest.Run r = DemoCommandsTest.run("import", "--keras", text.toString(), "--out",
                dir.resolve("m.zip").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: " + text + ": not a readable HDF5 file"), r.err());
    }

    @Test
    void weightsBesideTheModelJson() throws IOException {
        Path weights = dir.resolve("w.h5");
        try (WritableHdfFile h = HdfFile.write(weights)) {
            h.putAttribute("layer_names", new String[] {"dense_1"});
            h.putAttribute("keras_version", "2.2.4");
            WritableGroup g = h.putGroup("dense_1");
            g.putAttribute("weight_names", new String[] {"dense_1/kernel:0", "dense_1/bias:0"});
            WritableGroup w = g.putGroup("dense_1");
            w.putDataset("kernel:0", new float[][] {{1, 2}, {3, 4}, {5, 6}});
            w.putDataset("bias:0", new float[] {0.5f, -0.5f});
        }
        Path json = Files.writeString(dir.resolve("model.json"), "{\"class_name\": \"Sequential\", \"config\":"
                + " [{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", \"batch_input_shape\": [null, 3],"
                + " \"units\": 2, \"activation\": \"linear\"}}], \"keras_version\": \"2.2.4\"}");
        Path out = dir.resolve("m.zip");
        DemoCommandsTest.Run r = DemoCommandsTest.run("import", "--keras", json.toString(), "--weights",
                weights.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        float[] y = ModelFiles.load(out).predict(Tensor.of(new float[] {1, 1, 1}, 1, 3), 1).data();
        assertArrayEquals(new float[] {9.5f, 11.5f}, y);
    }

    @Test
    void aDamagedKerasArchiveIsOneErrorLine() throws IOException {
        Path bad = Files.write(dir.resolve("m.keras"), new byte[] {'P', 'K', 3, 4, 1, 2, 3});
        DemoCommandsTest.Run r = DemoCommandsTest.run("import", "--keras", bad.toString(), "--out",
                dir.resolve("m.zip").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: " + bad + ": "), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
