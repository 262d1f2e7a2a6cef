package dev.recurrent.io.datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A dataset of the registry ({@link Datasets}).
 *
 * @param name        the name commands take ({@code imdb})
 * @param description one line: what it is
 * @param directory   the folder it lives in under a data root ({@code imdb}), or {@code ""} for a
 *                    single file placed in the root itself ({@code nietzsche.txt})
 * @param files       the files a program reads, each verified by size and SHA-256
 * @param sources     the files it is made from; the same as {@code files} when there is no preparation
 * @param preparation how the sources become the files; {@code null} when they are the files
 * @param citation    the licence and whom to cite
 */
public record Dataset(String name, String description, String directory, List<DatasetFile> files,
                      List<Source> sources, Preparation preparation, String citation) {
    public Dataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(directory, "directory");
        files = List.copyOf(files);
        sources = List.copyOf(sources);
        if (directory.isEmpty() && files.size() != 1) {
            throw new IllegalArgumentException(name + ": a dataset without a directory is one file, got " + files);
        }
    }

    /** The folder that holds the files under {@code root}. */
    public Path folder(Path root) {
        return directory.isEmpty() ? root : root.resolve(directory);
    }

    /** What a program is given: the folder, or for a one-file dataset the file itself. */
    public Path location(Path root) {
        return directory.isEmpty() ? root.resolve(files.get(0).name()) : root.resolve(directory);
    }

    /** The bytes to download (the sources that do not ship inside the jar). */
    public long downloadSize() {
        long total = 0;
        for (Source s : sources) {
            total += s.bundled() == null ? s.file().size() : 0;
        }
        return total;
    }

    /** Whether every source ships inside the jar, so fetching needs no network. */
    public boolean bundled() {
        return sources.stream().allMatch(s -> s.bundled() != null);
    }
}
