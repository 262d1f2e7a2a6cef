package dev.recurrent.cli.demos;

import dev.recurrent.cli.pipelines.CharVocabularyFile;
import dev.recurrent.cli.pipelines.TextGenerator;
import dev.recurrent.cli.report.HtmlReport;
import dev.recurrent.cli.report.Plots;
import dev.recurrent.cli.run.Durations;
import dev.recurrent.cli.run.GracefulStop;
import dev.recurrent.cli.run.ProgressCallback;
import dev.recurrent.cli.run.RunDirectory;
import dev.recurrent.data.CharVocabulary;
import dev.recurrent.data.Supervised;
import dev.recurrent.io.datasets.Dataset;
import dev.recurrent.io.datasets.Datasets;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.LSTM;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.model.Callback;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.History;
import dev.recurrent.model.Sequential;
import dev.recurrent.optim.RMSprop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Character-level text generation, Keras' {@code lstm_text_generation}
 * example:
 * <pre>
 *   text = open('nietzsche.txt').read().lower()
 *   windows of maxlen=40 characters every step=3, one-hot; target: the character after each window
 *   model = Sequential([LSTM(128, input_shape=(maxlen, len(chars))), Dense(len(chars), activation='softmax')])
 *   model.compile(loss='categorical_crossentropy', optimizer=RMSprop(learning_rate=0.01))
 *   model.fit(x, y, batch_size=128, epochs=60, callbacks=[print_callback])
 * </pre>
 * After each epoch, 400 characters are generated from a random 40-character seed of the text at
 * the temperatures ("diversity") 0.2, 0.5, 1.0 and 1.2 ({@link TextGenerator#sample}: log(p)/T,
 * softmax, one multinomial draw, from a generator seeded by {@code --seed}). The model is saved
 * after each epoch as {@code model.zip}, its characters as {@code model.chars.json} (for
 * {@code recurrent generate}); {@code loss.png} and {@code report.html}.
 */
@Command(name = "text", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes text character by character, as Keras' lstm_text_generation example.",
                "LSTM(128) -> Dense(chars, softmax) on windows of 40 characters taken every 3, RMSprop(0.01);"
                        + " after each epoch, 400 characters are generated at the temperatures 0.2, 0.5, 1.0 and 1.2."})
public final class TextDemo implements Callable<Integer> {
    public static final int MAXLEN = 40, STEP = 3, UNITS = 128, BATCH = 128;
    static final double[] TEMPERATURES = {0.2, 0.5, 1.0, 1.2};

    /** The corpora of the dataset registry. */
    enum Corpus {
        nietzsche(Datasets.NIETZSCHE), shakespeare(Datasets.SHAKESPEARE);

        final Dataset dataset;

        Corpus(Dataset dataset) {
            this.dataset = dataset;
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--corpus", defaultValue = "nietzsche", paramLabel = "NAME",
            description = "${COMPLETION-CANDIDATES}: the text to learn (default: ${DEFAULT-VALUE}); downloaded once when"
                    + " 'recurrent data path NAME' does not find it.")
    Corpus corpus;

    @Option(names = "--offline", description = "Do not download the corpus when it is missing: say how to get it instead.")
    boolean offline;

    @Option(names = "--data", paramLabel = "FILE", description = "A UTF-8 text file to learn instead of --corpus.")
    Path data;

    @Option(names = "--keep-case", description = "Do not lower-case the text (the Keras example lower-cases it).")
    boolean keepCase;

    @Option(names = "--epochs", defaultValue = "3", paramLabel = "N", description = "Epochs (default: ${DEFAULT-VALUE}; the Keras example runs 60).")
    int epochs;

    @Option(names = "--max-windows", paramLabel = "N", defaultValue = "0",
            description = "Train on the first N windows only (default: all that fit in half the heap).")
    int maxWindows;

    @Option(names = "--sample-length", paramLabel = "N", defaultValue = "400",
            description = "Characters generated per temperature after each epoch (default: ${DEFAULT-VALUE}).")
    int sampleLength;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seed of the weights, the shuffling and the sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    DemoOptions options;

    @Override
    public Integer call() {
        options.requireAtLeast("--epochs", epochs, 1);
        options.requireAtLeast("--max-windows", maxWindows, 0);
        options.requireAtLeast("--sample-length", sampleLength, 0);
        DemoSession session = new DemoSession(options, spec);
        ProgressCallback.Verbosity verbosity = session.verbosity();
        PrintWriter out = session.out();
        Path file = data != null ? data : DataFetch.require(corpus.dataset, DemoData.locations(null),
                DemoData.mirror(null), offline, spec.commandLine().getErr());
        String name = data != null ? file.getFileName().toString() : corpus.name();
        String text = readText(file);
        if (!keepCase) {
            text = text.toLowerCase(Locale.ROOT);
        }
        int length = text.codePointCount(0, text.length());
        int total = CharVocabulary.windowCount(length, MAXLEN, STEP);
        if (total < 2) {
            throw new IllegalArgumentException(file + " has " + length + " characters: too short for two windows of "
                    + MAXLEN + " characters and the next");
        }
        RunDirectory run = session.createRunDirectory();

        session.startClock();
        CharVocabulary vocabulary = CharVocabulary.of(text);
        int v = vocabulary.size();
        out.println("corpus length: " + length);
        out.println("total chars: " + v);
        out.println("nb sequences: " + total);
        int n = windowsToUse(total, v, out);
        out.println("Vectorization...");
        out.flush();
        Supervised xy = vocabulary.windows(text, MAXLEN, STEP, n);

        out.println("Build model...");
        Sequential model = model(v, seed);
        String summary = model.summary();
        out.print(summary);
        session.banner();
        out.flush();

        Path modelFile = run.file("model.zip");
        CharVocabularyFile.write(CharVocabularyFile.besides(modelFile),
                new CharVocabularyFile.Contents(vocabulary, MAXLEN, !keepCase, name));
        HtmlReport report = session.report("text");
        report.setting("command", "recurrent demo text " + (data != null ? "--data " + data : "--corpus " + corpus)
                        + (keepCase ? " --keep-case" : "") + " --epochs " + epochs + " --max-windows " + maxWindows
                        + " --sample-length " + sampleLength + " --seed " + seed)
                .setting("corpus", String.format(Locale.ROOT, "%s (%s): %,d characters%s, %d distinct", name, file, length,
                        keepCase ? "" : " lower-cased", v))
                .setting("data", String.format(Locale.ROOT, "%,d windows of %d characters every %d%s, one-hot;"
                        + " target: the next character", n, MAXLEN, STEP, n < total ? String.format(Locale.ROOT,
                        " (the first of %,d)", total) : ""))
                .setting("network", "LSTM(128) → Dense(" + v + ", softmax)")
                .setting("training", "categorical cross-entropy, RMSprop (lr 0.01), " + epochs + " epochs, batch " + BATCH)
                .setting("sampling", "after each epoch, " + sampleLength + " characters at temperatures 0.2, 0.5, 1.0,"
                        + " 1.2 from a random seed of the text: log(p)/T, softmax, one multinomial draw");
        session.environment(true);
        report.section("Model").pre(summary);
        report.write();

        try (GracefulStop stop = GracefulStop.install(System.err)) {
            try {
                TextGenerator generator = new TextGenerator(model, vocabulary);
                Random random = new Random(seed);
                String corpusText = text;
                Callback samples = Callback.atEpochEnd((epoch, logs) -> {
                    if (!stop.requested()) {
                        String s = samples(epoch, corpusText, generator, random, out);
                        report.section("Samples after epoch " + (epoch + 1)).pre(s);
                    }
                    DemoSession.saveModel(model, modelFile, out);
                    report.status("Running: " + (epoch + 1) + " of " + epochs + " epochs done.");
                    report.write();
                });
                long t0 = System.nanoTime();
                History history = model.fit(xy.x(), xy.y(), FitOptions.defaults().epochs(epochs).batchSize(BATCH)
                        .callbacks(new ProgressCallback(out, verbosity, epochs), stop, samples));
                long trained = System.nanoTime() - t0;
                int ran = history.epochs().size();
                if (ran > 0) {
                    Plots.history(run.file("loss.png"), "Training loss", history, "loss");
                    report.summary("Training")
                            .table(List.of(List.of("epochs", "loss", "time (with sampling)"),
                                    List.of(ran + (stop.requested() ? " (interrupted)" : ""),
                                            String.format(Locale.ROOT, "%.4f", history.last("loss")),
                                            Durations.format(trained))))
                            .image("loss.png", "Training loss per epoch");
                }
                if (ran == 0) {   // saved after each epoch (an interrupted one too) by the callback
                    DemoSession.saveModel(model, modelFile, out);
                }
                String took = DemoRun.finishReport(report, stop, session.started(),
                        t -> "Interrupted (Ctrl-C) after " + t + "; training stopped early.");
                out.printf("%n%s in %s (%d epoch%s). Report: %s%nContinue the text with: recurrent generate --model %s"
                                + " --seed \"...\"%n", stop.requested() ? "Interrupted" : "Finished", took, ran,
                        ran == 1 ? "" : "s", report.file(), modelFile);
                out.flush();
            } catch (RuntimeException e) {
                throw stop.failed(e);
            }
        }
        return 0;
    }

    /** Keras' {@code on_epoch_end}: a random seed of the text, continued at each temperature; printed as drawn. */
    private String samples(int epoch, String text, TextGenerator generator, Random random, PrintWriter out) {
        StringBuilder all = new StringBuilder();
        int length = text.codePointCount(0, text.length());
        int startIndex = random.nextInt(length - MAXLEN);   // Python's randint(0, len - maxlen - 1)
        int from = text.offsetByCodePoints(0, startIndex);
        String sentence = text.substring(from, text.offsetByCodePoints(from, MAXLEN));
        out.println();
        out.println("----- Generating text after Epoch: " + (epoch + 1));
        for (double t : TEMPERATURES) {
            String head = "----- diversity: " + t + "\n----- Generating with seed: \"" + sentence + "\"\n";
            out.print(head);
            out.print(sentence);
            out.flush();
            long t0 = System.nanoTime();
            String generated = generator.generate(sentence, sampleLength, t, random, cp -> {
                out.print(Character.toChars(cp));
                out.flush();
            });
            out.println();
            all.append(head).append(sentence).append(generated).append("\n")
                    .append("(").append(Durations.format(System.nanoTime() - t0)).append(")\n\n");
        }
        out.flush();
        return all.toString();
    }

    /**
     * All the windows, or the first {@code --max-windows}; without that option, at most what fits in
     * half the heap (x is N × 40 × V floats), with a note.
     */
    private int windowsToUse(int total, int v, PrintWriter out) {
        long perWindow = (long) MAXLEN * v * Float.BYTES + (long) v * Float.BYTES;
        if (maxWindows > 0) {
            return Math.min(maxWindows, total);
        }
        long fit = Math.min(Runtime.getRuntime().maxMemory() / 2 / perWindow, (Integer.MAX_VALUE - 8L) / ((long) MAXLEN * v));
        if (fit < total) {
            out.printf("Using the first %,d of %,d windows: all of them would take %,d MB of the %,d MB heap"
                            + " (--max-windows N to choose; more heap: RECURRENT_JAVA_OPTS=-Xmx...)%n", fit, total,
                    total * perWindow >> 20, Runtime.getRuntime().maxMemory() >> 20);
            return (int) Math.max(1, fit);
        }
        return total;
    }

    /** The file as UTF-8 text; a missing or unreadable file is a usage error naming it. */
    /** {@code LSTM(128) → Dense(chars, softmax)} over windows of 40 one-hot characters. */
    static Sequential model(int chars, long seed) {
        return new Sequential().input(MAXLEN, chars).seed(seed)
                .add(LSTM.of(UNITS))
                .add(Dense.of(chars, "softmax"))
                .compile(new RMSprop(0.01), new CategoricalCrossentropy());
    }

    static String readText(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("text not found: " + file.toAbsolutePath().normalize()
                    + " (--data FILE to give another text)");
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + " is not UTF-8 text: " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
