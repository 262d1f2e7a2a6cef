package dev.recurrent.data;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the shared datasets are: the system property data.dir, else ../../shared/data (as GoldenCase resolves its cases). */
final class TestData {
    private TestData() {
    }

    static Path directory() {
        String dir = System.getProperty("data.dir");
        Path p = Paths.get(dir == null || dir.isBlank() ? "../../shared/data" : dir);
        String root = System.getProperty("recurrent.root");
        if (!p.isAbsolute() && root != null && !root.isBlank() && Files.isDirectory(Paths.get(root).resolve(p))) {
            p = Paths.get(root).resolve(p);
        }
        return p.toAbsolutePath().normalize();
    }

    /** The file or directory {@code name} under {@link #directory()}; skips the test when it is absent. */
    static Path require(String name) {
        Path p = directory().resolve(name);
        Assumptions.assumeTrue(Files.exists(p), "shared data " + p + " is absent (set -Ddata.dir=DIR); skipped");
        return p;
    }
}
