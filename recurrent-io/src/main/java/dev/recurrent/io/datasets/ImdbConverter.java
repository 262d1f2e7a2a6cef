package dev.recurrent.io.datasets;

import dev.recurrent.io.AtomicFile;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Makes Keras' IMDB data ({@code keras.datasets.imdb.load_data()} with its defaults) from the raw
 * Large Movie Review Dataset, as Keras made its {@code imdb.npz}, and writes it in the binary
 * layout {@code dev.recurrent.data.Imdb} reads:
 * <ol>
 *   <li>the reviews of {@code aclImdb/{train,test}/{pos,neg}/*.txt}, each split in the order
 *       {@code pos} then {@code neg}, each sorted by file name (plain string order); label 1 for pos;</li>
 *   <li>each text cut into words by {@link KerasWordTokenizer}, each word replaced by its rank in
 *       Keras' {@code imdb_word_index.json} (1 = the most frequent); a word not in the index (only
 *       test words can be) is dropped;</li>
 *   <li>{@code RandomState(113)} shuffles {@code arange(train)} and then, going on with the same
 *       generator, {@code arange(test)} ({@link NumpyRandomState}); the reviews and labels are taken in
 *       that order;</li>
 *   <li>each review is written as {@code [1] + [rank + 3 ...]}: {@code int32 N}, then per review
 *       {@code int32 L} and {@code L int32} ids; the labels as {@code N int8}; all little-endian.</li>
 * </ol>
 */
public final class ImdbConverter {
    static final int SEED = 113, START = 1, INDEX_FROM = 3;
    private static final String ROOT = "aclImdb/";

    private ImdbConverter() {
    }

    /** The registry's preparation: {@code dir}'s archive and word index into the four {@code .bin} files there. */
    static void convert(Path dir) throws IOException {
        convert(dir.resolve(Datasets.IMDB_ARCHIVE), dir.resolve(Datasets.IMDB_WORD_INDEX), dir);
    }

    /** Converts {@code archive} (an {@code aclImdb_v1.tar.gz}) with {@code wordIndex} into {@code outDir}. */
    public static void convert(Path archive, Path wordIndex, Path outDir) throws IOException {
        Map<String, Integer> index = readWordIndex(wordIndex);
        Map<String, Split> splits = readArchive(archive, index);
        NumpyRandomState rng = new NumpyRandomState(SEED);
        for (String name : List.of("train", "test")) {
            Split split = splits.get(name);
            if (split == null || split.pos.isEmpty() || split.neg.isEmpty()) {
                throw new IOException(archive + ": no reviews in aclImdb/" + name + "/pos or aclImdb/" + name + "/neg");
            }
            List<int[]> reviews = new ArrayList<>(split.pos.values());
            reviews.addAll(split.neg.values());
            int[] order = rng.permutation(reviews.size());
            AtomicFile.write(outDir.resolve(name + "_sequences.bin"), out -> {
                DataOutputStream data = new DataOutputStream(out);
                data.writeInt(Integer.reverseBytes(order.length));
                for (int i : order) {
                    int[] ranks = reviews.get(i);
                    data.writeInt(Integer.reverseBytes(ranks.length + 1));
                    data.writeInt(Integer.reverseBytes(START));
                    for (int r : ranks) {
                        data.writeInt(Integer.reverseBytes(r + INDEX_FROM));
                    }
                }
                data.flush();
            });
            int positives = split.pos.size();
            AtomicFile.write(outDir.resolve(name + "_labels.bin"), out -> {
                for (int i : order) {
                    out.write(i < positives ? 1 : 0);
                }
            });
        }
    }

    /** The reviews of one split, by file name, as ranks. */
    private static final class Split {
        final TreeMap<String, int[]> pos = new TreeMap<>(), neg = new TreeMap<>();
    }

    private static Map<String, Split> readArchive(Path archive, Map<String, Integer> index) throws IOException {
        Map<String, Split> splits = new TreeMap<>();
        try (InputStream file = Files.newInputStream(archive);
             TarArchiveInputStream tar = new TarArchiveInputStream(
                     new GZIPInputStream(new BufferedInputStream(file, 1 << 16), 1 << 16))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String[] parts = e.getName().startsWith(ROOT) ? e.getName().substring(ROOT.length()).split("/") : null;
                if (!e.isFile() || parts == null || parts.length != 3 || !parts[2].endsWith(".txt")
                        || !(parts[0].equals("train") || parts[0].equals("test"))
                        || !(parts[1].equals("pos") || parts[1].equals("neg"))) {
                    continue;   // unsup/, the bag-of-words files, the URL lists, the README
                }
                String text = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                Split split = splits.computeIfAbsent(parts[0], k -> new Split());
                (parts[1].equals("pos") ? split.pos : split.neg).put(parts[2], ranks(text, index));
            }
        }
        return splits;
    }

    /** The ranks of the words of {@code text} that the index has. */
    static int[] ranks(String text, Map<String, Integer> index) {
        List<String> words = KerasWordTokenizer.words(text);
        int[] out = new int[words.size()];
        int n = 0;
        for (String w : words) {
            Integer r = index.get(w);
            if (r != null) {
                out[n++] = r;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** Keras' {@code imdb_word_index.json}: word to rank, 1 = the most frequent. */
    static Map<String, Integer> readWordIndex(Path file) throws IOException {
        Map<String, Integer> index = new ObjectMapper().readValue(file.toFile(), new TypeReference<Map<String, Integer>>() {
        });
        for (Map.Entry<String, Integer> e : index.entrySet()) {
            if (e.getValue() == null || e.getValue() < 1) {
                throw new IOException(file + ": the rank of \"" + e.getKey() + "\" is " + e.getValue() + ", expected >= 1");
            }
        }
        return index;
    }
}
