package dev.recurrent.io.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where datasets are looked for and put. */
class DataLocationsTest {
    @TempDir
    Path tmp;

    @Test
    void theCacheIsUnderHomeOrXdgCacheHome() {
        assertEquals(Paths.get("/home/u/.cache/recurrent"), DataLocations.cache(Map.of(), "/home/u"));
        assertEquals(Paths.get("/var/cache/u/recurrent"), DataLocations.cache(Map.of("XDG_CACHE_HOME", "/var/cache/u"), "/home/u"));
        assertEquals(Paths.get("/home/u/.cache/recurrent"), DataLocations.cache(Map.of("XDG_CACHE_HOME", "relative"), "/home/u"),
                "a relative XDG_CACHE_HOME is ignored, as the XDG spec says");
    }

    @Test
    void recurrentDataComesFirstAndIsWrittenTo() {
        DataLocations l = DataLocations.standard(Map.of(DataLocations.ENV, "/data"), "/home/u", List.of(Paths.get("/shared/data")));
        assertEquals(Paths.get("/data"), l.writeRoot());
        assertEquals(List.of(Paths.get("/data"), Paths.get("/home/u/.cache/recurrent"), Paths.get("/shared/data")), l.roots());
        DataLocations plain = DataLocations.standard(Map.of(), "/home/u", List.of());
        assertEquals(Paths.get("/home/u/.cache/recurrent"), plain.writeRoot());
        assertEquals(List.of(plain.writeRoot()), plain.roots());
    }

    @Test
    void findTakesTheFirstRootWithEveryFileAtItsSize() throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a")), b = Files.createDirectories(tmp.resolve("b"));
        Dataset airline = Datasets.AIRLINE_PASSENGERS;
        Files.write(a.resolve("airline-passengers.csv"), new byte[10]);   // wrong size: not this one
        Files.write(b.resolve("airline-passengers.csv"), new byte[2180]);
        DataLocations l = DataLocations.standard(Map.of(DataLocations.ENV, a.toString()), tmp.toString(), List.of(b));
        assertEquals(Optional.of(b), l.find(airline));
        assertEquals(List.of("airline-passengers.csv"), DataLocations.missing(airline, a));
        assertEquals(Optional.empty(), DataLocations.explicit(a).find(airline), "an explicit root is the only place looked in");
    }

    @Test
    void datasetsLiveInTheSharedLayout() {
        Path root = Paths.get("/r");
        assertEquals(Paths.get("/r/imdb"), Datasets.IMDB.location(root));
        assertEquals(Paths.get("/r/nietzsche.txt"), Datasets.NIETZSCHE.location(root));
        assertEquals(Paths.get("/r/tinyshakespeare.txt"), Datasets.SHAKESPEARE.location(root));
        assertEquals(Optional.of(Datasets.IMDB), Datasets.named("imdb"));
        assertEquals("imdb, nietzsche, shakespeare, airline-passengers, shampoo-sales", Datasets.names());
    }
}
