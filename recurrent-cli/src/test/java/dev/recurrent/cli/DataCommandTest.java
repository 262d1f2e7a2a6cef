package dev.recurrent.cli;

import com.sun.net.httpserver.HttpServer;
import dev.recurrent.cli.DemoCommandsTest.Run;
import dev.recurrent.cli.demos.DemoData;
import dev.recurrent.cli.demos.DownloadProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.recurrent.cli.DemoCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code recurrent data list | fetch | path}, and the demos' use of it, with no network but 127.0.0.1. */
class DataCommandTest {
    @TempDir
    Path tmp;

    private final Map<String, String> env = new HashMap<>();

    /** No ../shared/data and no real cache: the environment is this test's. */
    private void isolate() {
        env.put("RECURRENT_DATA", tmp.resolve("data").toString());
        DemoData.environment = () -> env;
        DemoData.extraRoots = List::of;
    }

    @AfterEach
    void restore() {
        DemoData.environment = System::getenv;
        DemoData.extraRoots = DemoData::sharedRoots;
    }

    /** A base URL where nothing listens. */
    private static String deadMirror() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.start();   // stopping a server that never started would leave its socket listening
        int port = s.getAddress().getPort();
        s.stop(0);
        return "http://127.0.0.1:" + port + "/";
    }

    private static void assertOneLine(Run r, int code, String expected) {
        assertEquals(code, r.code(), r.out() + r.err());
        assertEquals("error: " + expected + "\n", r.err().replace("\r\n", "\n"));
    }

    @Test
    void listShowsEveryDatasetAndWhetherItIsThere() {
        Path root = tmp.resolve("data");
        Run r = run("data", "list", "--data", root.toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].matches("NAME +SIZE +WHERE +SOURCE"), lines[0]);
        assertTrue(lines[1].matches("imdb +85\\.8 MB +not downloaded +http://ai\\.stanford\\.edu/~amaas/data/sentiment/aclImdb_v1\\.tar\\.gz"),
                lines[1]);
        assertTrue(lines[2].startsWith("nietzsche ") && lines[2].contains("600.9 kB") && lines[2].endsWith("/nietzsche.txt"), lines[2]);
        assertTrue(r.out().contains("airline-passengers") && r.out().contains("shampoo-sales") && r.out().contains("shakespeare"));
        assertTrue(lines[lines.length - 1].equals("Data folder: " + root.toAbsolutePath().normalize()), lines[lines.length - 1]);
    }

    @Test
    void fetchPathAndListOfABundledDataset() {
        Path root = tmp.resolve("data");
        Path csv = root.resolve("airline-passengers.csv").toAbsolutePath().normalize();
        Run absent = run("data", "path", "airline-passengers", "--data", root.toString());
        assertOneLine(absent, 1, "airline-passengers is not downloaded (looked in " + root.toAbsolutePath().normalize()
                + "); run 'recurrent data fetch airline-passengers'");

        Run fetched = run("data", "fetch", "airline-passengers", "--data", root.toString(), "--mirror", "http://127.0.0.1:1/");
        assertEquals(0, fetched.code(), fetched.err());
        assertEquals("airline-passengers: fetched and verified: " + csv + "\n", fetched.out());
        Run again = run("data", "fetch", "airline-passengers", "--data", root.toString());
        assertEquals("airline-passengers: already there, verified: " + csv + "\n", again.out());

        Run path = run("data", "path", "airline-passengers", "--data", root.toString());
        assertEquals(0, path.code());
        assertEquals(csv + "\n", path.out());
        assertTrue(run("data", "list", "--data", root.toString()).out().contains(csv.toString()));
    }

    @Test
    void anUnknownNameIsOneErrorNamingTheDatasets() {
        Run r = run("data", "fetch", "mnist", "--data", tmp.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: unknown dataset 'mnist'; expected one of imdb, nietzsche, shakespeare,"
                + " airline-passengers, shampoo-sales\n"), r.err());
    }

    @Test
    void aMirrorMustBeAnHttpUrl() {
        Run r = run("data", "fetch", "nietzsche", "--data", tmp.toString(), "--mirror", "ftp://example.org/data/");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: --mirror must be an http(s) URL, got 'ftp://example.org/data/'\n"), r.err());
    }

    @Test
    void noNetworkIsOneLineSayingWhereToPutTheFile() throws IOException {
        String mirror = deadMirror();
        Path root = tmp.resolve("data");
        Run r = run("data", "fetch", "nietzsche", "--data", root.toString(), "--mirror", mirror);
        String fetching = "Fetching nietzsche (600.9 kB) into " + root.toAbsolutePath().normalize() + "\n";
        assertTrue(r.err().startsWith(fetching), r.err());
        assertOneLine(new Run(r.code(), r.out(), r.err().substring(fetching.length())), 1, "could not download nietzsche from " + mirror + "nietzsche.txt (connection refused); download it"
                + " by hand and put it at " + root.resolve("nietzsche.txt").toAbsolutePath().normalize()
                + ", then run 'recurrent data fetch nietzsche'");
        assertFalse(Files.exists(root.resolve("nietzsche.txt")));
    }

    @Test
    void demoImdbOfflineWithoutTheDataSaysHowToGetItAndWritesNothing() {
        isolate();
        Path runDir = tmp.resolve("run");
        Run r = run("demo", "imdb", "--offline", "--out", runDir.toString());
        Path folder = tmp.resolve("data").resolve("imdb").toAbsolutePath().normalize();
        assertOneLine(r, 2, "imdb is not downloaded (--offline); run 'recurrent data fetch imdb', or download"
                + " http://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz and"
                + " https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb_word_index.json by hand into " + folder
                + ", then run 'recurrent data fetch imdb'");
        assertFalse(Files.exists(runDir), "nothing written");
        assertFalse(r.err().contains("README"));
    }

    @Test
    void demoTextWithoutNetworkIsOneLine() throws IOException {
        isolate();
        env.put("RECURRENT_DATA_MIRROR", deadMirror());
        Run r = run("demo", "text", "--corpus", "shakespeare", "--out", tmp.resolve("run").toString());
        assertEquals(1, r.code(), r.err());
        String[] lines = r.err().split("\n");
        assertTrue(lines[0].startsWith("Fetching shakespeare (1.1 MB) into "), r.err());
        assertTrue(lines[1].startsWith("error: could not download shakespeare from " + env.get("RECURRENT_DATA_MIRROR")
                + "tinyshakespeare.txt (connection refused); download it by hand and put it at "), r.err());
        assertEquals(2, lines.length, r.err());
        assertFalse(Files.exists(tmp.resolve("run")));
    }

    @Test
    void demoTextFetchesItsCorpusOnceThroughTheMirror() throws IOException {
        Path shared = DemoData.locate("nietzsche.txt");
        assumeTrue(Files.isRegularFile(shared), "../shared/data/nietzsche.txt is absent: nothing to serve");
        byte[] text = Files.readAllBytes(shared);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/nietzsche.txt", ex -> {
            ex.sendResponseHeaders(200, text.length);
            ex.getResponseBody().write(text);
            ex.close();
        });
        server.start();
        try {
            isolate();
            env.put("RECURRENT_DATA_MIRROR", "http://127.0.0.1:" + server.getAddress().getPort());   // the '/' is added
            Run r = run("demo", "text", "--max-windows", "200", "--epochs", "1", "--sample-length", "5",
                    "--out", tmp.resolve("run").toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().startsWith("Fetching nietzsche (600.9 kB) into " + tmp.resolve("data").toAbsolutePath()), r.err());
            assertTrue(r.out().contains("corpus length: 600893\ntotal chars: 57\n"), r.out());
            assertEquals(-1L, Files.mismatch(shared, tmp.resolve("data").resolve("nietzsche.txt")));

            server.stop(0);   // the second run finds it
            Run again = run("demo", "text", "--max-windows", "200", "--epochs", "1", "--sample-length", "5",
                    "--out", tmp.resolve("run2").toString());
            assertEquals(0, again.code(), again.err());
            assertFalse(again.err().contains("Fetching"), again.err());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theDownloadBarFillsWithTheBytes() {
        assertEquals("a.tar.gz ....................   0%  0.0/84.1 MB", DownloadProgress.line("a.tar.gz", 0, 84_125_825, false));
        assertEquals("a.tar.gz ==========..........  50%  42.1/84.1 MB",
                DownloadProgress.line("a.tar.gz", 42_062_913, 84_125_825, false));
        assertEquals("b.txt ==================== 100%  600.9 kB of 600.9 kB", DownloadProgress.line("b.txt", 600_901, 600_901, false));
        assertEquals("2.2 kB", DownloadProgress.size(2_180));
        assertEquals("519 B", DownloadProgress.size(519));
    }
}
