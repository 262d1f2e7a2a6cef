package dev.recurrent.cli;

import dev.recurrent.io.ModelFiles;
import dev.recurrent.io.Npy;
import dev.recurrent.io.torch.TorchWeights;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code recurrent predict --model M --npy X.npy --out Y.npy}: a NumPy batch in, the model's outputs out. */
class PredictNpyTest {
    @TempDir
    Path dir;

    private Path npy(String name, float[] data, int... shape) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream o = Files.newOutputStream(p)) {
            Npy.write(o, data, shape);
        }
        return p;
    }

    private static Npy.Array readNpy(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return Npy.read(in, 1 << 20, p.toString());
        }
    }

    @Test
    void writesTheModelsOutputsForEverySample() throws IOException {
        Sequential m = ConvertCommandTest.lstmModel(5);
        Path model = dir.resolve("m.model");
        ModelFiles.save(m, model);
        Tensor x = ConvertCommand.randomBatch(m, 7, 2);
        Path xFile = npy("x.npy", x.data(), x.shape()), yFile = dir.resolve("y.npy");
        DemoCommandsTest.Run r = DemoCommandsTest.run("predict", "--model", model.toString(), "--npy", xFile.toString(),
                "--out", yFile.toString(), "--batch", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Wrote " + yFile + ": [7, 2]"), r.out());
        Npy.Array y = readNpy(yFile);
        assertArrayEquals(new int[] {7, 2}, y.shape());
        assertArrayEquals(m.predict(x, 7).data(), y.data());
    }

    @Test
    void aStateDictPredictsThroughTheModelItFits() throws IOException {
        Sequential m = ConvertCommandTest.lstmModel(5);
        Path weights = dir.resolve("m.safetensors"), like = dir.resolve("like.model");
        TorchWeights.save(m, weights);
        ModelFiles.save(ConvertCommandTest.lstmModel(6), like);
        Tensor x = ConvertCommand.randomBatch(m, 2, 4);
        Path xFile = npy("x.npy", x.data(), x.shape()), yFile = dir.resolve("y.npy");
        DemoCommandsTest.Run r = DemoCommandsTest.run("predict", "--model", weights.toString(), "--like", like.toString(),
                "--npy", xFile.toString(), "--out", yFile.toString());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(m.predict(x, 2).data(), readNpy(yFile).data(), 1e-6f);
    }

    @Test
    void anArrayOfAnotherShapeIsOneLine() throws IOException {
        Path model = dir.resolve("m.model");
        ModelFiles.save(ConvertCommandTest.lstmModel(5), model);
        Path xFile = npy("x.npy", new float[2 * 4 * 3], 2, 4, 3), yFile = dir.resolve("y.npy");
        DemoCommandsTest.Run r = DemoCommandsTest.run("predict", "--model", model.toString(), "--npy", xFile.toString(),
                "--out", yFile.toString());
        assertEquals(2, r.code());
        assertEquals("error: " + xFile + " holds samples of shape [4, 3], but the model takes [5, 3] (the array is"
                + " [samples, ...that shape])", r.err().strip());
        assertFalse(Files.exists(yFile));
        r = DemoCommandsTest.run("predict", "--model", model.toString(), "--npy", xFile.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: batch prediction takes both --npy X.npy and --out Y.npy"), r.err());
        r = DemoCommandsTest.run("predict", "--model", model.toString(), "--npy", xFile.toString(), "--out",
                yFile.toString(), "--input", "1 2");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: --npy X.npy --out Y.npy is batch prediction: give no --csv"), r.err());
    }
}
