package dev.recurrent.io.torch;

import dev.recurrent.io.Npy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The fixtures of src/test/resources/torch, made by make_fixtures.py with PyTorch. */
final class TorchFixtures {
    private TorchFixtures() {
    }

    static Path file(String name) {
        try {
            return Path.of(TorchFixtures.class.getResource("/torch/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no test resource torch/" + name, e);
        }
    }

    static Npy.Array npy(String name) throws IOException {
        try (InputStream in = Files.newInputStream(file(name))) {
            return Npy.read(in, 1 << 20, name);
        }
    }
}
