package dev.recurrent.io.fuzz;

import dev.recurrent.io.keras.KerasImportException;
import dev.recurrent.io.keras.KerasModels;

/** {@link KerasModels#load(byte[])}: any bytes as a Keras 3 {@code .keras} archive (a zip is read as one). */
class KerasArchiveFuzzTest {
    private static final ParserContract KERAS = ParserContract.of("KerasModels.load", KerasImportException.class);

    @ParserFuzzTest
    void kerasArchive(byte[] input) {
        KERAS.check(() -> KerasModels.load(input));
    }
}
