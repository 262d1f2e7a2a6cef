package dev.recurrent.io.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The downloader against a server on 127.0.0.1: whole, damaged, cut and resumed, missing, unreachable. */
class DownloaderTest {
    @TempDir
    Path dir;

    static byte[] content(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static DatasetFile describe(String name, byte[] content) {
        return new DatasetFile(name, content.length, HexFormat.of().formatHex(Sha256.digest().digest(content)));
    }

    private static Downloader downloader(int attempts) {
        return new Downloader(HttpClient.newHttpClient(), attempts, Duration.ofSeconds(20));
    }

    /** N of a recorded "/path bytes=N-". */
    private static long rangeStart(String request) {
        assertTrue(request.matches("/\\S+ bytes=\\d+-"), request);
        return Long.parseLong(request.substring(request.indexOf('=') + 1, request.length() - 1));
    }

    @Test
    void aGoodFileArrivesVerifiedWithProgressAndNoPartLeft() throws IOException {
        byte[] data = content(300_000, 1);
        AtomicLong last = new AtomicLong(-1);
        try (FixtureServer server = new FixtureServer().serve("good.bin", data)) {
            Path target = dir.resolve("good.bin");
            downloader(3).download(server.url("good.bin"), target, describe("good.bin", data), new DownloadListener() {
                @Override
                public void progress(String file, long done, long total) {
                    assertTrue(done >= last.get() && total == data.length, done + " of " + total);
                    last.set(done);
                }
            });
            assertArrayEquals(data, Files.readAllBytes(target));
            assertEquals(data.length, last.get());
            assertFalse(Files.exists(Downloader.partOf(target)));
        }
    }

    @Test
    void aDamagedFileIsDeletedAndTheOldOneKept() throws IOException {
        byte[] good = content(50_000, 2), bad = good.clone();
        bad[12_345] ^= 1;
        Path target = dir.resolve("file.bin");
        byte[] old = "the old copy".getBytes(StandardCharsets.US_ASCII);
        Files.write(target, old);
        DatasetFile expected = describe("file.bin", good);
        try (FixtureServer server = new FixtureServer().serve("file.bin", bad)) {
            DownloadException e = assertThrows(DownloadException.class,
                    () -> downloader(3).download(server.url("file.bin"), target, expected, DownloadListener.NONE));
            assertTrue(e.corrupt());
            String actual = HexFormat.of().formatHex(Sha256.digest().digest(bad));
            assertTrue(e.getMessage().contains(expected.sha256()) && e.getMessage().contains(actual), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
        assertArrayEquals(old, Files.readAllBytes(target));
        assertFalse(Files.exists(Downloader.partOf(target)), "the damaged download is deleted");
    }

    @Test
    void aCutConnectionIsResumedWithARangeRequest() throws IOException {
        byte[] data = content(200_000, 3);
        try (FixtureServer server = new FixtureServer().serve("big.bin", data).cutFirstRequestAfter("big.bin", 70_000)) {
            Path target = dir.resolve("big.bin");
            downloader(3).download(server.url("big.bin"), target, describe("big.bin", data), DownloadListener.NONE);
            assertArrayEquals(data, Files.readAllBytes(target));
            assertEquals(2, server.requests.size(), server.requests.toString());
            assertEquals("/big.bin", server.requests.get(0));
            long resumedAt = rangeStart(server.requests.get(1));
            assertTrue(resumedAt > 0 && resumedAt <= 70_000, server.requests.toString());
        }
    }

    @Test
    void aPartLeftByAFailedCallIsResumedByTheNextOne() throws IOException {
        byte[] data = content(120_000, 4);
        DatasetFile expected = describe("big.bin", data);
        Path target = dir.resolve("big.bin");
        try (FixtureServer server = new FixtureServer().serve("big.bin", data).cutFirstRequestAfter("big.bin", 40_000)) {
            DownloadException e = assertThrows(DownloadException.class,
                    () -> downloader(1).download(server.url("big.bin"), target, expected, DownloadListener.NONE));
            assertFalse(e.corrupt());
            long part = Files.size(Downloader.partOf(target));   // what arrived before the cut: at most 40,000 bytes
            assertTrue(part > 0 && part <= 40_000, "the part stays for the next call: " + part + " bytes");
            assertFalse(Files.exists(target));

            downloader(1).download(server.url("big.bin"), target, expected, DownloadListener.NONE);
            assertArrayEquals(data, Files.readAllBytes(target));
            assertEquals(part, rangeStart(server.requests.get(1)));
        }
    }

    @Test
    void aServerThatStopsSendingIsLeftAndTheDownloadResumed() throws IOException {
        byte[] data = content(150_000, 6);
        try (FixtureServer server = new FixtureServer().serve("slow.bin", data).stallFirstRequestAfter("slow.bin", 50_000)) {
            Path target = dir.resolve("slow.bin");
            long t0 = System.nanoTime();
            new Downloader(HttpClient.newHttpClient(), 3, Duration.ofMillis(400))
                    .download(server.url("slow.bin"), target, describe("slow.bin", data), DownloadListener.NONE);
            assertTrue(System.nanoTime() - t0 < 4_000_000_000L, "it did not wait for the stalled server");
            assertArrayEquals(data, Files.readAllBytes(target));
            assertEquals(2, server.requests.size(), server.requests.toString());
            long resumedAt = rangeStart(server.requests.get(1));
            assertTrue(resumedAt > 0 && resumedAt <= 50_000, server.requests.toString());
        }
    }

    @Test
    void aResponseThatEndsEarlyIsNotTakenForDamagedButResumed() throws IOException {
        byte[] data = content(100_000, 7);
        try (FixtureServer server = new FixtureServer().serve("short.bin", data).endFirstRequestAfter("short.bin", 60_000)) {
            Path target = dir.resolve("short.bin");
            downloader(3).download(server.url("short.bin"), target, describe("short.bin", data), DownloadListener.NONE);
            assertArrayEquals(data, Files.readAllBytes(target));
            assertEquals(List.of("/short.bin", "/short.bin bytes=60000-"), server.requests);
        }
    }

    @Test
    void aServerThatIgnoresTheRangeSendsTheWholeFileAgain() throws IOException {
        byte[] data = content(90_000, 5);
        Path target = dir.resolve("f.bin");
        Files.write(Downloader.partOf(target), java.util.Arrays.copyOf(data, 30_000));
        try (FixtureServer server = new FixtureServer().serve("f.bin", data).ignoreRanges()) {
            downloader(1).download(server.url("f.bin"), target, describe("f.bin", data), DownloadListener.NONE);
            assertArrayEquals(data, Files.readAllBytes(target));
        }
    }

    @Test
    void aMissingFileIsHttp404() throws IOException {
        try (FixtureServer server = new FixtureServer()) {
            Path target = dir.resolve("absent.bin");
            DownloadException e = assertThrows(DownloadException.class, () -> downloader(3).download(
                    server.url("absent.bin"), target, describe("absent.bin", new byte[1]), DownloadListener.NONE));
            assertEquals("HTTP 404", e.getMessage());
            assertFalse(Files.exists(target) || Files.exists(Downloader.partOf(target)));
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws IOException {
        // bound but never started: the system accepts the connection, nobody answers
        var silent = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        try {
            URI url = URI.create("http://127.0.0.1:" + silent.getAddress().getPort() + "/x.bin");
            Downloader impatient = new Downloader(HttpClient.newHttpClient(), 3, Duration.ofMillis(300));
            DownloadException e = assertThrows(DownloadException.class, () -> impatient.download(url,
                    dir.resolve("x.bin"), describe("x.bin", new byte[1]), DownloadListener.NONE));
            assertEquals("timed out", e.getMessage());
        } finally {
            silent.start();
            silent.stop(0);
        }
    }

    @Test
    void noServerIsConnectionRefused() throws IOException {
        URI url;
        try (FixtureServer server = new FixtureServer()) {
            url = server.url("x.bin");
        }
        Path target = dir.resolve("x.bin");
        DownloadException e = assertThrows(DownloadException.class,
                () -> downloader(3).download(url, target, describe("x.bin", new byte[1]), DownloadListener.NONE));
        assertEquals("connection refused", e.getMessage());
        assertFalse(Files.exists(target));
    }
}
