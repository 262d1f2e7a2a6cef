package dev.recurrent.cli.demos;

import dev.recurrent.cli.demos.DinnerRota.Dinner;
import dev.recurrent.cli.report.HtmlReport;
import dev.recurrent.cli.report.Plots;
import dev.recurrent.cli.run.Durations;
import dev.recurrent.cli.run.GracefulStop;
import dev.recurrent.cli.run.ProgressCallback;
import dev.recurrent.cli.run.RunDirectory;
import dev.recurrent.layers.Dense;
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
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * What's for dinner: a plain RNN learns a made-up rota in which the
 * dinners follow a cycle ({@link DinnerRota}: pizza → sushi → waffles → pizza ...).
 *
 * <p>The network is the one of the lecture notes, {@code h_t = tanh(W_x x_t + W_h h_{t-1} + b)},
 * {@code y_t = softmax(h_t W_y + b_y)}: {@code SimpleRNN(returnSequences) →
 * TimeDistributed(Dense(3, softmax))} (the Dense layer adds a bias {@code b_y}, zero at the start,
 * as Keras' does). Inputs are weeks of the rota, one-hot; the target at each step is the next day's
 * dinner. The last 20% of the weeks are held out for validation. After training, the network's
 * predictions are chained forward from the end of the rota (each predicted dinner becomes the next
 * input) and printed next to the rule's rota.
 */
@Command(name = "dinner", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A plain RNN learns a dinner rota (pizza -> sushi -> waffles -> pizza ...) from one-hot days,",
                "then predicts the coming days by feeding its own predictions back in."})
public final class DinnerDemo implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--epochs", defaultValue = "100", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the weights and the shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--units", defaultValue = "8", description = "RNN units (default: ${DEFAULT-VALUE}).")
    int units;

    @Option(names = "--days", defaultValue = "42", description = "Days of rota to learn from (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--steps", defaultValue = "7", description = "Days per training sequence (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "4", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--forecast", defaultValue = "14", description = "Days to predict by chaining (default: ${DEFAULT-VALUE}).")
    int forecast;

    @Mixin
    DemoOptions options;

    @Override
    public Integer call() {
        options.requireAtLeast("--epochs", epochs, 1);
        options.requireAtLeast("--units", units, 1);
        options.requireAtLeast("--steps", steps, 1);
        options.requireAtLeast("--days", days, steps + 5);
        options.requireAtLeast("--batch", batch, 1);
        options.requireAtLeast("--forecast", forecast, 1);
        DemoSession session = new DemoSession(options, spec);
        ProgressCallback.Verbosity verbosity = session.verbosity();
        PrintWriter out = session.out();
        RunDirectory run = session.createRunDirectory();

        List<Dinner> rota = DinnerRota.rota(Dinner.PIZZA, days);
        Tensor[] data = DinnerRota.windows(rota, steps);
        Sequential model = model(steps, units, seed);
        String summary = model.summary();

        HtmlReport report = session.report("dinner");
        report.setting("command", "recurrent demo dinner --epochs " + epochs + " --seed " + seed + " --units " + units
                        + " --days " + days + " --steps " + steps + " --batch " + batch + " --forecast " + forecast)
                .setting("rule", "tomorrow's dinner is the next of the cycle pizza → sushi → waffles → pizza")
                .setting("network", "SimpleRNN(" + units + ", return_sequences) → TimeDistributed(Dense(3, softmax)):"
                        + " h_t = tanh(W_x x_t + W_h h_{t−1} + b), y_t = softmax(h_t W_y + b_y)")
                .setting("data", days + " days from pizza, one-hot; " + data[0].samples() + " sequences of " + steps
                        + " days (every start day), target: the next day at each step; the last 20% for validation")
                .setting("training", "categorical cross-entropy, Adam (lr 0.01), " + epochs + " epochs, batch " + batch);
        session.environment(false);
        report.section("Model").pre(summary);
        report.write();

        out.println("What's for dinner? The rule: pizza -> sushi -> waffles -> pizza ... (one a day)");
        out.printf("The rota starts: %s ...%n", labels(rota.subList(0, Math.min(9, days))));
        out.printf("%d sequences of %d days, one-hot; SimpleRNN(%d) -> TimeDistributed(Dense(3, softmax)), seed %d%n%n",
                data[0].samples(), steps, units, seed);
        out.print(summary);
        out.flush();

        session.startClock();
        session.guarded(
                stop -> trainAndForecast(model, rota, data, out, run, report, stop, verbosity),
                took -> "Interrupted (Ctrl-C) after " + took + "; training stopped early.");
        return 0;
    }

    /** {@code SimpleRNN(units, return_sequences) → TimeDistributed(Dense(3, softmax))} over windows of {@code steps} days. */
    static Sequential model(int steps, int units, long seed) {
        return new Sequential().input(steps, DinnerRota.KINDS).seed(seed)
                .add(SimpleRNN.builder(units).returnSequences(true).build())
                .add(new TimeDistributed(Dense.of(DinnerRota.KINDS, "softmax")))
                .compile(new Adam(0.01), new CategoricalCrossentropy(), "accuracy");
    }

    /** Trains, chains the predictions forward, prints the two rotas, and adds plots and tables to the report. */
    private void trainAndForecast(Sequential model, List<Dinner> rota, Tensor[] data, PrintWriter out, RunDirectory run,
                                  HtmlReport report, GracefulStop stop, ProgressCallback.Verbosity verbosity) {
        long start = System.nanoTime();
        History history = model.fit(data[0], data[1], FitOptions.defaults().epochs(epochs).batchSize(batch)
                .validationSplit(0.2).callbacks(new ProgressCallback(out, verbosity, epochs), stop));
        long trained = System.nanoTime() - start;
        Map<String, Double> scores = model.evaluate(data[0], data[1], 32);
        out.printf("Accuracy on the rota (next day, every step): %.2f%%, loss %.4f (trained in %s)%n",
                scores.get("accuracy") * 100, scores.get("loss"), Durations.format(trained));

        List<Dinner> rule = DinnerRota.rota(rota.get(days - 1).tomorrow(), forecast);
        List<Dinner> predicted = chain(model, rota.subList(days - steps, days), forecast);
        int matches = 0;
        StringBuilder table = new StringBuilder(String.format("%5s  %-9s %-9s %s%n", "day", "rule", "predicted", "match"));
        for (int i = 0; i < forecast; i++) {
            boolean ok = rule.get(i) == predicted.get(i);
            matches += ok ? 1 : 0;
            table.append(String.format("%5d  %-9s %-9s %s%n", days + 1 + i, rule.get(i).label(),
                    predicted.get(i).label(), ok ? "yes" : "NO"));
        }
        String verdict = String.format("The predicted rota matches the rule on %d of %d days.", matches, forecast);
        out.printf("%nChained forward from day %d (%s), each prediction fed back as the next input:%n",
                days, rota.get(days - 1).label());
        out.print(table);
        out.println(verdict);

        if (!history.epochs().isEmpty()) {
            Plots.history(run.file("accuracy.png"), "Accuracy per epoch", history, "accuracy");
            Plots.history(run.file("loss.png"), "Loss per epoch", history, "loss");
        }
        DemoRun.saveModel(model, run.file("dinner.model"), out);
        plotRota(run, rule, predicted);
        var section = report.section("Training")
                .table(List.of(List.of("accuracy", "loss", "val_accuracy", "val_loss", "epochs", "training time"),
                        List.of(percent(scores.get("accuracy")), String.format(Locale.ROOT, "%.4f", scores.get("loss")),
                                last(history, "val_accuracy", true), last(history, "val_loss", false),
                                history.epochs().size() + (stop.requested() ? " (interrupted)" : ""),
                                Durations.format(trained))));
        if (!history.epochs().isEmpty()) {
            section.image("accuracy.png", "Training and validation accuracy per epoch")
                    .image("loss.png", "Training and validation loss per epoch");
        }
        report.summary("The predicted rota")
                .paragraph("From day " + days + " (" + rota.get(days - 1).label() + ") on, the network's most"
                        + " likely dinner for tomorrow is fed back as the next day's input, with the previous "
                        + (steps - 1) + " days, " + forecast + " times. " + verdict)
                .image("rota.png", "The rule's rota (blue) and the predicted one (orange)")
                .pre(table.toString());
    }

    /**
     * Predicts {@code days} dinners: the network reads the window, its output at the last step is
     * tomorrow (the most likely dinner), which joins the window as the window moves on by a day.
     */
    static List<Dinner> chain(Sequential model, List<Dinner> window, int days) {
        List<Dinner> w = new ArrayList<>(window), predicted = new ArrayList<>();
        int steps = w.size();
        for (int i = 0; i < days; i++) {
            Tensor p = model.predict(DinnerRota.oneHot(w), 1);
            Dinner next = DinnerRota.argmax(p.data(), (steps - 1) * DinnerRota.KINDS);
            predicted.add(next);
            w.remove(0);
            w.add(next);
        }
        return predicted;
    }

    private static void plotRota(RunDirectory run, List<Dinner> rule, List<Dinner> predicted) {
        int n = rule.size();
        double[] x = new double[n], r = new double[n], p = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
            r[i] = rule.get(i).ordinal();
            p[i] = predicted.get(i).ordinal();
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("rule", r);
        series.put("predicted", p);
        Plots.lines(run.file("rota.png"), "The rota: rule vs chained predictions", "days ahead", "dinner", x, series,
                v -> {
                    long k = Math.round(v);
                    return Math.abs(v - k) < 1e-6 && k >= 0 && k < DinnerRota.KINDS ? Dinner.values()[(int) k].label() : "";
                });
    }

    private static String labels(List<Dinner> ds) {
        List<String> s = new ArrayList<>();
        for (Dinner d : ds) {
            s.add(d.label());
        }
        return String.join(", ", s);
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%.2f%%", v * 100);
    }

    private static String last(History h, String key, boolean asPercent) {
        if (!h.keys().contains(key)) {
            return "-";
        }
        double v = h.last(key);
        return asPercent ? percent(v) : String.format(Locale.ROOT, "%.4f", v);
    }
}
