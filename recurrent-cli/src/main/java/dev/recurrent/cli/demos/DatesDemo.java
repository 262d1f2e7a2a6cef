package dev.recurrent.cli.demos;

import dev.recurrent.cli.report.AttentionHeatmap;
import dev.recurrent.cli.report.HtmlReport;
import dev.recurrent.cli.report.Plots;
import dev.recurrent.cli.run.Durations;
import dev.recurrent.cli.run.GracefulStop;
import dev.recurrent.cli.run.ProgressCallback;
import dev.recurrent.cli.run.RunDirectory;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.History;
import dev.recurrent.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Dates written by people in a dozen ways ({@link HumanDates}) translated into ISO dates by Keras'
 * {@code lstm_seq2seq} network ({@link DateTranslator}), with and without Luong attention: teacher
 * forcing while training, then the inference encoder and decoder models sharing the trained layers,
 * decoded greedily and by beam search ({@link DateDecoder}). Prints the exact-match accuracy on the
 * held-out dates of each variant and decoding; writes the learning curves and, per shown example,
 * a heatmap of which input characters each output character attended to into {@code report.html}.
 */
@Command(name = "dates", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Translates dates as people write them (\"saturday 3 may 1999\", \"03/05/99\", \"May 3rd, 1999\")",
                "into ISO dates (\"1999-05-03\") with an LSTM encoder-decoder (Keras' lstm_seq2seq), with and without",
                "attention; greedy and beam-search decoding; attention heatmaps in the report."})
public final class DatesDemo implements Callable<Integer> {

    private static final int MISTAKES_SHOWN = 5;

    @Spec
    CommandSpec spec;

    @Option(names = "--variant", defaultValue = "both", paramLabel = "VARIANT",
            description = "attention, plain (no attention) or both (default: ${DEFAULT-VALUE}).")
    String variant;

    @Option(names = "--epochs", defaultValue = "8", description = "Epochs per variant (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--samples", defaultValue = "20000",
            description = "Dates generated; a tenth held out (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--units", defaultValue = "64", description = "Units of the encoder and of the decoder (default: ${DEFAULT-VALUE}).")
    int units;

    @Option(names = "--batch", defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--learning-rate", defaultValue = "0.005",
            description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--beam", defaultValue = "3", description = "Beam width of beam search (default: ${DEFAULT-VALUE}).")
    int beam;

    @Option(names = "--shown", defaultValue = "4",
            description = "Held-out dates shown, one of each format in turn, with their attention heatmaps"
                    + " (default: ${DEFAULT-VALUE}).")
    int shown;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of the dates, the weights and the shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    DemoOptions options;

    /** Exact-match accuracy of one variant on the held-out dates. */
    record Result(String name, History history, double greedy, double beam, long trainNanos, long decodeNanos) {
    }

    @Override
    public Integer call() throws IOException {
        options.requireAtLeast("--epochs", epochs, 1);
        options.requireAtLeast("--samples", samples, 20);
        options.requireAtLeast("--units", units, 1);
        options.requireAtLeast("--batch", batch, 1);
        options.requireAtLeast("--beam", beam, 1);
        options.requireAtLeast("--shown", shown, 0);
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new ParameterException(spec.commandLine(), "--learning-rate must be in (0, 1), got " + learningRate);
        }
        List<Boolean> variants = switch (variant) {
            case "both" -> List.of(false, true);
            case "attention" -> List.of(true);
            case "plain" -> List.of(false);
            default -> throw new ParameterException(spec.commandLine(),
                    "--variant must be attention, plain or both, got '" + variant + "'");
        };
        DemoSession session = new DemoSession(options, spec);
        ProgressCallback.Verbosity verbosity = session.verbosity();
        PrintWriter out = session.out();
        RunDirectory run = session.createRunDirectory();

        List<HumanDates.Example> dates = HumanDates.generate(samples, new Random(seed));
        int steps = DateEncoding.longest(dates);
        int splitAt = samples - samples / 10;
        List<HumanDates.Example> train = dates.subList(0, splitAt), heldOut = dates.subList(splitAt, samples);
        List<Tensor> xTrain = List.of(DateEncoding.texts(train, steps), DateEncoding.targets(train, false));
        Tensor yTrain = DateEncoding.targets(train, true);
        List<Tensor> xVal = List.of(DateEncoding.texts(heldOut, steps), DateEncoding.targets(heldOut, false));
        Tensor yVal = DateEncoding.targets(heldOut, true);

        HtmlReport report = session.report("dates");
        report.setting("command", "recurrent demo dates --variant " + variant + " --epochs " + epochs + " --samples "
                        + samples + " --units " + units + " --batch " + batch + " --learning-rate " + learningRate + " --beam " + beam + " --seed " + seed)
                .setting("data", samples + " distinct dates of " + HumanDates.FIRST + " to " + HumanDates.LAST + " in "
                        + HumanDates.FORMATS.size() + " formats; " + splitAt + " for training, " + heldOut.size()
                        + " held out")
                .setting("encoding", "input characters one-hot (" + DateEncoding.INPUT.size() + "), padded with spaces to "
                        + steps + "; decoder reads \\t + ISO date, predicts ISO date + \\n (" + DateEncoding.OUTPUT.size()
                        + " characters)")
                .setting("training", "categorical cross-entropy, Adam (lr " + learningRate + "), " + epochs + " epochs, batch " + batch
                        + ", shuffled")
                .setting("decoding", "greedy and beam search (width " + beam + ", length penalty 1); exact match of the"
                        + " whole ISO date");
        session.environment(true);
        report.write();

        out.printf("Dates to ISO: %,d dates in %d formats, %,d for training, %,d held out; seed %d%n", samples,
                HumanDates.FORMATS.size(), splitAt, heldOut.size(), seed);
        for (int i = 0; i < Math.min(3, dates.size()); i++) {
            out.printf("e.g. '%s' -> '%s'%n", dates.get(i).text(), dates.get(i).iso());
        }
        session.banner();

        List<Result> results = new ArrayList<>();
        session.startClock();
        session.guarded(stop -> {
            DemoRun.each(variants, stop, report, "variants", attention -> results.add(runVariant(attention, xTrain, yTrain,
                    xVal, yVal, heldOut, out, run, report, stop, verbosity)));
            summarize(results, out, report);
        }, took -> "Interrupted (Ctrl-C) after " + took + "; " + results.size() + " of " + variants.size()
                + " variants finished.");
        return 0;
    }

    private Result runVariant(boolean attention, List<Tensor> xTrain, Tensor yTrain, List<Tensor> xVal, Tensor yVal,
                              List<HumanDates.Example> heldOut, PrintWriter out, RunDirectory run, HtmlReport report,
                              GracefulStop stop, ProgressCallback.Verbosity verbosity) throws IOException {
        String name = attention ? "attention" : "plain";
        EncoderDecoder translator = DateTranslator.of(attention, units, learningRate, seed);
        out.printf("%n%s: %s%n", name, translator.describe());
        String summary = translator.training.summary();
        if (verbosity != ProgressCallback.Verbosity.QUIET) {
            out.print(summary);
        }
        out.flush();
        long t0 = System.nanoTime();
        History history = translator.training.fit(List.copyOf(xTrain), List.of(yTrain), FitOptions.defaults()
                .epochs(epochs).batchSize(batch).validationData(xVal, List.of(yVal)).shuffle(true)
                .callbacks(new ProgressCallback(out, verbosity, epochs), stop));
        long trainNanos = System.nanoTime() - t0;

        DateDecoder decoder = new DateDecoder(translator);
        Tensor texts = xVal.get(0);
        long t1 = System.nanoTime();
        int greedyRight = 0, beamRight = 0;
        List<String> greedy = new ArrayList<>();
        for (int i = 0; i < heldOut.size(); i++) {
            Tensor text = texts.slice(i, i + 1);
            String g = decoder.translate(text, 1);
            greedy.add(g);
            greedyRight += g.equals(heldOut.get(i).iso()) ? 1 : 0;
            beamRight += decoder.translate(text, beam).equals(heldOut.get(i).iso()) ? 1 : 0;
        }
        long decodeNanos = System.nanoTime() - t1;
        Result r = new Result(name, history, greedyRight / (double) heldOut.size(), beamRight / (double) heldOut.size(),
                trainNanos, decodeNanos);
        out.printf(Locale.ROOT, "%s: exact match on %d held-out dates: greedy %.2f%%, beam %d %.2f%% (trained in %s, %d epochs;"
                        + " decoded in %s)%n", name, heldOut.size(), r.greedy() * 100, beam, r.beam() * 100,
                Durations.format(trainNanos), history.epochs().size(), Durations.format(decodeNanos));

        var section = report.section((attention ? "With attention" : "Without attention") + ": " + translator.describe())
                .pre(summary)
                .paragraph(String.format(Locale.ROOT, "Exact match on %d held-out dates: greedy %.2f%%, beam search (width %d)"
                                + " %.2f%%. Trained in %s.", heldOut.size(), r.greedy() * 100, beam, r.beam() * 100,
                        Durations.format(trainNanos)));
        if (!history.epochs().isEmpty()) {
            Plots.history(run.file(name + "-loss.png"), name + ": loss", history, "loss");
            Plots.history(run.file(name + "-accuracy.png"), name + ": accuracy per character", history, "accuracy");
            section.image(name + "-loss.png", name + ": training and validation loss")
                    .image(name + "-accuracy.png", name + ": training and validation accuracy per character");
        }
        StringBuilder examples = new StringBuilder();
        int n = 0;
        for (int i : HumanDates.oneOfEachFormat(heldOut, shown)) {
            HumanDates.Example e = heldOut.get(i);
            examples.append(line(e, greedy.get(i)));
            if (attention && !greedy.get(i).isEmpty()) {
                List<float[]> rows = decoder.attention(texts.slice(i, i + 1), greedy.get(i));
                String input = String.format("%-" + texts.shape()[1] + "s", e.text());
                AttentionHeatmap.write(rows.toArray(new float[0][]), input, greedy.get(i),
                        "'" + e.text() + "' -> " + greedy.get(i), run.path(), "attention-" + (++n) + ".png", section);
            }
        }
        StringBuilder wrong = new StringBuilder();
        int mistakes = 0;
        for (int i = 0; i < heldOut.size(); i++) {
            if (!greedy.get(i).equals(heldOut.get(i).iso()) && mistakes++ < MISTAKES_SHOWN) {
                wrong.append(line(heldOut.get(i), greedy.get(i)));
            }
        }
        if (mistakes > 0) {
            examples.append(String.format("greedy decoding got %d of %d wrong%s:%n", mistakes, heldOut.size(),
                    mistakes > MISTAKES_SHOWN ? ", the first " + MISTAKES_SHOWN : "")).append(wrong);
        }
        out.print(examples);
        out.flush();
        section.pre(examples.toString());
        return r;
    }

    private static String line(HumanDates.Example e, String decoded) {
        return String.format("%-32s -> %s %s%n", e.text(), decoded, decoded.equals(e.iso()) ? "☑" : "☒ " + e.iso());
    }

    private static void summarize(List<Result> results, PrintWriter out, HtmlReport report) {
        if (results.isEmpty()) {
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("variant", "greedy", "beam", "epochs", "training", "decoding"));
        out.printf("%nExact match on the held-out dates:%n");
        for (Result r : results) {
            String greedy = String.format(Locale.ROOT, "%.2f%%", r.greedy() * 100);
            String beam = String.format(Locale.ROOT, "%.2f%%", r.beam() * 100);
            out.printf("%-10s greedy %8s  beam %8s%n", r.name(), greedy, beam);
            rows.add(List.of(r.name(), greedy, beam, String.valueOf(r.history().epochs().size()),
                    Durations.format(r.trainNanos()), Durations.format(r.decodeNanos())));
        }
        out.flush();
        report.summary("Exact match on the held-out dates").table(rows);
    }
}
