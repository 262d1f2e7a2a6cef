package dev.recurrent.io.fuzz;

import dev.recurrent.io.keras.KerasImportException;
import dev.recurrent.io.keras.KerasModels;

import java.io.ByteArrayInputStream;

/**
 * {@link KerasModels#load}: any bytes as a Keras {@code .h5} file, read as a file is (whole, then
 * parsed from memory), with and without a timesteps.
 */
class KerasH5FuzzTest {
    private static final ParserContract KERAS = ParserContract.of("KerasModels.load", KerasImportException.class);
    /** How a load that got as far as the input's length says the file leaves it open. */
    private static final String LENGTH_OPEN = "leaves the number of timesteps open";

    @ParserFuzzTest
    void kerasH5(byte[] input) {
        String[] refusal = new String[1];
        KERAS.check(() -> {
            try {
                KerasModels.load(new ByteArrayInputStream(input));
            } catch (KerasImportException e) {
                refusal[0] = e.getMessage();
                throw e;
            }
        });
        // a timesteps is used only once the whole file has been read and its layers converted: a load
        // refused before that would be refused again the same way
        if (refusal[0] == null || refusal[0].contains(LENGTH_OPEN)) {
            KERAS.check(() -> KerasModels.load(new ByteArrayInputStream(input), 3));
        }
    }
}
