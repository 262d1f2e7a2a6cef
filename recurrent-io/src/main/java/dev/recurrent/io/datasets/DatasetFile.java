package dev.recurrent.io.datasets;

import java.util.Locale;
import java.util.Objects;

/**
 * One file of a dataset: its name, its size in bytes and its SHA-256 (64 lower-case hex digits),
 * against which every copy is checked before it is used.
 */
public record DatasetFile(String name, long size, String sha256) {
    public DatasetFile {
        Objects.requireNonNull(name, "name");
        if (size < 0) {
            throw new IllegalArgumentException(name + ": size must be >= 0, got " + size);
        }
        if (sha256 == null || !sha256.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException(name + ": sha256 must be 64 hex digits, got " + sha256);
        }
        sha256 = sha256.toLowerCase(Locale.ROOT);
    }
}
