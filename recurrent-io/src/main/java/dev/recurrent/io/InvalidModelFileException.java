package dev.recurrent.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model file that cannot be loaded because of what it holds: not a zip, truncated, damaged (a
 * CRC error), an entry missing or unexpected, {@code model.json} malformed or inconsistent, a weight
 * of the wrong shape or dtype, a non-finite value, or a size beyond what the file can justify. The
 * message names the file and, where there is one, the entry.
 */
public final class InvalidModelFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String entry;

    InvalidModelFileException(Path file, String entry, String problem, Throwable cause) {
        super(file + (entry == null ? "" : ": " + entry) + ": " + problem, cause);
        this.file = file;
        this.entry = entry;
    }

    /** The file that was refused. */
    public Path file() {
        return file;
    }

    /** The zip entry at fault ({@code model.json}, {@code lstm/kernel.npy}, ...), or null for the whole file. */
    public String entry() {
        return entry;
    }
}
