package dev.recurrent.cli.demos;

import dev.recurrent.cli.demos.AdditionQuestions.Question;
import dev.recurrent.cli.report.HtmlReport;
import dev.recurrent.cli.report.Plots;
import dev.recurrent.cli.run.Durations;
import dev.recurrent.cli.run.GracefulStop;
import dev.recurrent.cli.run.ProgressCallback;
import dev.recurrent.cli.run.RunDirectory;
import dev.recurrent.io.GraphModelFiles;
import dev.recurrent.io.ModelFiles;
import dev.recurrent.layers.CifgLSTM;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.LayerNormGRU;
import dev.recurrent.layers.LayerNormLSTM;
import dev.recurrent.layers.MGU;
import dev.recurrent.layers.PeepholeLSTM;
import dev.recurrent.layers.ProjectedLSTM;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.RecurrentConfig;
import dev.recurrent.layers.RepeatVector;
import dev.recurrent.layers.SimpleRNN;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.History;
import dev.recurrent.model.Sequential;
import dev.recurrent.optim.Adam;
import dev.recurrent.tensor.Tensor;
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
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * Learning to add (Keras' {@code addition_rnn} example): questions
 * {@code "a+b"} with a, b below 1000 ({@link AdditionQuestions}), one-hot, the question reversed;
 * a sequence-to-sequence network: encoder {@code RNN(128)} → {@code RepeatVector(4)} → decoder
 * {@code RNN(128)} returning sequences → {@code TimeDistributed(Dense(12, softmax))}; categorical
 * cross-entropy, Adam, batch 128. Beside it ({@code --architecture}), the same questions answered by
 * Keras' {@code lstm_seq2seq} structure ({@link AdditionEncoderDecoder}): the encoder's final states
 * start the decoder, trained with teacher forcing and decoded greedily step by step. After each
 * epoch, the whole held-out set is answered (exact match: the whole answer right) and 10 random
 * held-out questions are shown with ☑ or ☒, as the example prints them:
 * {@code Q 535+61  T 596  ☑ 596}. Runs the networks with an LSTM, a GRU and a simple RNN
 * ({@code --cell all}), or one of them.
 *
 * <p>Writes into the run directory each trained model ({@code lstm.model}, {@code lstm-seq2seq.model},
 * ...), the curves of each, the comparison ({@link AdditionComparison}: epochs to 99% exact match)
 * and {@code report.html}.
 */
@Command(name = "addition", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Learns to add numbers below 1000 from text (\"535+61\" -> \"596\") with a sequence-to-sequence",
                "RNN: encoder, RepeatVector(4), decoder, per-step Dense(12, softmax); and with an encoder whose final",
                "states start a decoder trained with teacher forcing (Keras' lstm_seq2seq); with an LSTM, a GRU and a",
                "simple RNN. Prints the epochs each needs to answer 99%% of the held-out questions right."})
public final class AdditionDemo implements Callable<Integer> {
    static final int CLASSES = AdditionQuestions.CHARS.size();
    static final int SHOWN = 10;
    /** The bar of the comparison: the share of held-out questions answered entirely right. */
    static final double TARGET_EXACT = 0.99;
    /** The bar for the LSTM: validation accuracy per character within 30 epochs. */
    static final double TARGET_ACCURACY = 0.99;

    /** The two networks: Keras' addition_rnn, and the encoder–decoder of lstm_seq2seq. */
    enum Architecture {
        REPEAT("repeat", "RepeatVector"), SEQ2SEQ("seq2seq", "encoder-decoder with states");

        final String option, title;

        Architecture(String option, String title) {
            this.option = option;
            this.title = title;
        }
    }

    /** A recurrent cell of the comparison: its name (option, file), Keras class, layer builder (of units). */
    record Cell(String name, String type, IntFunction<RecurrentConfig.Builder<?>> builder) {
        Layer layer(int units, boolean sequences) {
            return builder.apply(units).returnSequences(sequences).build();
        }

        /** Whether the layer can hand its final states to another ({@code returnState}); ProjectedLSTM cannot. */
        boolean returnsStates() {
            return builder.apply(1).build() instanceof Recurrent;
        }

        /** The layer returning its sequence and its final states, for the encoder–decoder with states. */
        Recurrent withStates(int units) {
            return (Recurrent) builder.apply(units).returnSequences(true).returnState(true).build();
        }
    }

    static final List<Cell> CELLS = List.of(
            new Cell("lstm", "LSTM", LSTM::builder),
            new Cell("gru", "GRU", GRU::builder),
            new Cell("simple_rnn", "SimpleRNN", SimpleRNN::builder));

    /** The LSTM and GRU variants, chosen one at a time with {@code --cell} (not part of {@code all}). */
    static final List<Cell> VARIANTS = List.of(
            new Cell("peephole", "PeepholeLSTM", PeepholeLSTM::builder),
            new Cell("cifg", "CifgLSTM", CifgLSTM::builder),
            new Cell("gru_reset_before", "GRU", u -> GRU.builder(u).resetAfter(false)),
            new Cell("mgu", "MGU", MGU::builder),
            new Cell("layer_norm_lstm", "LayerNormLSTM", LayerNormLSTM::builder),
            new Cell("layer_norm_gru", "LayerNormGRU", LayerNormGRU::builder),
            new Cell("projected_lstm", "ProjectedLSTM", u -> ProjectedLSTM.builder(u, Math.max(1, u / 2))));

    @Spec
    CommandSpec spec;

    @Option(names = "--architecture", defaultValue = "both", paramLabel = "ARCHITECTURE",
            description = "repeat (Keras' addition_rnn: the encoder's last output repeated 4 times for the decoder),"
                    + " seq2seq (Keras' lstm_seq2seq: the encoder's final states start the decoder, trained with teacher"
                    + " forcing, decoded greedily), or both, side by side on the same questions (default: ${DEFAULT-VALUE}).")
    String architecture;

    @Option(names = "--cell", defaultValue = "all", paramLabel = "CELL",
            description = "lstm, gru, simple_rnn, or all: the three, one after the other; or a variant: peephole, cifg,"
                    + " gru_reset_before, mgu, layer_norm_lstm, layer_norm_gru, projected_lstm (H units projected to H/2;"
                    + " repeat only: it cannot return its states) (default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--epochs", defaultValue = "30", description = "Epochs per network (default: ${DEFAULT-VALUE}).")
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

    /** One network to train: a cell in one architecture. */
    record Network(Cell cell, Architecture architecture) {
        /** Its name in the console, the tables and the plots: {@code "LSTM seq2seq"}. */
        String label() {
            return cell.type() + " " + architecture.option;
        }

        /** The start of its files' names: {@code lstm}, {@code lstm-seq2seq}. */
        String prefix() {
            return architecture == Architecture.REPEAT ? cell.name() : cell.name() + "-" + architecture.option;
        }
    }

    /** What one network achieved, per epoch. */
    record Result(Network network, long params, History history, int[] correctOf10, double[] exactMatch, int epochsRun,
                  long nanos) {
        double[] valAccuracy() {
            return history.get("val_accuracy").stream().mapToDouble(Double::doubleValue).toArray();
        }

        /** The first epoch (1-based) whose validation accuracy per character reached {@code target}, or -1. */
        int firstEpochAtLeast(double target) {
            return firstAtLeast(valAccuracy(), target);
        }

        /** The first epoch (1-based) whose held-out exact match reached {@code target}, or -1. */
        int firstExactAtLeast(double target) {
            return firstAtLeast(exactMatch, target);
        }

        double bestExact() {
            return Arrays.stream(exactMatch).max().orElse(0);
        }
    }

    /** The questions: for training and held out, one-hot; the decoder's teacher-forced inputs, if a seq2seq network runs. */
    record Data(Tensor xTrain, Tensor yTrain, Tensor xVal, Tensor yVal, Tensor teacherTrain, Tensor teacherVal) {
    }

    /** A network ready to train: its layers, how it answers questions, trains and is saved. */
    private record Trainee(String describe, String summary, long params, UnaryOperator<Tensor> answer,
                           Function<FitOptions, History> fit, ModelSaver save) {
    }

    private interface ModelSaver {
        void save(Path file) throws IOException;
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
        List<Architecture> architectures = architectures();
        List<Cell> cells = cells();
        List<Network> networks = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        for (Cell c : cells) {
            for (Architecture a : architectures) {
                if (a == Architecture.SEQ2SEQ && !c.returnsStates()) {
                    if (architectures.size() == 1) {
                        throw new ParameterException(spec.commandLine(), "--architecture seq2seq needs a cell that"
                                + " returns its states; " + c.type() + " (--cell " + c.name() + ") cannot: use"
                                + " --architecture repeat");
                    }
                    leftOut.add(c.type());
                    continue;
                }
                networks.add(new Network(c, a));
            }
        }
        DemoSession session = new DemoSession(options, spec);
        ProgressCallback.Verbosity verbosity = session.verbosity();
        PrintWriter out = session.out();
        RunDirectory run = session.createRunDirectory();

        List<Question> questions = AdditionQuestions.generate(samples, new Random(seed));
        Tensor x = AdditionQuestions.questions(questions), y = AdditionQuestions.answers(questions);
        int splitAt = samples - samples / 10;
        Tensor yTrain = y.slice(0, splitAt), yVal = y.slice(splitAt, samples);
        boolean teacher = architectures.contains(Architecture.SEQ2SEQ);
        Data data = new Data(x.slice(0, splitAt), yTrain, x.slice(splitAt, samples), yVal,
                teacher ? AdditionEncoderDecoder.teacherInputs(yTrain) : null,
                teacher ? AdditionEncoderDecoder.teacherInputs(yVal) : null);

        HtmlReport report = session.report("addition");
        String types = String.join(", ", cells.stream().map(Cell::type).toList());
        report.setting("command", "recurrent demo addition --architecture " + architecture + " --cell " + cell
                        + " --epochs " + epochs + " --samples " + samples + " --units " + units + " --batch " + batch
                        + " --seed " + seed)
                .setting("data", samples + " distinct questions a+b, a and b of 1 to 3 random digits; " + splitAt
                        + " for training, " + (samples - splitAt) + " held out")
                .setting("encoding", "characters '" + AdditionQuestions.CHARS.chars() + "' one-hot (" + CLASSES
                        + "); question padded to " + AdditionQuestions.MAXLEN + " and reversed, answer padded to "
                        + AdditionQuestions.ANSWER_LENGTH);
        if (architectures.contains(Architecture.REPEAT)) {
            report.setting("network (repeat)", repeatText() + "; RNN = " + types);
        }
        if (teacher) {
            report.setting("network (seq2seq)", "RNN(" + units + ", return_sequences, return_state) -> final states ->"
                    + " RNN(" + units + ", return_sequences, return_state) from those states, reading a start token and"
                    + " the answer shifted right (teacher forcing) -> Dense(" + CLASSES + ", softmax); answered by greedy"
                    + " decoding, " + AdditionQuestions.ANSWER_LENGTH + " steps; RNN = " + types
                    + (leftOut.isEmpty() ? "" : " (not " + String.join(", ", leftOut) + ": it cannot return its states)"));
        }
        report.setting("training", "categorical cross-entropy, Adam (lr 0.001), " + epochs + " epochs, batch " + batch
                        + ", shuffled")
                .setting("measure", "exact match: the share of the " + (samples - splitAt) + " held-out questions whose"
                        + " whole answer is right, after each epoch; epochs to " + percent(TARGET_EXACT) + ": the first"
                        + " epoch at or above it");
        session.environment(true);
        report.write();

        out.printf("Learning to add: %,d questions a+b (a, b < 1000), %,d for training, %,d held out; seed %d%n",
                samples, splitAt, samples - splitAt, seed);
        Question q0 = questions.get(0);
        out.printf("e.g. '%s' is fed reversed as '%s', the answer is '%s'%n", q0.query(),
                AdditionQuestions.encodedQuery(q0.query()), AdditionQuestions.encodedAnswer(q0.answer()));
        for (String type : leftOut) {
            out.printf("%s cannot return its states: its seq2seq network is left out%n", type);
        }
        session.banner();

        List<Result> results = new ArrayList<>();
        session.startClock();
        session.guarded(stop -> {
            DemoRun.each(networks, stop, report, "networks",
                    n -> results.add(train(n, data, out, run, report, stop, verbosity)));
            AdditionComparison.summarize(results, data.xVal().samples(), out, run, report);
        }, took -> "Interrupted (Ctrl-C) after " + took + "; " + results.size() + " of " + networks.size()
                + " networks shown, the last one stopped early.");
        return 0;
    }

    private List<Architecture> architectures() {
        return switch (architecture) {
            case "both" -> List.of(Architecture.REPEAT, Architecture.SEQ2SEQ);
            case "repeat" -> List.of(Architecture.REPEAT);
            case "seq2seq" -> List.of(Architecture.SEQ2SEQ);
            default -> throw new ParameterException(spec.commandLine(),
                    "--architecture must be repeat, seq2seq or both, got '" + architecture + "'");
        };
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
                .add(cell.layer(units, false))
                .add(new RepeatVector(AdditionQuestions.ANSWER_LENGTH))
                .add(cell.layer(units, true))
                .add(new TimeDistributed(Dense.of(CLASSES, "softmax")))
                .compile(new Adam(), new CategoricalCrossentropy(), "accuracy");
    }

    private String repeatText() {
        return "RNN(" + units + ") -> RepeatVector(" + AdditionQuestions.ANSWER_LENGTH + ") -> RNN(" + units
                + ", return_sequences) -> TimeDistributed(Dense(" + CLASSES + ", softmax))";
    }

    private Trainee trainee(Network n, Data d) {
        Cell c = n.cell();
        if (n.architecture() == Architecture.REPEAT) {
            Sequential model = model(c, units, seed);
            return new Trainee(repeatText().replace("RNN", c.type()), model.summary(), model.parameterCount(),
                    q -> model.predict(q, batch),
                    o -> model.fit(d.xTrain(), d.yTrain(), o.validationData(d.xVal(), d.yVal())),
                    file -> ModelFiles.save(model, file));
        }
        EncoderDecoder network = AdditionEncoderDecoder.network(c, units, seed);
        return new Trainee(network.describe(), network.training.summary(), network.training.parameterCount(),
                q -> AdditionEncoderDecoder.answer(network, q, batch),
                o -> network.training.fit(List.of(d.xTrain(), d.teacherTrain()), List.of(d.yTrain()),
                        o.validationData(List.of(d.xVal(), d.teacherVal()), List.of(d.yVal()))),
                file -> GraphModelFiles.save(network.training, file));
    }

    private Result train(Network n, Data d, PrintWriter out, RunDirectory run, HtmlReport report, GracefulStop stop,
                         ProgressCallback.Verbosity verbosity) throws IOException {
        Trainee t = trainee(n, d);
        String label = n.label();
        out.printf("%n%s: %s%n", label, t.describe());
        out.print(t.summary());
        out.flush();

        // every epoch gets its line and its questions, as in the example (epochs are few and long)
        ProgressCallback.Verbosity perEpoch = verbosity == ProgressCallback.Verbosity.QUIET
                ? verbosity : ProgressCallback.Verbosity.VERBOSE;
        ShowQuestions show = new ShowQuestions(t.answer(), d.xVal(), d.yVal(), new Random(seed + 1),
                perEpoch == ProgressCallback.Verbosity.QUIET ? null : out, epochs);
        long t0 = System.nanoTime();
        History history = t.fit().apply(FitOptions.defaults().epochs(epochs).batchSize(batch)
                .callbacks(new ProgressCallback(out, perEpoch, epochs), show, stop));
        long nanos = System.nanoTime() - t0;
        int ran = history.epochs().size();
        Result r = new Result(n, t.params(), history, Arrays.copyOf(show.correct, ran), Arrays.copyOf(show.exact, ran),
                ran, nanos);

        Path saved = run.file(n.prefix() + ".model");
        t.save().save(saved);
        String perCharacter = n.architecture() == Architecture.SEQ2SEQ ? " (teacher-forced)" : "";
        if (ran > 0) {
            out.printf(Locale.ROOT, "%s: validation accuracy per character%s %.4f, whole answers right %.2f%% after %s;"
                            + " %s%n", label, perCharacter, history.last("val_accuracy"), r.exactMatch()[ran - 1] * 100,
                    epochs(ran), exactReached(r));
        }
        out.printf("(trained in %s: %s of %d batches, %s per epoch; saved %s)%n", Durations.format(nanos), epochs(ran),
                (d.xTrain().samples() + batch - 1) / batch, ran > 0 ? Durations.format(nanos / ran) : "-", saved);
        out.flush();

        var section = report.section(label + ": " + t.describe()).pre(t.summary());
        if (ran > 0) {
            String prefix = n.prefix();
            Plots.history(run.file(prefix + "-accuracy.png"), label + ": accuracy per character" + perCharacter,
                    history, "accuracy");
            Plots.history(run.file(prefix + "-loss.png"), label + ": loss", history, "loss");
            section.paragraph(label + ": " + exactReached(r) + "; " + reached(r) + ".")
                    .table(epochTable(r))
                    .image(prefix + "-accuracy.png", label + ": training and validation accuracy per character"
                            + perCharacter)
                    .image(prefix + "-loss.png", label + ": training and validation loss")
                    .pre("The held-out questions shown after the last epoch:\n" + show.lastShown);
        }
        section.paragraph("Trained in " + Durations.format(nanos) + " (" + ran + " epochs" + (stop.requested()
                ? ", interrupted" : "") + "); saved as " + saved.getFileName() + ".");
        return r;
    }

    static int firstAtLeast(double[] v, double target) {
        for (int i = 0; i < v.length; i++) {
            if (v[i] >= target) {
                return i + 1;
            }
        }
        return -1;
    }

    /** When the validation accuracy per character first reached 99%. */
    static String reached(Result r) {
        int at = r.firstEpochAtLeast(TARGET_ACCURACY);
        return at > 0 ? String.format(Locale.ROOT, "%s per character first reached at epoch %d", percent(TARGET_ACCURACY), at)
                : String.format(Locale.ROOT, "%s per character not reached (best %.4f)", percent(TARGET_ACCURACY),
                Arrays.stream(r.valAccuracy()).max().orElse(0));
    }

    /** When the held-out exact match first reached 99%: the measure of the comparison. */
    static String exactReached(Result r) {
        int at = r.firstExactAtLeast(TARGET_EXACT);
        return at > 0 ? String.format(Locale.ROOT, "%s exact match first reached at epoch %d", percent(TARGET_EXACT), at)
                : String.format(Locale.ROOT, "%s exact match not reached in %s (best %.2f%%)", percent(TARGET_EXACT),
                epochs(r.epochsRun()), r.bestExact() * 100);
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

    static String epochs(int n) {
        return n == 1 ? "1 epoch" : n + " epochs";
    }

    static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }
}
