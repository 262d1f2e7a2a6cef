package dev.recurrent.io.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Scratch files for the targets whose parser reads a path: one directory per target class, reused,
 * in memory ({@code /dev/shm}) where there is such a folder.
 */
final class FuzzFiles {
    private final Path dir;

    FuzzFiles(String name) {
        try {
            Path shm = Path.of("/dev/shm");
            dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "fuzz-" + name)
                    : Files.createTempDirectory("fuzz-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dir.toFile().deleteOnExit();
    }

    /** {@code bytes} written to the file {@code name} of the scratch directory. */
    Path write(String name, byte[] bytes) {
        Path file = dir.resolve(name);
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        file.toFile().deleteOnExit();
        return file;
    }

    Path dir() {
        return dir;
    }
}
