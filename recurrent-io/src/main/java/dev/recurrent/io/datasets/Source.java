package dev.recurrent.io.datasets;

import java.util.Objects;

/**
 * A file a dataset is made from, and where it comes from: its canonical public {@code url}, and
 * for the few small files that ship inside the jar, the {@code bundled} resource (next to
 * {@link Datasets}) that is copied instead of downloading; {@code null} when there is none.
 */
public record Source(DatasetFile file, String url, String bundled) {
    public Source {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(url, "url");
    }

    /** A file that is downloaded. */
    static Source download(String name, long size, String sha256, String url) {
        return new Source(new DatasetFile(name, size, sha256), url, null);
    }

    /** A file that ships inside the jar as the resource {@code name}, and is also published at {@code url}. */
    static Source bundled(String name, long size, String sha256, String url) {
        return new Source(new DatasetFile(name, size, sha256), url, name);
    }
}
