package dev.recurrent.io.fuzz;

import dev.recurrent.io.ModelFiles;
import dev.recurrent.io.Npy;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.loss.MeanSquaredError;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.Sequential;
import dev.recurrent.optim.Adam;
import dev.recurrent.tensor.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The seeds the fuzzing starts from: valid inputs of each parser, made from small models. They are
 * kept beside the found inputs; {@code main} writes them again (run from the module's directory):
 * {@code java -cp <test classpath> dev.recurrent.io.fuzz.FuzzSeeds src/test/resources}.
 */
public final class FuzzSeeds {
    private FuzzSeeds() {
    }

    /** An LSTM trained one epoch with Adam: its file holds the optimizer state and the random states. */
    static Sequential lstm() {
        Sequential m = new Sequential("seed").input(4, 2).seed(3)
                .add(LSTM.of(3)).add(Dense.of(1))
                .compile(new Adam(0.01), new MeanSquaredError());
        m.fit(Tensor.of(new float[16], 2, 4, 2), Tensor.of(new float[] {1, 0}, 2, 1), FitOptions.defaults().epochs(1));
        return m;
    }

    /** A GRU, not compiled: a file without training state. */
    static Sequential gru() {
        return new Sequential("gru_seed").input(3, 1).seed(5).add(GRU.builder(2).returnSequences(true).build())
                .add(Dense.of(2)).build();
    }

    /** The weight entries of {@link #lstm()}'s file, {@code model.json} left out. */
    static Map<String, byte[]> weightEntries() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try {
            Path file = Files.createTempFile("seed", ".zip");
            ModelFiles.save(lstm(), file);
            try (ZipFile zip = new ZipFile(file.toFile())) {
                for (ZipEntry e : zip.stream().toList()) {
                    if (!e.getName().equals(ModelFiles.MODEL_JSON)) {
                        entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
                    }
                }
            }
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    public static void main(String[] args) throws IOException {
        Path base = Path.of(args[0], "dev", "recurrent", "io", "fuzz");
        Path zips = Files.createDirectories(base.resolve("ModelZipFuzzTestInputs/modelZip"));
        ModelFiles.save(lstm(), zips.resolve("seed-lstm-adam.zip"));
        ModelFiles.save(gru(), zips.resolve("seed-gru.zip"));
        try (ZipFile zip = new ZipFile(zips.resolve("seed-lstm-adam.zip").toFile())) {
            byte[] json = zip.getInputStream(zip.getEntry(ModelFiles.MODEL_JSON)).readAllBytes();
            Files.write(Files.createDirectories(base.resolve("ModelJsonFuzzTestInputs/modelJson"))
                    .resolve("seed-lstm-adam.json"), json);
        }
        ByteArrayOutputStream npy = new ByteArrayOutputStream();
        Npy.write(npy, new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, new int[] {3, 4});
        Files.write(Files.createDirectories(base.resolve("NpyFuzzTestInputs/npy")).resolve("seed-3x4.npy"),
                npy.toByteArray());
        Files.writeString(Files.createDirectories(base.resolve("CsvFuzzTestInputs/csv")).resolve("seed.csv"),
                "date,value,text\n2020-01-01,1.5,\"a, quoted\"\"cell\"\n2020-01-02,-2e3,plain\r\n2020-01-03,,x\n");
        Path h5 = Files.createDirectories(base.resolve("KerasH5FuzzTestInputs/kerasH5"));
        for (String name : new String[] {"rnn_0.h5", "lstm_tf_model.h5"}) {
            Files.copy(Path.of(args[0], "keras", name), h5.resolve("seed-" + name),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
