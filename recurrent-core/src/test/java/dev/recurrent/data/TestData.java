package dev.recurrent.data;

import org.junit.jupiter.api.Assumptions;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The data the tests read. Small files are test resources ({@link #resource}); the large datasets
 * stay outside the repository, in the system property data.dir, else ../../shared/data (as
 * GoldenCase resolves -Dgolden.dir), and the tests that need them are skipped without them
 * ({@link #require}).
 */
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

    /** The test resource {@code data/<name>} (see src/test/resources/data/README.md). */
    static Path resource(String name) {
        URL url = TestData.class.getResource("/data/" + name);
        if (url == null) {
            throw new IllegalStateException("no test resource data/" + name);
        }
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("test resource " + url + " is not a file", e);
        }
    }

    /**
     * The file or directory {@code name} of a large dataset under {@link #directory()}; skips the
     * test, saying which {@code what} is missing, when it is absent.
     */
    static Path require(String name, String what) {
        Path p = directory().resolve(name);
        Assumptions.assumeTrue(Files.exists(p), what + " absent (" + p
                + "; -Ddata.dir=DIR names another directory); skipped");
        return p;
    }
}
