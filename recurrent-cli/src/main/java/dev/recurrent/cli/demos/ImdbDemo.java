package dev.recurrent.cli.demos;

import dev.recurrent.cli.report.HtmlReport;
import dev.recurrent.cli.report.Plots;
import dev.recurrent.cli.run.Durations;
import dev.recurrent.cli.run.GracefulStop;
import dev.recurrent.cli.run.ProgressCallback;
import dev.recurrent.cli.run.RunDirectory;
import dev.recurrent.data.Imdb;
import dev.recurrent.data.Sequences;
import dev.recurrent.io.datasets.Datasets;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.LSTM;
import dev.recurrent.loss.BinaryCrossentropy;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.History;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import dev.recurrent.optim.RMSprop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * IMDB sentiment, the listing of the lecture notes (Chollet's
 * <i>Deep Learning with Python</i>, 6.3):
 * <pre>
 *   (x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=10000)
 *   x_train = pad_sequences(x_train, maxlen=500)          # pre-padding, pre-truncation: the last 500 ids
 *   model = Sequential([Embedding(10000, 32), LSTM(32, dropout=0.2), Dense(1, activation='sigmoid')])
 *   model.compile(optimizer=RMSprop(learning_rate=0.001), loss='binary_crossentropy', metrics=['acc'])
 *   history = model.fit(x_train, y_train, epochs=3, batch_size=32, validation_split=0.2)
 *   model.evaluate(x_test, y_test)
 * </pre>
 * As there, the embedding does not mask the padding ({@code mask_zero=False}): the LSTM reads the
 * zeros before a short review too. Validation is the last 20% of the training reviews (Keras
 * takes them before any shuffling). Writes {@code accuracy.png}, {@code loss.png} (training and
 * validation per epoch), {@code model.zip} and {@code report.html}.
 */
@Command(name = "imdb", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Tells positive from negative IMDB movie reviews, as Keras' IMDB LSTM example.",
                "Embedding(10000, 32) -> LSTM(32, dropout 0.2) -> Dense(1, sigmoid), trained on 25,000 reviews"
                        + " (20%% held out for validation), then evaluated on the 25,000 test reviews."})
public final class ImdbDemo implements Callable<Integer> {
    static final int MAX_FEATURES = 10_000, MAXLEN = 500, EMBEDDING = 32, UNITS = 32, BATCH = 32;
    static final float DROPOUT = 0.2f;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR",
            description = "The IMDB folder in the Keras encoding (default: where 'recurrent data path imdb' finds it;"
                    + " downloaded and converted once when it is nowhere).")
    Path data;

    @Option(names = "--offline", description = "Do not download the data when it is missing: say how to get it instead.")
    boolean offline;

    @Option(names = "--epochs", defaultValue = "3", paramLabel = "N", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "0",
            description = "Use only the first N training and the first N test reviews, for a quick run (default: all).")
    int samples;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the weights, shuffling and dropout (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    DemoOptions options;

    @Override
    public Integer call() {
        options.requireAtLeast("--epochs", epochs, 1);
        options.requireAtLeast("--samples", samples, 0);
        if (samples > 0) {
            options.requireAtLeast("--samples", samples, 5);   // 20% of them for validation: at least one
        }
        DemoSession session = new DemoSession(options, spec);
        ProgressCallback.Verbosity verbosity = session.verbosity();
        PrintWriter out = session.out();
        Path dir = data != null ? data : DataFetch.require(Datasets.IMDB, DemoData.locations(null), DemoData.mirror(null),
                offline, spec.commandLine().getErr());
        requireData(dir);
        RunDirectory run = session.createRunDirectory();

        session.startClock();
        out.println("Loading data...");
        out.flush();
        Imdb imdb;
        try {
            imdb = Imdb.load(dir, MAX_FEATURES, 0, 0);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the IMDB data in " + dir + ": " + e.getMessage(), e);
        }
        int[][] trainSeqs = limit(imdb.xTrain(), samples), testSeqs = limit(imdb.xTest(), samples);
        int[] trainLabels = limit(imdb.yTrain(), samples), testLabels = limit(imdb.yTest(), samples);
        out.printf("%d train sequences%n%d test sequences%n", trainSeqs.length, testSeqs.length);
        out.println("Pad sequences (samples x time)");
        Tensor xTrain = Sequences.padSequences(trainSeqs, MAXLEN), xTest = Sequences.padSequences(testSeqs, MAXLEN);
        Tensor yTrain = Sequences.column(trainLabels), yTest = Sequences.column(testLabels);
        out.printf("input_train shape: (%d, %d)%ninput_test shape: (%d, %d)%n", xTrain.samples(), MAXLEN,
                xTest.samples(), MAXLEN);

        Sequential model = model(MAX_FEATURES, MAXLEN, seed);
        String summary = model.summary();
        out.print(summary);
        session.banner();
        out.flush();

        HtmlReport report = session.report("imdb");
        report.setting("command", "recurrent demo imdb --epochs " + epochs + " --samples " + samples + " --seed " + seed
                        + " --data " + dir)
                .setting("data", String.format(Locale.ROOT, "IMDB reviews, Keras encoding, num_words=%d; %d train"
                        + " (last 20%% for validation), %d test; pad_sequences(maxlen=%d): the last %d ids, zeros before",
                        MAX_FEATURES, xTrain.samples(), xTest.samples(), MAXLEN, MAXLEN))
                .setting("network", "Embedding(10000, 32) → LSTM(32, dropout=0.2) → Dense(1, sigmoid)")
                .setting("training", "binary cross-entropy, RMSprop (lr 0.001), " + epochs + " epochs, batch " + BATCH
                        + ", validation_split 0.2");
        session.environment(true);
        report.section("Model").pre(summary);
        report.write();

        session.guarded(
                stop -> trainAndEvaluate(model, xTrain, yTrain, xTest, yTest, out, run, report, stop, verbosity),
                took -> "Interrupted (Ctrl-C) after " + took + "; training stopped early, the test set was not evaluated.");
        return 0;
    }

    private void trainAndEvaluate(Sequential model, Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest,
                                  PrintWriter out, RunDirectory run, HtmlReport report, GracefulStop stop,
                                  ProgressCallback.Verbosity verbosity) {
        long t0 = System.nanoTime();
        History history = model.fit(xTrain, yTrain, FitOptions.defaults().epochs(epochs).batchSize(BATCH)
                .validationSplit(0.2).callbacks(new ProgressCallback(out, verbosity, epochs), stop));
        long trained = System.nanoTime() - t0;
        int ran = history.epochs().size();
        out.printf("(trained in %s: %d epoch%s)%n", Durations.format(trained), ran, ran == 1 ? "" : "s");
        out.flush();

        var section = report.section("Training");
        if (ran > 0) {
            Plots.history(run.file("accuracy.png"), "Training and validation accuracy", history, "accuracy");
            Plots.history(run.file("loss.png"), "Training and validation loss", history, "loss");
            section.table(historyTable(history))
                    .image("accuracy.png", "Training and validation accuracy per epoch")
                    .image("loss.png", "Training and validation loss per epoch");
        }
        section.paragraph("Trained in " + Durations.format(trained) + ": " + ran + " of " + epochs + " epochs"
                + (stop.requested() ? " (interrupted)." : "."));
        DemoSession.saveModel(model, run.file("model.zip"), out);
        report.write();
        if (stop.requested()) {
            return;
        }

        out.printf("Evaluating on %d test reviews...%n", xTest.samples());
        out.flush();
        long t1 = System.nanoTime();
        Map<String, Double> scores = model.evaluate(xTest, yTest, 256);
        long evaluated = System.nanoTime() - t1;
        out.printf("Test loss: %.4f%nTest accuracy: %.4f%n(evaluated in %s)%n", scores.get("loss"),
                scores.get("accuracy"), Durations.format(evaluated));
        report.summary("Test set")
                .table(List.of(List.of("test loss", "test accuracy", "reviews", "evaluation time"),
                        List.of(String.format(Locale.ROOT, "%.4f", scores.get("loss")),
                                String.format(Locale.ROOT, "%.4f", scores.get("accuracy")),
                                String.format(Locale.ROOT, "%,d", xTest.samples()), Durations.format(evaluated))))
                .paragraph("Keras gets about 0.85–0.88 test accuracy with this set-up after 3 epochs.");
    }

    /** A usage error naming the directory and the missing files, before anything is written. */
    /** {@code Embedding(maxFeatures, 32) → LSTM(32, dropout 0.2) → Dense(1, sigmoid)} over reviews of {@code maxlen} words. */
    static Sequential model(int maxFeatures, int maxlen, long seed) {
        return new Sequential().input(maxlen).seed(seed)
                .add(new Embedding(maxFeatures, EMBEDDING, false))
                .add(LSTM.builder(UNITS).dropout(DROPOUT).build())
                .add(Dense.of(1, "sigmoid"))
                .compile(new RMSprop(0.001), new BinaryCrossentropy(), "accuracy");
    }

    static void requireData(Path dir) {
        List<String> missing = new ArrayList<>();
        for (String f : Imdb.FILES) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                missing.add(f);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("IMDB data not found: " + dir.toAbsolutePath().normalize() + " lacks "
                    + String.join(", ", missing) + " (--data DIR names the folder of the Keras-encoded files;"
                    + " without --data they are found or fetched: recurrent data fetch imdb)");
        }
    }

    private static List<List<String>> historyTable(History h) {
        List<List<String>> rows = new ArrayList<>();
        List<String> keys = h.keys();
        List<String> header = new ArrayList<>();
        header.add("epoch");
        header.addAll(keys);
        rows.add(header);
        for (int i = 0; i < h.epochs().size(); i++) {
            List<String> row = new ArrayList<>();
            row.add(String.valueOf(h.epochs().get(i) + 1));
            for (String k : keys) {
                row.add(String.format(Locale.ROOT, "%.4f", h.get(k).get(i)));
            }
            rows.add(row);
        }
        return rows;
    }

    private static int[][] limit(int[][] a, int n) {
        return n > 0 && n < a.length ? Arrays.copyOf(a, n) : a;
    }

    private static int[] limit(int[] a, int n) {
        return n > 0 && n < a.length ? Arrays.copyOf(a, n) : a;
    }
}
