package dev.recurrent.io.datasets;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The registry's sizes and hashes are those of the real files (the shared copies, checked against published figures). */
class RegistryTest {

    @Test
    void everySharedCopyMatchesTheRegistry() throws IOException {
        Path shared = ImdbConversionTest.sharedImdb().getParent();
        for (Dataset d : Datasets.all()) {
            assumeTrue(DataLocations.present(d, shared), d.name() + " is absent from " + shared);
            assertEquals(List.of(), DatasetFetcher.damaged(d, shared), d.name());
        }
    }

    @Test
    void namesAreUniqueAndEverySourceHasAPublicUrl() {
        Set<String> names = new HashSet<>();
        for (Dataset d : Datasets.all()) {
            assertTrue(names.add(d.name()), d.name());
            assertTrue(!d.citation().isBlank() && !d.description().isBlank(), d.name());
            for (Source s : d.sources()) {
                assertTrue(s.url().startsWith("http://") || s.url().startsWith("https://"), s.url());
            }
        }
        assertEquals(84_125_825 + 1_641_221, Datasets.IMDB.downloadSize());
    }

    @Test
    void theBundledCopiesAreInTheJar() throws IOException {
        for (Dataset d : List.of(Datasets.AIRLINE_PASSENGERS, Datasets.SHAMPOO_SALES)) {
            Source s = d.sources().get(0);
            try (var in = Datasets.openBundled(s)) {
                byte[] bytes = in.readAllBytes();
                assertEquals(s.file().size(), bytes.length, d.name());
                assertEquals(s.file().sha256(), java.util.HexFormat.of().formatHex(Sha256.digest().digest(bytes)), d.name());
            }
        }
    }
}
