package dev.recurrent.io.datasets;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The conversion of the raw reviews gives Keras' IMDB data byte for byte: an archive laid out as
 * {@code aclImdb_v1.tar.gz} is rebuilt from the shared raw texts ({@code train_reviews.tsv.gz},
 * {@code test_reviews.tsv.gz}: label, id, rating, text, in Keras' order), converted, and compared with
 * the shared {@code .bin} files, which match real Keras output. Skipped without the shared data
 * ({@code -Ddata.dir=DIR}, default {@code ../../shared/data}).
 */
class ImdbConversionTest {

    static Path sharedImdb() {
        String dir = System.getProperty("data.dir");
        Path p = Paths.get(dir == null || dir.isBlank() ? "../../shared/data" : dir).resolve("imdb").toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(p.resolve("train_reviews.tsv.gz")) && Files.isRegularFile(p.resolve("train_sequences.bin")),
                "shared IMDB data is absent at " + p + " (set -Ddata.dir=DIR); the byte-for-byte check is skipped");
        return p;
    }

    @TempDir
    static Path built;

    /** The archive rebuilt from the shared texts, made once for both tests. */
    private static Path archive() throws IOException {
        Path archive = built.resolve(Datasets.IMDB_ARCHIVE);
        if (!Files.exists(archive)) {
            int[] counts = writeArchive(archive, sharedImdb());
            assertEquals(List.of(25_000, 25_000), List.of(counts[0], counts[1]));
        }
        return archive;
    }

    @Test
    void rawReviewsConvertToTheSharedKerasFilesByteForByte(@TempDir Path root) throws IOException {
        Path shared = sharedImdb();
        Path dir = Files.createDirectories(Datasets.IMDB.folder(root));
        Files.copy(archive(), dir.resolve(Datasets.IMDB_ARCHIVE));
        Files.copy(shared.resolve(Datasets.IMDB_WORD_INDEX), dir.resolve(Datasets.IMDB_WORD_INDEX));

        ImdbConverter.convert(dir);

        assertSameAsShared(dir, shared);
        assertEquals(List.of(), DatasetFetcher.damaged(Datasets.IMDB, root), "the registry's hashes are those of the converted files");
    }

    /**
     * The way a user gets it: both files downloaded (from a server on 127.0.0.1 standing in for
     * Stanford's and Keras'), verified, converted, checked, the archive deleted; a second fetch does nothing.
     */
    @Test
    void fetchingDownloadsConvertsVerifiesAndCleansUp(@TempDir Path tmp) throws IOException {
        Path shared = sharedImdb();
        byte[] archiveBytes = Files.readAllBytes(archive());
        // the rebuilt archive has the same content as Stanford's, not the same bytes: its own hash
        Source rebuilt = new Source(DownloaderTest.describe(Datasets.IMDB_ARCHIVE, archiveBytes), "http://unused/", null);
        Dataset imdb = new Dataset("imdb", "test", "imdb", Datasets.IMDB.files(),
                List.of(rebuilt, Datasets.IMDB.sources().get(1)), Datasets.IMDB.preparation(), "test");
        Path root = tmp.resolve("data");
        try (FixtureServer server = new FixtureServer().serve(Datasets.IMDB_ARCHIVE, archiveBytes)
                .serve(Datasets.IMDB_WORD_INDEX, Files.readAllBytes(shared.resolve(Datasets.IMDB_WORD_INDEX)))) {
            archiveBytes = null;
            DatasetFetcher fetcher = new DatasetFetcher(new Downloader(), server.base(), DownloadListener.NONE);
            assertEquals(DatasetFetcher.Outcome.FETCHED, fetcher.fetch(imdb, root));
            assertSameAsShared(imdb.folder(root), shared);
            assertFalse(Files.exists(imdb.folder(root).resolve(Datasets.IMDB_ARCHIVE)), "the archive is deleted once converted");
            assertEquals(DatasetFetcher.Outcome.ALREADY_THERE, fetcher.fetch(Datasets.IMDB, root));
            assertEquals(2, server.requests.size(), server.requests.toString());
        }
    }

    private static void assertSameAsShared(Path dir, Path shared) throws IOException {
        for (String f : new String[] {"train_sequences.bin", "train_labels.bin", "test_sequences.bin", "test_labels.bin"}) {
            assertEquals(Files.size(shared.resolve(f)), Files.size(dir.resolve(f)), f);
            assertEquals(-1L, Files.mismatch(shared.resolve(f), dir.resolve(f)), f + " differs from the shared file");
        }
    }

    /**
     * {@code aclImdb/{train,test}/{pos,neg}/<id>_<rating>.txt} from the TSV rows (in their shuffled
     * order, so the converter must sort), plus files the converter must ignore; the entry counts.
     */
    private static int[] writeArchive(Path archive, Path shared) throws IOException {
        int[] counts = new int[2];
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(archive), 1 << 16);
             GZIPOutputStream gz = new GZIPOutputStream(file, 1 << 16) {
                 {
                     def.setLevel(Deflater.BEST_SPEED);
                 }
             };
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            put(tar, "aclImdb/README", "not a review".getBytes(StandardCharsets.US_ASCII));
            put(tar, "aclImdb/train/unsup/0_0.txt", "an unlabelled review".getBytes(StandardCharsets.US_ASCII));
            put(tar, "aclImdb/train/urls_pos.txt", "http://www.imdb.com/title/tt0000000/".getBytes(StandardCharsets.US_ASCII));
            for (String split : new String[] {"train", "test"}) {
                try (InputStream in = new BufferedInputStream(new GZIPInputStream(
                        Files.newInputStream(shared.resolve(split + "_reviews.tsv.gz")), 1 << 16))) {
                    byte[] header = readLine(in);
                    assertEquals("label\tid\trating\ttext", new String(header, StandardCharsets.UTF_8));
                    for (byte[] line; (line = readLine(in)) != null; ) {
                        // split on TAB at most 3 times: some texts hold TABs
                        int t1 = indexOf(line, 0), t2 = indexOf(line, t1 + 1), t3 = indexOf(line, t2 + 1);
                        String label = ascii(line, 0, t1), id = ascii(line, t1 + 1, t2), rating = ascii(line, t2 + 1, t3);
                        String folder = label.equals("1") ? "pos" : "neg";
                        put(tar, "aclImdb/" + split + "/" + folder + "/" + id + "_" + rating + ".txt",
                                Arrays.copyOfRange(line, t3 + 1, line.length));
                        counts[split.equals("train") ? 0 : 1]++;
                    }
                }
            }
        }
        return counts;
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    /** One line without its LF (lines end with LF only; a text may hold CR or U+0085), or null at the end. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(2048);
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        return b < 0 && line.size() == 0 ? null : line.toByteArray();
    }

    private static int indexOf(byte[] line, int from) {
        for (int i = from; i < line.length; i++) {
            if (line[i] == '\t') {
                return i;
            }
        }
        throw new IllegalStateException("a TSV row with fewer than 4 fields");
    }

    private static String ascii(byte[] line, int from, int to) {
        return new String(line, from, to - from, StandardCharsets.US_ASCII);
    }
}
