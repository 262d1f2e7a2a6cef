package dev.recurrent.io.datasets;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The registry: every dataset the demos and examples use, with its files' sizes and SHA-256, its
 * canonical public URLs and its licence. docs/data.md lists the same, for people.
 */
public final class Datasets {
    /** The raw Large Movie Review Dataset and Keras' word index; converted to Keras' {@code imdb.load_data} encoding. */
    public static final String IMDB_ARCHIVE = "aclImdb_v1.tar.gz", IMDB_WORD_INDEX = "imdb_word_index.json";

    private static final String JBROWNLEE = "https://raw.githubusercontent.com/jbrownlee/Datasets/master/";

    public static final Dataset IMDB = new Dataset("imdb",
            "50,000 IMDB movie reviews, positive or negative, as Keras' imdb.load_data() gives them",
            "imdb",
            List.of(new DatasetFile("train_sequences.bin", 23_971_368,
                            "707a0ca2675b2bfa593b638ee5b4f0bff7a773e533968a3014388a0eb62ff876"),
                    new DatasetFile("train_labels.bin", 25_000,
                            "badd67404bc50cb6140ba027f9dfeefbec564a8a9c47ff73495f4a21848a88c2"),
                    new DatasetFile("test_sequences.bin", 23_180_424,
                            "bb9aead395af276b814a9165f63667c4363d09df7aa538f85be03b349b86dab7"),
                    new DatasetFile("test_labels.bin", 25_000,
                            "9e7042191d5d9d5a10d281324045e0065ee838d6f6bee607609dc506d95b93e9"),
                    new DatasetFile(IMDB_WORD_INDEX, 1_641_221,
                            "027313fe9a320280f3bf0fac5baf58c4a683cf39a7ed9c3d3d3912bde4284cf6")),
            List.of(Source.download(IMDB_ARCHIVE, 84_125_825,
                            "c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe",
                            "http://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz"),
                    Source.download(IMDB_WORD_INDEX, 1_641_221,
                            "027313fe9a320280f3bf0fac5baf58c4a683cf39a7ed9c3d3d3912bde4284cf6",
                            "https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb_word_index.json")),
            ImdbConverter::convert,
            "Maas et al. (2011), Learning Word Vectors for Sentiment Analysis, ACL-HLT 2011 (reviews from IMDb,"
                    + " for research); word index from Keras (Apache-2.0)");

    public static final Dataset NIETZSCHE = new Dataset("nietzsche",
            "Nietzsche's Beyond Good and Evil (English), the text of Keras' lstm_text_generation example", "",
            List.of(new DatasetFile("nietzsche.txt", 600_901,
                    "23cf69874ab69d3d256099ab530ea4be24d47d9675b673bcc67cbcd6298ec647")),
            List.of(Source.download("nietzsche.txt", 600_901,
                    "23cf69874ab69d3d256099ab530ea4be24d47d9675b673bcc67cbcd6298ec647",
                    "https://s3.amazonaws.com/text-datasets/nietzsche.txt")),
            null, "public domain (Project Gutenberg, Helen Zimmern's translation)");

    public static final Dataset SHAKESPEARE = new Dataset("shakespeare",
            "Tiny Shakespeare, the corpus of Karpathy's char-rnn", "",
            List.of(new DatasetFile("tinyshakespeare.txt", 1_115_394,
                    "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed")),
            List.of(Source.download("tinyshakespeare.txt", 1_115_394,
                    "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed",
                    "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt")),
            null, "public domain text (Shakespeare); karpathy/char-rnn is MIT");

    public static final Dataset AIRLINE_PASSENGERS = new Dataset("airline-passengers",
            "Monthly international airline passengers (thousands), 1949-1960, Box & Jenkins' series G; in the jar", "",
            List.of(new DatasetFile("airline-passengers.csv", 2_180,
                    "8cb51be753a718d9be5d76d7e238cc224792754676adc21faa59e954b0201621")),
            List.of(Source.bundled("airline-passengers.csv", 2_180,
                    "8cb51be753a718d9be5d76d7e238cc224792754676adc21faa59e954b0201621",
                    JBROWNLEE + "airline-passengers.csv")),
            null, "Box, G.E.P. and Jenkins, G.M. (1976), Time Series Analysis: Forecasting and Control");

    public static final Dataset SHAMPOO_SALES = new Dataset("shampoo-sales",
            "Monthly shampoo sales over three years (36 values); in the jar", "",
            List.of(new DatasetFile("shampoo-sales.csv", 519,
                    "f709eaa344b2d07039a49e2193cbff5e56206354f3a8203c0e02471beb39a451")),
            List.of(Source.bundled("shampoo-sales.csv", 519,
                    "f709eaa344b2d07039a49e2193cbff5e56206354f3a8203c0e02471beb39a451", JBROWNLEE + "shampoo.csv")),
            null, "Makridakis, Wheelwright and Hyndman (1998), Forecasting: Methods and Applications");

    private static final List<Dataset> ALL = List.of(IMDB, NIETZSCHE, SHAKESPEARE, AIRLINE_PASSENGERS, SHAMPOO_SALES);

    private Datasets() {
    }

    /** Every dataset, in the order {@code recurrent data list} shows them. */
    public static List<Dataset> all() {
        return ALL;
    }

    /** The dataset called {@code name}. */
    public static Optional<Dataset> named(String name) {
        return ALL.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The copy of {@code source} inside the jar, or null when it has none. */
    public static InputStream openBundled(Source source) {
        return source.bundled() == null ? null : Datasets.class.getResourceAsStream(source.bundled());
    }

    /** The names, for messages: {@code imdb, nietzsche, ...}. */
    public static String names() {
        return String.join(", ", ALL.stream().map(Dataset::name).toList());
    }
}
