package dev.recurrent.cli.run;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A failed file operation in words: which file, and why, not the JDK's bare path. */
public class IoErrorsTest {

    @Test
    void theFileAndTheReason() {
        assertEquals("/proc/x: no such file or folder", IoErrors.describe(new NoSuchFileException("/proc/x")));
        assertEquals("/etc/x: permission denied", IoErrors.describe(new AccessDeniedException("/etc/x")));
        assertEquals("/tmp/f/x: not a directory", IoErrors.describe(new FileSystemException("/tmp/f/x", null, "Not a directory")));
        assertEquals("disk full", IoErrors.describe(new IOException("disk full")));
    }

    @Test
    void theSubjectIsNotNamedTwice() {
        Path out = Path.of("runs", "x");
        assertEquals("permission denied", IoErrors.describe(new AccessDeniedException(out.toString()), out));
        assertEquals("runs: permission denied", IoErrors.describe(new AccessDeniedException("runs"), out));
    }

    @Test
    void aFileInTheWayOfAFolder() {
        Path out = Path.of("runs", "x");
        assertEquals("it exists and is not a folder", IoErrors.whyNoFolder(new FileAlreadyExistsException(out.toString()), out));
        assertEquals("runs exists and is not a folder", IoErrors.whyNoFolder(new FileAlreadyExistsException("runs"), out));
    }
}
