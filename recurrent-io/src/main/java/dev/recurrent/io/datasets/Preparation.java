package dev.recurrent.io.datasets;

import java.io.IOException;
import java.nio.file.Path;

/** Turns the verified source files of a dataset, all in {@code dir}, into its files, written into {@code dir}. */
@FunctionalInterface
public interface Preparation {
    void prepare(Path dir) throws IOException;
}
