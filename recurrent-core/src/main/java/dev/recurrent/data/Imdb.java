package dev.recurrent.data;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The IMDB sentiment data in the Keras encoding, loaded from the binary files that
 * {@code recurrent data fetch imdb} makes from the raw reviews (format: docs/data.md; the
 * conversion: {@code dev.recurrent.io.datasets.ImdbConverter}), with the options of Keras'
 * {@code keras.datasets.imdb.load_data}, applied in Keras' order:
 * <ol>
 *   <li>each review becomes {@code [startChar] + [rank + indexFrom …]} (rank 1 = the most frequent
 *       training word); no start marker when {@code startChar < 0} (Keras' {@code None});</li>
 *   <li>{@code maxlen > 0}: reviews whose length, start marker included, is {@code >= maxlen} are
 *       <em>removed</em> with their labels (Keras' {@code remove_long_seq} keeps {@code len < maxlen}).
 *       This is not truncation: use {@link Sequences#padSequences} for that;</li>
 *   <li>{@code numWords} / {@code skipTop}: every id {@code w} outside {@code skipTop <= w < numWords}
 *       becomes {@code oovChar}, or is dropped when {@code oovChar < 0}. The start marker is an id like
 *       any other here, so a {@code skipTop} above it replaces it too. With {@code numWords <= 0}
 *       (Keras' {@code None}), Keras sets {@code numWords} to the largest id present, and so the
 *       largest id itself becomes {@code oovChar}: a known Keras quirk, kept for compatibility
 *       (keras-team/keras#6114) and reproduced here. {@code numWords = Integer.MAX_VALUE} keeps every id.</li>
 * </ol>
 * The shuffle of Keras ({@code seed=113}) is already in the files: their order is the order Keras
 * returns. Test-set words unseen in training were already dropped when the data was built.
 */
public final class Imdb {
    /** The four files read from the data directory. */
    public static final List<String> FILES = List.of("train_sequences.bin", "train_labels.bin",
            "test_sequences.bin", "test_labels.bin");

    /** The raw files' encoding: start marker 1, words from index 3 (so the most frequent word is 4). */
    private static final int FILE_START = 1, FILE_INDEX_FROM = 3;

    private final int[][] xTrain, xTest;
    private final int[] yTrain, yTest;

    private Imdb(int[][] xTrain, int[] yTrain, int[][] xTest, int[] yTest) {
        this.xTrain = xTrain;
        this.yTrain = yTrain;
        this.xTest = xTest;
        this.yTest = yTest;
    }

    /** Keras' {@code load_data()} with default arguments (all words; see the class note on {@code numWords}). */
    public static Imdb load(Path dir) throws IOException {
        return load(dir, 0, 0, 0);
    }

    /** {@code load_data(num_words, skip_top, maxlen)} with {@code start_char=1, oov_char=2, index_from=3}. */
    public static Imdb load(Path dir, int numWords, int skipTop, int maxlen) throws IOException {
        return load(dir, numWords, skipTop, maxlen, 1, 2, 3);
    }

    /**
     * Keras' {@code load_data}; see the class note for the order of the steps.
     *
     * @param dir       the directory holding {@link #FILES}
     * @param numWords  keep ids below this ({@code <= 0}: Keras' {@code None})
     * @param skipTop   ids below this become {@code oovChar} too
     * @param maxlen    remove reviews of this length or longer ({@code <= 0}: keep all)
     * @param startChar the id that starts each review ({@code < 0}: none)
     * @param oovChar   the id of a word cut by numWords / skipTop ({@code < 0}: drop the word)
     * @param indexFrom the id of word rank 0; the most frequent word (rank 1) is {@code indexFrom + 1}
     */
    public static Imdb load(Path dir, int numWords, int skipTop, int maxlen, int startChar, int oovChar,
            int indexFrom) throws IOException {
        if (skipTop < 0 || indexFrom < 0) {
            throw new IllegalArgumentException("Imdb.load: `skip_top` and `index_from` must be >= 0, got "
                    + skipTop + " and " + indexFrom);
        }
        requireFiles(dir);
        int[][] xTrain = readSequences(dir.resolve(FILES.get(0)), startChar, indexFrom);
        int[] yTrain = readLabels(dir.resolve(FILES.get(1)), xTrain.length);
        int[][] xTest = readSequences(dir.resolve(FILES.get(2)), startChar, indexFrom);
        int[] yTest = readLabels(dir.resolve(FILES.get(3)), xTest.length);

        if (maxlen > 0) {
            int[][][] xs = {xTrain, xTest};
            int[][] ys = {yTrain, yTest};
            for (int s = 0; s < 2; s++) {
                int kept = 0;
                for (int i = 0; i < xs[s].length; i++) {
                    if (xs[s][i].length < maxlen) {
                        xs[s][kept] = xs[s][i];
                        ys[s][kept++] = ys[s][i];
                    }
                }
                if (kept == 0) {
                    throw new IllegalArgumentException("Imdb.load: after filtering for sequences shorter than maxlen="
                            + maxlen + ", no sequence was kept. Increase maxlen.");
                }
                xs[s] = Arrays.copyOf(xs[s], kept);
                ys[s] = Arrays.copyOf(ys[s], kept);
            }
            xTrain = xs[0];
            xTest = xs[1];
            yTrain = ys[0];
            yTest = ys[1];
        }

        int limit = numWords > 0 ? numWords : Math.max(maxId(xTrain), maxId(xTest));
        limitWords(xTrain, skipTop, limit, oovChar);
        limitWords(xTest, skipTop, limit, oovChar);
        return new Imdb(xTrain, yTrain, xTest, yTest);
    }

    /** The training reviews, as ids. */
    public int[][] xTrain() {
        return xTrain;
    }

    /** The training labels: 1 positive, 0 negative. */
    public int[] yTrain() {
        return yTrain;
    }

    /** The test reviews, as ids. */
    public int[][] xTest() {
        return xTest;
    }

    /** The test labels. */
    public int[] yTest() {
        return yTest;
    }

    private static void requireFiles(Path dir) throws NoSuchFileException {
        List<String> missing = new ArrayList<>();
        for (String f : FILES) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                missing.add(f);
            }
        }
        if (!missing.isEmpty()) {
            throw new NoSuchFileException(dir.toAbsolutePath().toString(), null,
                    "IMDB data not found: expected the files " + String.join(", ", FILES)
                            + " (the Keras encoding that 'recurrent data fetch imdb' writes), missing "
                            + String.join(", ", missing));
        }
    }

    /**
     * Reads one sequences file and re-encodes each review with {@code startChar} and {@code indexFrom}.
     * Every declared count is checked against the bytes left before anything is allocated.
     */
    static int[][] readSequences(Path file, int startChar, int indexFrom) throws IOException {
        try (LittleEndianReader in = new LittleEndianReader(file)) {
            if (in.size() < Integer.BYTES) {
                throw new MalformedDataException(file + ": " + in.size() + " bytes, too short for the int32 count");
            }
            int n = in.readInt();
            // each review needs at least its length and a start marker: 8 bytes
            if (n < 0 || (long) n * 2 * Integer.BYTES > in.remaining()) {
                throw new MalformedDataException(file + ": declares " + n + " sequences, which cannot fit in its "
                        + in.remaining() + " remaining bytes");
            }
            int shift = indexFrom - FILE_INDEX_FROM;
            int[][] out = new int[n][];
            for (int i = 0; i < n; i++) {
                int len = in.readInt();
                if (len < 1 || (long) len * Integer.BYTES > in.remaining()) {
                    throw new MalformedDataException(file + ": sequence " + i + " declares " + len + " tokens, but "
                            + (len < 1 ? "needs at least its start marker" : "only " + in.remaining()
                            + " bytes remain"));
                }
                int[] s = new int[len];
                in.readInts(s, 0, len);
                if (s[0] != FILE_START) {
                    throw new MalformedDataException(file + ": sequence " + i + " starts with " + s[0]
                            + ", expected the start marker " + FILE_START);
                }
                for (int j = 1; j < len; j++) {
                    int w = s[j];
                    if (w <= FILE_INDEX_FROM) {
                        throw new MalformedDataException(file + ": sequence " + i + ", token " + j + " is " + w
                                + ", expected a word id >= " + (FILE_INDEX_FROM + 1));
                    }
                    if ((long) w + shift > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException("Imdb.load: `index_from` " + indexFrom + " takes word id "
                                + w + " of " + file + " past 2^31 - 1; use a smaller index_from");
                    }
                    s[j] = w + shift;
                }
                if (startChar >= 0) {
                    s[0] = startChar;
                } else {
                    s = Arrays.copyOfRange(s, 1, len);
                }
                out[i] = s;
            }
            if (in.remaining() != 0) {
                throw new MalformedDataException(file + ": " + in.remaining() + " bytes after the last of the " + n
                        + " sequences; expected the file to end there");
            }
            return out;
        } catch (EOFException e) {
            throw new MalformedDataException(file + ": ends in the middle of a sequence");
        }
    }

    /** Reads {@code n} int8 labels, each 0 or 1; the file must be exactly n bytes. */
    static int[] readLabels(Path file, int n) throws IOException {
        long size = Files.size(file);
        if (size != n) {
            throw new MalformedDataException(file + ": " + size + " bytes, expected " + n
                    + " (one int8 label per sequence)");
        }
        byte[] b = Files.readAllBytes(file);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            if (b[i] != 0 && b[i] != 1) {
                throw new MalformedDataException(file + ": label " + i + " is " + b[i] + ", expected 0 or 1");
            }
            out[i] = b[i];
        }
        return out;
    }

    private static int maxId(int[][] xs) {
        int max = Integer.MIN_VALUE;
        for (int[] x : xs) {
            for (int w : x) {
                max = Math.max(max, w);
            }
        }
        return max;
    }

    /** Keras: {@code w if skip_top <= w < num_words else oov_char}, or drop w when there is no oov_char. */
    private static void limitWords(int[][] xs, int skipTop, int numWords, int oovChar) {
        for (int i = 0; i < xs.length; i++) {
            int[] x = xs[i];
            if (oovChar >= 0) {
                for (int j = 0; j < x.length; j++) {
                    if (x[j] < skipTop || x[j] >= numWords) {
                        x[j] = oovChar;
                    }
                }
            } else {
                int kept = 0;
                for (int w : x) {
                    if (w >= skipTop && w < numWords) {
                        x[kept++] = w;
                    }
                }
                if (kept < x.length) {
                    xs[i] = Arrays.copyOf(x, kept);
                }
            }
        }
    }
}
