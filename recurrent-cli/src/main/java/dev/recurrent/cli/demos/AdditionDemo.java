package dev.recurrent.cli.demos;

import dev.recurrent.cli.demos.AdditionQuestions.Question;
import dev.recurrent.cli.report.HtmlReport;
import dev.recurrent.cli.report.Plots;
import dev.recurrent.cli.run.Durations;
import dev.recurrent.cli.run.GracefulStop;
import dev.recurrent.cli.run.ProgressCallback;
import dev.recurrent.cli.run.RunDirectory;
import dev.recurrent.io.ModelFiles;
import dev.recurrent.layers.CifgLSTM;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.PeepholeLSTM;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.LayerNormGRU;
import dev.recurrent.layers.LayerNormLSTM;
import dev.recurrent.layers.MGU;
import dev.recurrent.layers.ProjectedLSTM;
import dev.recurrent.layers.RepeatVector;
import dev.recurrent.layers.SimpleRNN;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.History;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import dev.recurrent.optim.Adam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

/**
 * Learning to add (Keras' {@code addition_rnn} example): questions
 * {@code "a+b"} with a, b below 1000 ({@link AdditionQuestions}), one-hot, the question reversed;
 * a sequence-to-sequence network: encoder {@code RNN(128)} → {@code RepeatVector(4)} → decoder
 * {@code RNN(128)} returning sequences → {@code TimeDistributed(Dense(12, softmax))}; categorical
 * cross-entropy, Adam, batch 128. After each epoch, 10 random held-out questions are answered and
 * shown with ☑ or ☒, as the example prints them: {@code Q 535+61  T 596  ☑ 596}. Runs the network with
 * an LSTM, a GRU and a simple RNN ({@code --cell all}), or one of them.
 *
 * <p>Writes the correct answers out of 10 per epoch of every cell on one plot, the validation
 * accuracy per character per epoch on another, each trained model ({@code lstm.model}, ...) and
 * {@code report.html} into the run directory.
 */
@Command(name = "addition", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Learns to add numbers below 1000 from text (\"535+61\" -> \"596\") with a sequence-to-sequence",
                "RNN: encoder, RepeatVector(4), decoder, per-step Dense(12, softmax); with an LSTM, a GRU and a simple RNN."})
public final class AdditionDemo implements Callable<Integer> {
    static final int CLASSES = AdditionQuestions.CHARS.size();
    static final int SHOWN = 10;
    /** The bar for the LSTM: validation accuracy per character within 30 epochs. */
    static final double TARGET_ACCURACY = 0.99;

    /** A recurrent cell of the comparison: its name (option, file), Keras class, layer factory (units, sequences). */
    record Cell(String name, String type, BiFunction<Integer, Boolean, Layer> layer) {
    }

    static final List<Cell> CELLS = List.of(
            new Cell("lstm", "LSTM", (u, seq) -> LSTM.builder(u).returnSequences(seq).build()),
            new Cell("gru", "GRU", (u, seq) -> GRU.builder(u).returnSequences(seq).build()),
            new Cell("simple_rnn", "SimpleRNN", (u, seq) -> SimpleRNN.builder(u).returnSequences(seq).build()));

    /** The LSTM and GRU variants, chosen one at a time with {@code --cell} (not part of {@code all}). */
    static final List<Cell> VARIANTS = List.of(
            new Cell("peephole", "PeepholeLSTM", (u, seq) -> PeepholeLSTM.builder(u).returnSequences(seq).build()),
            new Cell("cifg", "CifgLSTM", (u, seq) -> CifgLSTM.builder(u).returnSequences(seq).build()),
            new Cell("gru_reset_before", "GRU", (u, seq) -> GRU.builder(u).resetAfter(false).returnSequences(seq).build()),
            new Cell("mgu", "MGU", (u, seq) -> MGU.builder(u).returnSequences(seq).build()),
            new Cell("layer_norm_lstm", "LayerNormLSTM", (u, seq) -> LayerNormLSTM.builder(u).returnSequences(seq).build()),
            new Cell("layer_norm_gru", "LayerNormGRU", (u, seq) -> LayerNormGRU.builder(u).returnSequences(seq).build()),
            new Cell("projected_lstm", "ProjectedLSTM",
                    (u, seq) -> ProjectedLSTM.builder(u, Math.max(1, u / 2)).returnSequences(seq).build()));

    @Spec
    CommandSpec spec;

    @Option(names = "--cell", defaultValue = "all", paramLabel = "CELL",
            description = "lstm, gru, simple_rnn, or all: the three, one after the other; or a variant: peephole, cifg,"
                    + " gru_reset_before, mgu, layer_norm_lstm, layer_norm_gru, projected_lstm (H units projected to H/2)"
                    + " (default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--epochs", defaultValue = "30", description = "Epochs per cell (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--samples", defaultValue = "50000",
            description = "Questions generated; a tenth held out for validation (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--units", defaultValue = "128", description = "Units of the encoder and of the decoder (default: ${DEFAULT-VALUE}).")
    int units;

    @Option(names = "--batch", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of the questions, the weights, the shuffling and the questions shown (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    DemoOptions options;

    /** What one cell achieved, per epoch. */
    record Result(Cell cell, long params, History history, int[] correctOf10, double[] exactMatch, int epochsRun,
                  long nanos) {
        double[] valAccuracy() {
            return history.get("val_accuracy").stream().mapToDouble(Double::doubleValue).toArray();
        }

        /** The first epoch (1-based) whose validation accuracy per character reached {@code target}, or -1. */
        int firstEpochAtLeast(double target) {
            double[] v = valAccuracy();
            for (int i = 0; i < v.length; i++) {
                if (v[i] >= target) {
                    return i + 1;
                }
            }
            return -1;
        }
    }

    @Override
    public Integer call() throws IOException {
        options.requireAtLeast("--epochs", epochs, 1);
        options.requireAtLeast("--samples", samples, 20);
        options.requireAtLeast("--units", units, 1);
        options.requireAtLeast("--batch", batch, 1);
        if (samples > AdditionQuestions.MAX_SAMPLES) {
            throw new ParameterException(spec.commandLine(), "--samples must be at most " + AdditionQuestions.MAX_SAMPLES
                    + " (there are about 500,000 distinct questions), got " + samples);
        }
        List<Cell> cells = cells();
        DemoSession session = new DemoSession(options, spec);
        ProgressCallback.Verbosity verbosity = session.verbosity();
        PrintWriter out = session.out();
        RunDirectory run = session.createRunDirectory();

        List<Question> questions = AdditionQuestions.generate(samples, new Random(seed));
        Tensor x = AdditionQuestions.questions(questions), y = AdditionQuestions.answers(questions);
        int splitAt = samples - samples / 10;
        Tensor xTrain = x.slice(0, splitAt), yTrain = y.slice(0, splitAt);
        Tensor xVal = x.slice(splitAt, samples), yVal = y.slice(splitAt, samples);

        HtmlReport report = session.report("addition");
        report.setting("command", "recurrent demo addition --cell " + cell + " --epochs " + epochs + " --samples " + samples
                        + " --units " + units + " --batch " + batch + " --seed " + seed)
                .setting("data", samples + " distinct questions a+b, a and b of 1 to 3 random digits; " + splitAt
                        + " for training, " + (samples - splitAt) + " held out")
                .setting("encoding", "characters '" + AdditionQuestions.CHARS.chars() + "' one-hot (" + CLASSES
                        + "); question padded to " + AdditionQuestions.MAXLEN + " and reversed, answer padded to "
                        + AdditionQuestions.ANSWER_LENGTH)
                .setting("network", "RNN(" + units + ") → RepeatVector(" + AdditionQuestions.ANSWER_LENGTH + ") → RNN("
                        + units + ", return_sequences) → TimeDistributed(Dense(" + CLASSES + ", softmax)); RNN = "
                        + String.join(", ", cells.stream().map(Cell::type).toList()))
                .setting("training", "categorical cross-entropy, Adam (lr 0.001), " + epochs + " epochs, batch " + batch
                        + ", shuffled");
        session.environment(true);
        report.write();

        out.printf("Learning to add: %,d questions a+b (a, b < 1000), %,d for training, %,d held out; seed %d%n",
                samples, splitAt, samples - splitAt, seed);
        Question q0 = questions.get(0);
        out.printf("e.g. '%s' is fed reversed as '%s', the answer is '%s'%n", q0.query(),
                AdditionQuestions.encodedQuery(q0.query()), AdditionQuestions.encodedAnswer(q0.answer()));
        session.banner();

        List<Result> results = new ArrayList<>();
        session.startClock();
        session.guarded(stop -> {
            DemoRun.each(cells, stop, report, "cells",
                    c -> results.add(runCell(c, xTrain, yTrain, xVal, yVal, out, run, report, stop, verbosity)));
            summarize(results, out, run, report);
        }, took -> "Interrupted (Ctrl-C) after " + took + "; " + results.size() + " of " + cells.size()
                + " cells shown, the last one stopped early.");
        return 0;
    }

    private List<Cell> cells() {
        if (cell.equals("all")) {
            return CELLS;
        }
        for (List<Cell> list : List.of(CELLS, VARIANTS)) {
            for (Cell c : list) {
                if (c.name().equals(cell)) {
                    return List.of(c);
                }
            }
        }
        throw new ParameterException(spec.commandLine(), "--cell must be lstm, gru, simple_rnn, all, peephole, cifg,"
                + " gru_reset_before, mgu, layer_norm_lstm, layer_norm_gru or projected_lstm, got '" + cell + "'");
    }

    /** The network of the example with {@code cell} as encoder and decoder. */
    static Sequential model(Cell cell, int units, long seed) {
        return new Sequential().input(AdditionQuestions.MAXLEN, CLASSES).seed(seed)
                .add(cell.layer().apply(units, false))
                .add(new RepeatVector(AdditionQuestions.ANSWER_LENGTH))
                .add(cell.layer().apply(units, true))
                .add(new TimeDistributed(Dense.of(CLASSES, "softmax")))
                .compile(new Adam(), new CategoricalCrossentropy(), "accuracy");
    }

    private Result runCell(Cell c, Tensor xTrain, Tensor yTrain, Tensor xVal, Tensor yVal, PrintWriter out,
                           RunDirectory run, HtmlReport report, GracefulStop stop,
                           ProgressCallback.Verbosity verbosity) throws IOException {
        Sequential model = model(c, units, seed);
        out.printf("%n%s: %s(%d) -> RepeatVector(%d) -> %s(%d, return_sequences) -> TimeDistributed(Dense(%d, softmax))%n",
                c.type(), c.type(), units, AdditionQuestions.ANSWER_LENGTH, c.type(), units, CLASSES);
        String summary = model.summary();
        out.print(summary);
        out.flush();

        // every epoch gets its line and its questions, as in the example (epochs are few and long)
        ProgressCallback.Verbosity perEpoch = verbosity == ProgressCallback.Verbosity.QUIET
                ? verbosity : ProgressCallback.Verbosity.VERBOSE;
        ShowQuestions show = new ShowQuestions(xVal, yVal, batch, new Random(seed + 1),
                perEpoch == ProgressCallback.Verbosity.QUIET ? null : out, epochs);
        long t0 = System.nanoTime();
        History history = model.fit(xTrain, yTrain, FitOptions.defaults().epochs(epochs).batchSize(batch)
                .validationData(xVal, yVal)
                .callbacks(new ProgressCallback(out, perEpoch, epochs), show, stop));
        long nanos = System.nanoTime() - t0;
        int ran = history.epochs().size();
        Result r = new Result(c, model.parameterCount(), history, Arrays.copyOf(show.correct, ran),
                Arrays.copyOf(show.exact, ran), ran, nanos);

        Path saved = run.file(c.name() + ".model");
        ModelFiles.save(model, saved);
        String reached = reached(r);
        if (ran > 0) {
            out.printf("%s: validation accuracy per character %.4f, whole answers right %.2f%% after %s; %s%n",
                    c.type(), history.last("val_accuracy"), r.exactMatch()[ran - 1] * 100, epochs(ran), reached);
        }
        out.printf("(trained in %s: %s of %d batches, %s per epoch; saved %s)%n", Durations.format(nanos), epochs(ran),
                (xTrain.samples() + batch - 1) / batch, ran > 0 ? Durations.format(nanos / ran) : "-", saved);
        out.flush();

        var section = report.section(c.type() + " encoder and decoder")
                .pre(summary);
        if (ran > 0) {
            String prefix = c.name();
            Plots.history(run.file(prefix + "-accuracy.png"), c.type() + ": accuracy per character", history, "accuracy");
            Plots.history(run.file(prefix + "-loss.png"), c.type() + ": loss", history, "loss");
            section.paragraph(c.type() + ": " + reached + ".")
                    .table(epochTable(r))
                    .image(prefix + "-accuracy.png", c.type() + ": training and validation accuracy per character")
                    .image(prefix + "-loss.png", c.type() + ": training and validation loss")
                    .pre("The held-out questions shown after the last epoch:\n" + show.lastShown);
        }
        section.paragraph("Trained in " + Durations.format(nanos) + " (" + ran + " epochs" + (stop.requested()
                ? ", interrupted" : "") + "); saved as " + saved.getFileName() + ".");
        return r;
    }

    private static String reached(Result r) {
        int at = r.firstEpochAtLeast(TARGET_ACCURACY);
        return at > 0 ? String.format(Locale.ROOT, "%.0f%% per character first reached at epoch %d", TARGET_ACCURACY * 100, at)
                : String.format(Locale.ROOT, "%.0f%% per character not reached (best %.4f)", TARGET_ACCURACY * 100,
                Arrays.stream(r.valAccuracy()).max().orElse(0));
    }

    private static List<List<String>> epochTable(Result r) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("epoch", "loss", "accuracy", "val_loss", "val_accuracy", "answers right (held out)",
                "shown right"));
        History h = r.history();
        for (int e = 0; e < r.epochsRun(); e++) {
            rows.add(List.of(String.valueOf(e + 1), f4(h.get("loss").get(e)), f4(h.get("accuracy").get(e)),
                    f4(h.get("val_loss").get(e)), f4(h.get("val_accuracy").get(e)),
                    String.format(Locale.ROOT, "%.2f%%", r.exactMatch()[e] * 100), r.correctOf10()[e] + "/" + SHOWN));
        }
        return rows;
    }

    private static String epochs(int n) {
        return n == 1 ? "1 epoch" : n + " epochs";
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** The plots and the table of every cell, per epoch. */
    private static void summarize(List<Result> results, PrintWriter out, RunDirectory run, HtmlReport report) {
        results = results.stream().filter(r -> r.epochsRun() > 0).toList();
        if (results.isEmpty()) {
            return;
        }
        int maxEpochs = results.stream().mapToInt(Result::epochsRun).max().orElse(0);
        double[] x = new double[maxEpochs];
        for (int i = 0; i < maxEpochs; i++) {
            x[i] = i + 1;
        }
        Map<String, double[]> correct = new LinkedHashMap<>(), valAcc = new LinkedHashMap<>();
        StringBuilder names = new StringBuilder(" ".repeat(6)), table = new StringBuilder(String.format("%6s", "epoch"));
        List<String> head = new ArrayList<>(List.of("epoch"));
        for (Result r : results) {
            correct.put(r.cell().type(), padded(Arrays.stream(r.correctOf10()).asDoubleStream().toArray(), maxEpochs));
            valAcc.put(r.cell().type(), padded(r.valAccuracy(), maxEpochs));
            names.append(String.format("  %-14s", r.cell().type()));
            table.append("  right  val_acc");
            head.add(r.cell().type() + ": shown right");
            head.add(r.cell().type() + ": val_accuracy");
        }
        table.insert(0, names.toString().stripTrailing() + "\n").append('\n');
        List<List<String>> rows = new ArrayList<>();
        rows.add(head);
        for (int e = 0; e < maxEpochs; e++) {
            table.append(String.format("%6d", e + 1));
            List<String> row = new ArrayList<>(List.of(String.valueOf(e + 1)));
            for (Result r : results) {
                boolean has = e < r.epochsRun();
                String right = has ? r.correctOf10()[e] + "/" + SHOWN : "-";
                String acc = has ? f4(r.valAccuracy()[e]) : "-";
                table.append(String.format("  %5s  %7s", right, acc));
                row.add(right);
                row.add(acc);
            }
            table.append('\n');
            rows.add(row);
        }
        out.printf("%nPer epoch: of the %d held-out questions shown, how many were answered right; validation accuracy"
                + " per character%n", SHOWN);
        out.print(table);
        for (Result r : results) {
            out.printf("%s: %s (%s in %s)%n", r.cell().type(), reached(r), epochs(r.epochsRun()), Durations.format(r.nanos()));
        }
        out.flush();

        Plots.lines(run.file("correct-of-10.png"), "Held-out questions answered right, of " + SHOWN, "epoch",
                "right answers of " + SHOWN, x, correct, null, new double[] {0, SHOWN});
        Plots.lines(run.file("val-accuracy.png"), "Validation accuracy per character", "epoch", "val_accuracy", x, valAcc,
                null);
        var section = report.summary("Comparison")
                .paragraph("The lecture notes: the LSTM answered 10 of 10 from about epoch 15 on. The issue's bar: the"
                        + " LSTM at 99% validation accuracy per character within 30 epochs.")
                .image("correct-of-10.png", "The " + SHOWN + " random held-out questions shown after each epoch: how many"
                        + " were answered right")
                .image("val-accuracy.png", "Validation accuracy per character, per epoch");
        StringBuilder reachedText = new StringBuilder();
        for (Result r : results) {
            reachedText.append(r.cell().type()).append(": ").append(reached(r)).append(" (").append(epochs(r.epochsRun()))
                    .append(" in ").append(Durations.format(r.nanos())).append(").\n");
        }
        section.pre(reachedText.toString()).table(rows);
    }

    /** Values per epoch, NaN-padded to {@code n} (a cell interrupted early has fewer). */
    private static double[] padded(double[] v, int n) {
        double[] p = Arrays.copyOf(v, n);
        Arrays.fill(p, v.length, n, Double.NaN);
        return p;
    }
}
