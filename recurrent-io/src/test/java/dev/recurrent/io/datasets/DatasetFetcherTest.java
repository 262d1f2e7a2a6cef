package dev.recurrent.io.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.recurrent.io.datasets.DownloaderTest.content;
import static dev.recurrent.io.datasets.DownloaderTest.describe;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole datasets through a mirror on 127.0.0.1: fetched once, prepared, verified; the one-line error. */
class DatasetFetcherTest {
    @TempDir
    Path root;

    private static final byte[] TEXT = content(40_000, 11), ARCHIVE = content(25_000, 12);

    /** A one-file dataset like nietzsche. */
    private static Dataset text() {
        DatasetFile f = describe("corpus.txt", TEXT);
        return new Dataset("corpus", "a text", "", List.of(f), List.of(new Source(f, "https://example.org/corpus.txt", null)),
                null, "test data");
    }

    /** A dataset made from an archive, like imdb: the "preparation" writes the archive's bytes reversed. */
    private static Dataset prepared(byte[] madeContent) {
        DatasetFile made = describe("made.bin", madeContent);
        return new Dataset("packed", "an archive", "packed", List.of(made),
                List.of(new Source(describe("packed.tar.gz", ARCHIVE), "https://example.org/packed.tar.gz", null)),
                dir -> Files.write(dir.resolve("made.bin"), reversed(Files.readAllBytes(dir.resolve("packed.tar.gz")))),
                "test data");
    }

    private static byte[] reversed(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    private static DatasetFetcher fetcher(URI mirror) {
        return new DatasetFetcher(new Downloader(HttpClient.newHttpClient(), 3, java.time.Duration.ofSeconds(20)), mirror, DownloadListener.NONE);
    }

    @Test
    void aDatasetIsFetchedOnceThenFoundVerified() throws IOException {
        try (FixtureServer server = new FixtureServer().serve("corpus.txt", TEXT)) {
            Dataset d = text();
            assertEquals(DatasetFetcher.Outcome.FETCHED, fetcher(server.base()).fetch(d, root));
            assertArrayEquals(TEXT, Files.readAllBytes(root.resolve("corpus.txt")));
            assertEquals(root.resolve("corpus.txt"), d.location(root));
            assertEquals(DatasetFetcher.Outcome.ALREADY_THERE, fetcher(server.base()).fetch(d, root));
            assertEquals(List.of("/corpus.txt"), server.requests, "the second fetch downloads nothing");
        }
    }

    @Test
    void aDamagedCopyIsFetchedAgain() throws IOException {
        Files.write(root.resolve("corpus.txt"), reversed(TEXT));   // right size, wrong bytes
        try (FixtureServer server = new FixtureServer().serve("corpus.txt", TEXT)) {
            Dataset d = text();
            assertTrue(DataLocations.present(d, root), "by size it looks present");
            assertEquals(1, DatasetFetcher.damaged(d, root).size());
            assertEquals(DatasetFetcher.Outcome.FETCHED, fetcher(server.base()).fetch(d, root));
            assertArrayEquals(TEXT, Files.readAllBytes(root.resolve("corpus.txt")));
        }
    }

    @Test
    void anArchiveIsPreparedVerifiedAndThenDeleted() throws IOException {
        try (FixtureServer server = new FixtureServer().serve("packed.tar.gz", ARCHIVE)) {
            Dataset d = prepared(reversed(ARCHIVE));
            assertEquals(DatasetFetcher.Outcome.FETCHED, fetcher(server.base()).fetch(d, root));
            assertArrayEquals(reversed(ARCHIVE), Files.readAllBytes(root.resolve("packed/made.bin")));
            assertFalse(Files.exists(root.resolve("packed/packed.tar.gz")), "the archive is deleted once converted");
            assertEquals(DatasetFetcher.Outcome.ALREADY_THERE, fetcher(server.base()).fetch(d, root));
        }
    }

    @Test
    void aPreparationThatMakesOtherBytesIsAnError() throws IOException {
        try (FixtureServer server = new FixtureServer().serve("packed.tar.gz", ARCHIVE)) {
            Dataset d = prepared(ARCHIVE);   // expects the archive's bytes, gets them reversed
            IOException e = assertThrows(IOException.class, () -> fetcher(server.base()).fetch(d, root));
            assertTrue(e.getMessage().startsWith("the packed files made from the downloads are not the expected ones: made.bin: SHA-256 "),
                    e.getMessage());
        }
    }

    @Test
    void noServerIsOneLineNamingTheUrlTheReasonAndWhereToPutTheFile() throws IOException {
        URI base;
        try (FixtureServer server = new FixtureServer()) {
            base = server.base();
        }
        DatasetFetchException e = assertThrows(DatasetFetchException.class, () -> fetcher(base).fetch(text(), root));
        Path byHand = root.resolve("corpus.txt").toAbsolutePath().normalize();
        assertEquals("could not download corpus from " + base + "corpus.txt (connection refused); download it by hand and"
                + " put it at " + byHand, e.getMessage());
        assertEquals(byHand, e.byHand().toAbsolutePath().normalize());
    }

    @Test
    void aMissingFileOnTheMirrorNamesHttp404() {
        try (FixtureServer server = new FixtureServer()) {
            DatasetFetchException e = assertThrows(DatasetFetchException.class, () -> fetcher(server.base()).fetch(text(), root));
            assertTrue(e.getMessage().contains("corpus.txt (HTTP 404); download it by hand"), e.getMessage());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void bundledDatasetsNeedNoNetwork() throws IOException {
        URI nowhere;
        try (FixtureServer server = new FixtureServer()) {
            nowhere = server.base();
        }
        for (Dataset d : List.of(Datasets.AIRLINE_PASSENGERS, Datasets.SHAMPOO_SALES)) {
            assertTrue(d.bundled() && d.downloadSize() == 0, d.name());
            assertEquals(DatasetFetcher.Outcome.FETCHED, fetcher(nowhere).fetch(d, root));
            assertEquals(List.of(), DatasetFetcher.damaged(d, root));
        }
        String airline = Files.readString(Datasets.AIRLINE_PASSENGERS.location(root), StandardCharsets.US_ASCII);
        assertTrue(airline.startsWith("\"Month\",\"Passengers\"\r\n\"1949-01\",112\r\n"), airline.substring(0, 40));
    }

    @Test
    void theMirrorMustEndWithASlash() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fetcher(URI.create("http://127.0.0.1:1/data")));
        assertEquals("a mirror URL must end with '/', got http://127.0.0.1:1/data", e.getMessage());
    }
}
