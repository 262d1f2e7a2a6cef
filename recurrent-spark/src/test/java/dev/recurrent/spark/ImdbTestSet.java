package dev.recurrent.spark;

import dev.recurrent.data.Imdb;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The IMDB test reviews, from -Ddata.dir (default ../../shared/data) /imdb, when present; the tests
 * that need them are skipped otherwise. Only the test files are read: {@link Imdb#load} wants the
 * training files too, so the test files stand in for them in a directory of links.
 */
final class ImdbTestSet {
    private ImdbTestSet() {
    }

    static int[][] reviews(int numWords, Path scratch) throws IOException {
        String dir = System.getProperty("data.dir");
        Path imdb = Paths.get(dir == null || dir.isBlank() ? "../../shared/data" : dir).resolve("imdb")
                .toAbsolutePath().normalize();
        Path seqs = imdb.resolve("test_sequences.bin"), labels = imdb.resolve("test_labels.bin");
        Assumptions.assumeTrue(Files.isRegularFile(seqs) && Files.isRegularFile(labels),
                "no IMDB test reviews in " + imdb + ": skipped");
        Path[] links = {scratch.resolve("train_sequences.bin"), scratch.resolve("train_labels.bin"),
                scratch.resolve("test_sequences.bin"), scratch.resolve("test_labels.bin")};
        try {
            for (int i = 0; i < links.length; i++) {
                Files.createSymbolicLink(links[i], i % 2 == 0 ? seqs : labels);
            }
            return Imdb.load(scratch, numWords, 0, 0).xTest();
        } finally {
            for (Path link : links) {
                Files.deleteIfExists(link);
            }
        }
    }
}
