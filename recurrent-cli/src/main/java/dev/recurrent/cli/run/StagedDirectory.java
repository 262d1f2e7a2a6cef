package dev.recurrent.cli.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A run directory that appears whole or not at all: everything is written into a hidden sibling
 * {@code .<name>.partial-<random>}, and {@link #commit()} renames it to the target in one step. If
 * the command fails before that, {@link #close()} deletes the partial folder, and the parent folders
 * it had to create, so an error leaves nothing behind.
 *
 * <pre>{@code
 * try (StagedDirectory run = StagedDirectory.open(target)) {
 *     ModelFiles.save(model, run.file("forecast.model"));   // written under the partial folder
 *     run.commit();                                          // now target holds it all
 * }
 * }</pre>
 * The target may exist only as an empty folder (it is then replaced); anything else there is
 * refused before anything is written.
 */
public final class StagedDirectory implements AutoCloseable {
    private final Path shown, target, partial;
    private final List<Path> createdParents;
    private boolean committed;

    private StagedDirectory(Path shown, Path target, Path partial, List<Path> createdParents) {
        this.shown = shown;
        this.target = target;
        this.partial = partial;
        this.createdParents = createdParents;
    }

    /** Refuses a target that exists and is not an empty folder; call before any other work, to write nothing. */
    public static void checkTarget(Path target) {
        if (Files.exists(target)) {
            if (!Files.isDirectory(target)) {
                throw new InputError("--out " + target + " exists and is not a folder");
            }
            try (DirectoryStream<Path> d = Files.newDirectoryStream(target)) {
                if (d.iterator().hasNext()) {
                    throw new InputError("--out " + target + " already exists and is not empty; choose another folder");
                }
            } catch (IOException e) {
                throw new InputError("--out " + target + ": cannot list it (" + e.getMessage() + ")", e);
            }
        }
    }

    /** Creates the partial folder next to {@code target} (and the missing parents). */
    public static StagedDirectory open(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        checkTarget(abs);
        Path parent = abs.getParent();
        List<Path> created = new ArrayList<>();
        for (Path p = parent; p != null && !Files.exists(p); p = p.getParent()) {
            created.add(0, p);
        }
        try {
            Files.createDirectories(parent);
            Path partial = parent.resolve("." + abs.getFileName() + ".partial-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16));
            Files.createDirectory(partial);
            return new StagedDirectory(target, abs, partial, created);
        } catch (IOException e) {
            removeEmpty(created);
            throw new InputError("cannot create the run directory " + target + ": " + IoErrors.whyNoFolder(e, target), e);
        }
    }

    /** The folder written into until {@link #commit()}. */
    public Path path() {
        return partial;
    }

    /** A file of the run, in the partial folder. */
    public Path file(String name) {
        return partial.resolve(name);
    }

    /** Where the run will be once committed, as given. */
    public Path target() {
        return shown;
    }

    /** Renames the partial folder to the target: the run appears whole. */
    public void commit() {
        try {
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException
                     | java.nio.file.FileAlreadyExistsException e) {
                checkTarget(target);   // still empty (else refuse): replace it
                Files.deleteIfExists(target);
                Files.move(partial, target);
            }
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the run into " + target + ": " + e.getMessage(), e);
        }
    }

    /** Without {@link #commit()}: deletes the partial folder and the parents created for it. */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            Files.walkFileTree(partial, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("warning: could not delete the partial run " + partial + ": " + e.getMessage());
        }
        removeEmpty(createdParents);
    }

    private static void removeEmpty(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException notEmpty) {
                return;
            }
        }
    }

    @Override
    public String toString() {
        return shown.toString();
    }
}
