package dev.recurrent.io.fuzz;

import dev.recurrent.io.torch.Safetensors;
import dev.recurrent.io.torch.TorchImportException;

import java.io.IOException;

/** {@link Safetensors#read}: any bytes as a safetensors file (a truncated file is an {@link IOException}). */
class SafetensorsFuzzTest {
    private static final FuzzFiles FILES = new FuzzFiles("safetensors");
    private static final ParserContract READ = ParserContract.of("Safetensors.read", TorchImportException.class,
            IOException.class);

    @ParserFuzzTest
    void safetensors(byte[] input) {
        READ.check(() -> Safetensors.read(FILES.write("weights.safetensors", input)));
    }
}
