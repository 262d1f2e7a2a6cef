package dev.recurrent.io.fuzz;

import dev.recurrent.io.keras.KerasImportException;
import dev.recurrent.io.keras.KerasModels;

import java.io.ByteArrayInputStream;

/** {@link KerasModels#load}: any bytes as a Keras {@code .h5} file. */
class KerasH5FuzzTest {
    private static final ParserContract KERAS = ParserContract.of("KerasModels.load", KerasImportException.class);

    @ParserFuzzTest
    void kerasH5(byte[] input) {
        KERAS.check(() -> KerasModels.load(new ByteArrayInputStream(input)));
        KERAS.check(() -> KerasModels.load(new ByteArrayInputStream(input), 3));
    }
}
