package dev.recurrent.io.fuzz;

import dev.recurrent.io.InvalidModelFileException;
import dev.recurrent.io.ModelFiles;

/** {@link ModelFiles#loadCheckpoint}: any bytes as a model file. */
class ModelZipFuzzTest {
    private static final FuzzFiles FILES = new FuzzFiles("model-zip");
    private static final ParserContract LOAD = ParserContract.of("ModelFiles.load", InvalidModelFileException.class);

    @ParserFuzzTest
    void modelZip(byte[] input) {
        LOAD.check(() -> ModelFiles.loadCheckpoint(FILES.write("model.zip", input)));
    }
}
