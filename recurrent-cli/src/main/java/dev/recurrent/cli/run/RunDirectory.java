package dev.recurrent.cli.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** The folder a demo run writes into: its plots and {@code report.html}. */
public final class RunDirectory {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path dir;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    /** {@code runs/<demo>-<yyyyMMdd-HHmmss>}, relative to the working directory. */
    public static Path defaultFor(String demo, LocalDateTime when) {
        return Paths.get("runs", demo + "-" + STAMP.format(when));
    }

    /** Creates the folder (and its parents) if needed. */
    public static RunDirectory create(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the run directory " + dir + ": " + IoErrors.whyNoFolder(e, dir), e);
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException("the run directory " + dir + " is not writable");
        }
        return new RunDirectory(dir);
    }

    public Path path() {
        return dir;
    }

    /** A file of the run, e.g. {@code file("report.html")}. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /**
     * Writes {@code bytes} to a temporary file next to {@code target} and renames it, so that an
     * interrupted run never leaves a half-written file.
     */
    public static void writeAtomically(Path target, byte[] bytes) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
