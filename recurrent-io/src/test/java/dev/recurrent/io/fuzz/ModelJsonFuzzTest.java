package dev.recurrent.io.fuzz;

import dev.recurrent.io.InvalidModelFileException;
import dev.recurrent.io.ModelFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code model.json}: any bytes in a well-formed zip beside the weights of a small compiled model
 * ({@link FuzzSeeds#weightEntries()}), so that a json close to that model's reaches the build, the
 * weights and the training state.
 */
class ModelJsonFuzzTest {
    private static final FuzzFiles FILES = new FuzzFiles("model-json");
    private static final Map<String, byte[]> WEIGHTS = FuzzSeeds.weightEntries();
    private static final ParserContract LOAD = ParserContract.of("ModelFiles.load", InvalidModelFileException.class);

    @ParserFuzzTest
    void modelJson(byte[] json) {
        byte[] zip = zip(json);
        LOAD.check(() -> ModelFiles.loadCheckpoint(FILES.write("model.zip", zip)));
    }

    private static byte[] zip(byte[] json) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry(ModelFiles.MODEL_JSON));
            out.write(json);
            for (Map.Entry<String, byte[]> e : WEIGHTS.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
