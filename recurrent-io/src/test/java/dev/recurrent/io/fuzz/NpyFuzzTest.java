package dev.recurrent.io.fuzz;

import dev.recurrent.io.Npy;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/** {@link Npy#read}: any bytes, as an array of any shape and as one of a shape fixed in advance. */
class NpyFuzzTest {
    private static final ParserContract NPY = ParserContract.of("Npy.read", IOException.class);

    @ParserFuzzTest
    void npy(byte[] input) {
        NPY.check(() -> Npy.read(new ByteArrayInputStream(input), 1 << 16, "fuzz.npy"));
        NPY.check(() -> Npy.read(new ByteArrayInputStream(input), new int[] {3, 4}, "fuzz.npy"));
    }
}
