package dev.recurrent.io.keras;

import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.filter.Filter;
import io.jhdf.filter.PipelineFilterWithData;
import io.jhdf.object.message.DataLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    /** A deflated weight of shape [3, 8] in one chunk as jHDF reads it, but for the methods {@code answers} names. */
    private Dataset chunkedWeight(Map<String, Object> answers) throws IOException {
        Path file = dir.resolve("chunked.h5");
        try (WritableHdfFile h = HdfFile.write(file)) {
            h.putDataset("w", new float[3][8], DatasetCreationOptions.builder().chunkDimensions(3, 8).deflate().build());
        }
        Dataset real = HdfFile.fromBytes(Files.readAllBytes(file)).getDatasetByPath("w");
        return (Dataset) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ChunkedDataset.class},
                (proxy, method, args) -> answers.containsKey(method.getName()) ? answers.get(method.getName())
                        : method.invoke(real, args));
    }

    private static PipelineFilterWithData filter(String name, int id, int... data) throws ReflectiveOperationException {
        Filter f = new Filter() {
            @Override
            public int getId() {
                return id;
            }

            @Override
            public String getName() {
                return name;
            }

            @Override
            public byte[] decode(byte[] encodedData, int[] filterData) {
                throw new AssertionError("not to be decoded");
            }
        };
        Constructor<PipelineFilterWithData> c = PipelineFilterWithData.class.getDeclaredConstructor(Filter.class, int[].class);
        c.setAccessible(true);
        return c.newInstance(f, data);
    }

    @Test
    void chunksAndFiltersAreCheckedBeforeReading() throws Exception {
        HdfDeclaredSize declared = new HdfDeclaredSize("f.h5", 4000);
        int[] shape = {3, 8};
        declared.dataset(chunkedWeight(Map.of()), "w", shape, 24);

        String m = assertThrows(KerasImportException.class, () -> declared.dataset(
                chunkedWeight(Map.of("getChunkDimensions", new int[] {1000, 2000})), "w", shape, 24)).getMessage();
        assertEquals("f.h5: weight `w` declares chunks of [1000, 2000] values (8000000 bytes), more than 1032 times the"
                + " file's 4000 bytes (the most compression expands to)", m);

        m = assertThrows(KerasImportException.class, () -> declared.dataset(
                chunkedWeight(Map.of("getFilters", List.of(filter("lz4", 32004)))), "w", shape, 24)).getMessage();
        assertEquals("f.h5: weight `w` is stored with the HDF5 filter lz4 (id 32004); readable are deflate (gzip),"
                + " shuffle, fletcher32 and lzf", m);

        m = assertThrows(KerasImportException.class, () -> declared.dataset(
                chunkedWeight(Map.of("getFilters", List.of(filter("lzf", 32000, 4, 0, 1 << 30)))), "w", shape, 24))
                .getMessage();
        assertEquals("f.h5: weight `w` declares an lzf chunk of 1073741824 bytes for chunks of 96 bytes", m);
        declared.dataset(chunkedWeight(Map.of("getFilters", List.of(filter("lzf", 32000, 4, 0, 96)))), "w", shape, 24);

        m = assertThrows(KerasImportException.class, () -> declared.dataset(
                chunkedWeight(Map.of("getFilters", List.of())), "w", new int[] {1000, 8}, 8000)).getMessage();
        assertEquals("f.h5: weight `w` declares shape [1000, 8] of 4-byte values (32000 bytes), more than the file's"
                + " 4000 bytes", m);
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
