package dev.recurrent.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Imdb.load against Keras' load_data. The expected counts and sums come from Keras' own code run in
 * Python (numpy) over the same files: keras/src/datasets/imdb.py, with the raw ranks recovered as
 * id − 3 after the start marker.
 */
class ImdbTest {
    @TempDir
    Path tmp;

    static Path dir() {
        return TestData.require("imdb/train_sequences.bin", "IMDB data").getParent();
    }

    static long count(int[][] xs, int id) {
        long n = 0;
        for (int[] x : xs) {
            for (int w : x) {
                n += w == id ? 1 : 0;
            }
        }
        return n;
    }

    static long tokens(int[][] xs) {
        long n = 0;
        for (int[] x : xs) {
            n += x.length;
        }
        return n;
    }

    static int sum(int[] labels) {
        int n = 0;
        for (int y : labels) {
            n += y;
        }
        return n;
    }

    @Test
    void topTenThousandWords() throws IOException {
        Imdb d = Imdb.load(dir(), 10000, 0, 0);
        assertEquals(25000, d.xTrain().length);
        assertEquals(25000, d.xTest().length);
        assertEquals(12500, sum(d.yTrain()));
        assertEquals(12500, sum(d.yTest()));
        for (int[][] xs : new int[][][] {d.xTrain(), d.xTest()}) {
            for (int[] x : xs) {
                assertEquals(1, x[0], "start marker");
                for (int w : x) {
                    assertTrue(w >= 1 && w < 10000, "id " + w);
                }
            }
        }
        assertEquals(5967841, tokens(d.xTrain()));
        assertEquals(5770105, tokens(d.xTest()));
        assertEquals(341611, count(d.xTrain(), 2), "out-of-vocabulary ids in train");
        assertEquals(297058, count(d.xTest(), 2), "out-of-vocabulary ids in test");
        assertEquals(218, d.xTrain()[0].length);
        assertArrayEquals(new int[] {1, 14, 22, 16, 43, 530, 973, 1622, 1385, 65, 458, 4468},
                java.util.Arrays.copyOf(d.xTrain()[0], 12));
        assertArrayEquals(new int[] {1, 0, 0, 1, 0, 0, 1, 0, 1, 0}, java.util.Arrays.copyOf(d.yTrain(), 10));
    }

    @Test
    void maxlenRemovesReviewsOfThatLengthOrLonger() throws IOException {
        Imdb d = Imdb.load(dir(), 10000, 0, 100);
        assertEquals(2773, d.xTrain().length);
        assertEquals(2963, d.xTest().length);
        assertEquals(2773, d.yTrain().length);
        assertEquals(1537, sum(d.yTrain()));
        assertEquals(1604, sum(d.yTest()));
        assertEquals(8314, count(d.xTrain(), 2));
        for (int[] x : d.xTrain()) {
            assertTrue(x.length < 100, "length " + x.length);
        }
        assertEquals(43, d.xTrain()[0].length);
        assertArrayEquals(new int[] {1, 778, 128, 74, 12, 630, 163, 15, 4, 1766, 7982, 1051},
                java.util.Arrays.copyOf(d.xTrain()[0], 12));
    }

    @Test
    void skipTopAlsoReplacesTheStartMarker() throws IOException {
        Imdb d = Imdb.load(dir(), 5000, 20, 500);
        assertEquals(22882, d.xTrain().length);
        assertEquals(23065, d.xTest().length);
        assertArrayEquals(new int[] {2, 2, 22, 2, 43, 530, 973, 1622, 1385, 65, 458, 4468},
                java.util.Arrays.copyOf(d.xTrain()[0], 12));
        assertEquals(1761086, count(d.xTrain(), 2));
    }

    @Test
    void allWordsReplaceTheLargestIdAsKerasDoes() throws IOException {
        Imdb d = Imdb.load(dir());
        // num_words=None → num_words = the largest id (88587), and `w < num_words` cuts that id
        assertEquals(2, d.xTrain()[1534][9]);
        assertEquals(1, count(d.xTrain(), 2));
        assertEquals(0, count(d.xTest(), 2));
        Imdb all = Imdb.load(dir(), Integer.MAX_VALUE, 0, 0);
        assertEquals(88587, all.xTrain()[1534][9]);
    }

    @Test
    void noStartNoOovOtherIndexFrom() throws IOException {
        Imdb d = Imdb.load(dir(), 1000, 0, 0, -1, -1, 0);
        assertEquals(25000, d.xTrain().length);
        assertEquals(188, d.xTrain()[0].length);
        assertArrayEquals(new int[] {11, 19, 13, 40, 527, 970, 62, 455, 63, 1, 170, 33},
                java.util.Arrays.copyOf(d.xTrain()[0], 12));
        assertEquals(4537821, tokens(d.xTrain()));
        assertEquals(4437550, tokens(d.xTest()));
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        Files.write(tmp.resolve("train_sequences.bin"), new byte[4]);
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Imdb.load(tmp, 10000, 0, 0));
        String m = e.getMessage();
        assertTrue(m.contains(tmp.toAbsolutePath().toString()), m);
        assertTrue(m.contains("train_sequences.bin, train_labels.bin, test_sequences.bin, test_labels.bin"), m);
        assertTrue(m.contains("missing train_labels.bin, test_sequences.bin, test_labels.bin"), m);
    }

    static Path ints(Path file, int... values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return Files.write(file, b.array());
    }

    @Test
    void declaredLengthsAreCheckedAgainstTheFileSize() throws IOException {
        Path f = tmp.resolve("s.bin");
        ints(f, 2, 2, 1, 4, 2, 1, 5);
        assertEquals(2, Imdb.readSequences(f, 1, 3).length);
        ints(f, 1_000_000_000, 2, 1, 4);
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> Imdb.readSequences(f, 1, 3));
        assertTrue(e.getMessage().contains("declares 1000000000 sequences"), e.getMessage());
        ints(f, 1, 1_000_000, 1, 4);
        e = assertThrows(MalformedDataException.class, () -> Imdb.readSequences(f, 1, 3));
        assertTrue(e.getMessage().contains("sequence 0 declares 1000000 tokens, but only 8 bytes remain"), e.getMessage());
        ints(f, 1, 2, 1, 4, 9);
        e = assertThrows(MalformedDataException.class, () -> Imdb.readSequences(f, 1, 3));
        assertTrue(e.getMessage().contains("4 bytes after the last"), e.getMessage());
        ints(f, 1, 2, 7, 4);
        e = assertThrows(MalformedDataException.class, () -> Imdb.readSequences(f, 1, 3));
        assertTrue(e.getMessage().contains("starts with 7"), e.getMessage());
        Path labels = Files.write(tmp.resolve("l.bin"), new byte[] {0, 1, 3});
        e = assertThrows(MalformedDataException.class, () -> Imdb.readLabels(labels, 2));
        assertTrue(e.getMessage().contains("3 bytes, expected 2"), e.getMessage());
        e = assertThrows(MalformedDataException.class, () -> Imdb.readLabels(labels, 3));
        assertTrue(e.getMessage().contains("label 2 is 3"), e.getMessage());
    }
}
