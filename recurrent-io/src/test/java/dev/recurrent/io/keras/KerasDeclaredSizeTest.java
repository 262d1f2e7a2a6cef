package dev.recurrent.io.keras;

import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import io.jhdf.object.message.DataLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an HDF5 header declares is checked before jHDF allocates it: a weight's shape against the
 * file's size, and, from a path as from bytes, a block reaching past the file's end (the tests run
 * with a 256 MiB heap; before, jHDF allocated the 256 MiB object header of the second file).
 */
class KerasDeclaredSizeTest {
    private static final String INPUTS = "/dev/recurrent/io/fuzz/KerasH5FuzzTestInputs/kerasH5/";
    private static final String CONFIG = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
            + "{\"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm_1\", \"batch_input_shape\": [null, 2, 3],"
            + " \"units\": 2, \"recurrent_activation\": \"sigmoid\"}}]}}";

    @TempDir
    Path dir;

    private static byte[] input(String name) throws IOException {
        try (InputStream in = KerasDeclaredSizeTest.class.getResourceAsStream(INPUTS + name)) {
            return in.readAllBytes();
        }
    }

    private Path file(String name) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, input(name));
        return p;
    }

    private static void noOutOfMemoryBehind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertTrue(!(t instanceof OutOfMemoryError), "an allocation was attempted: " + e);
        }
    }

    @Test
    void aWeightDeclaringMoreBytesThanTheFileIsRefusedNamingItAndTheSizes() throws IOException {
        // an h5py file whose first LSTM kernel's dataspace says [2, 1000000] instead of [2, 3]
        KerasImportException e = assertThrows(KerasImportException.class,
                () -> KerasModels.load(input("dataset-shape-beyond-file")));
        assertEquals("the bytes: weight `lstm_1_W_i:0` declares shape [2, 1000000] of 4-byte values (8000000 bytes) in"
                + " its contiguous layout, more than the file's 21744 bytes", e.getMessage());
        Path p = file("dataset-shape-beyond-file");
        e = assertThrows(KerasImportException.class, () -> KerasModels.load(p));
        assertTrue(e.getMessage().startsWith(p + ": weight `lstm_1_W_i:0` declares shape [2, 1000000]"), e.getMessage());
    }

    @Test
    void anObjectHeaderPastTheFileIsRefusedFromAPathWithoutAllocatingIt() throws IOException {
        // its root object header declares 256 MiB: from a path, jHDF allocated that before reading
        Path p = file("object-header-larger-than-heap");
        KerasImportException e = assertThrows(KerasImportException.class, () -> KerasModels.load(p));
        assertTrue(e.getMessage().startsWith(p + ": not a readable HDF5 file, or a damaged one ("), e.getMessage());
        assertTrue(e.getMessage().contains("a block ending at byte 268435592, past the end of the 21744 bytes"),
                e.getMessage());
        noOutOfMemoryBehind(e);
        noOutOfMemoryBehind(assertThrows(KerasImportException.class,
                () -> KerasModels.load(input("object-header-larger-than-heap"))));
    }

    @Test
    void compressedChunkedWeightsLoadAsContiguousOnesDo() throws IOException {
        Random r = new Random(3);
        float[][] kernel = values(r, 3, 8);
        float[][] recurrent = values(r, 2, 8);
        float[] bias = values(r, 1, 8)[0];
        Path contiguous = new KerasFileFixture("2.2.4", CONFIG)
                .weight("lstm_1", "lstm_1/kernel:0", kernel)
                .weight("lstm_1", "lstm_1/recurrent_kernel:0", recurrent)
                .weight("lstm_1", "lstm_1/bias:0", bias)
                .write(dir.resolve("contiguous.h5"));
        Path chunked = dir.resolve("chunked.h5");
        try (WritableHdfFile h = HdfFile.write(chunked)) {
            h.putAttribute("model_config", CONFIG);
            h.putAttribute("keras_version", "2.2.4");
            WritableGroup g = h.putGroup("model_weights").putGroup("lstm_1");
            g.putAttribute("weight_names", new String[] {"lstm_1/kernel:0", "lstm_1/recurrent_kernel:0", "lstm_1/bias:0"});
            WritableGroup at = g.putGroup("lstm_1");
            at.putDataset("kernel:0", kernel, DatasetCreationOptions.builder().chunkDimensions(2, 8).shuffle().deflate().build());
            at.putDataset("recurrent_kernel:0", recurrent, DatasetCreationOptions.builder().chunkDimensions(1, 8).deflate().build());
            at.putDataset("bias:0", bias, DatasetCreationOptions.builder().chunkDimensions(8).build());
        }
        try (HdfFile f = new HdfFile(chunked)) {
            Dataset d = f.getDatasetByPath("model_weights/lstm_1/lstm_1/kernel:0");
            assertEquals(DataLayout.CHUNKED, d.getDataLayout());
            assertEquals(2, d.getFilters().size());
        }
        Tensor x = Tensor.of(values(r, 1, 6)[0], 1, 2, 3);
        Sequential expected = KerasModels.load(contiguous);
        Sequential actual = KerasModels.load(chunked);
        assertArrayEquals(expected.predict(x, 1).data(), actual.predict(x, 1).data());
    }

    @Test
    void aWeightTheHeapCannotHoldIsRefusedBeforeReading() {
        HdfDeclaredSize declared = new HdfDeclaredSize("f.h5", 1 << 20);
        long values = Runtime.getRuntime().maxMemory();   // float64: 8 bytes each in the file and in Java, 4 as floats
        KerasImportException e = assertThrows(KerasImportException.class,
                () -> declared.heap("dense/kernel:0", 8 * values, values, Double.BYTES));
        assertTrue(e.getMessage().startsWith("f.h5: reading weight `dense/kernel:0` needs " + (20 * values >> 20)
                + " MiB, more than the "), e.getMessage());
        assertTrue(e.getMessage().contains("-Xmx"), e.getMessage());
    }

    private static float[][] values(Random r, int rows, int cols) {
        float[][] v = new float[rows][cols];
        for (float[] row : v) {
            for (int j = 0; j < cols; j++) {
                row[j] = (float) r.nextGaussian() * 0.5f;
            }
        }
        return v;
    }
}
