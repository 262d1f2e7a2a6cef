package dev.recurrent.cli.demos;

import dev.recurrent.cli.pipelines.ForecastPipeline;
import dev.recurrent.cli.pipelines.WalkForward;
import dev.recurrent.cli.report.HtmlReport;
import dev.recurrent.cli.report.Plots;
import dev.recurrent.cli.run.Durations;
import dev.recurrent.cli.run.GracefulStop;
import dev.recurrent.cli.run.ProgressCallback;
import dev.recurrent.cli.run.RunDirectory;
import dev.recurrent.data.Csv;
import dev.recurrent.io.ModelFiles;
import dev.recurrent.io.datasets.Datasets;
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
import dev.recurrent.layers.SimpleRNN;
import dev.recurrent.loss.MeanSquaredError;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.History;
import dev.recurrent.model.Sequential;
import dev.recurrent.optim.Adam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;

/**
 * Monthly shampoo sales: the classic stateful-LSTM forecasting
 * tutorial. The series is differenced, scaled to [-1, 1] (fitted on the training months) and made
 * into lag-1 pairs ({@link ForecastPipeline#lagOne}); the first 24 months train, the last 12 are forecast one
 * step ahead, walk-forward. {@code LSTM(4, stateful) → Dense(1)}, MSE, Adam, batch 1, no shuffling,
 * 3000 epochs, the state reset after each; then the same with a {@code SimpleRNN(4)}, and the
 * persistence forecast as the baseline.
 *
 * <p>Prints each month's forecast ({@code Month=1, Predicted=..., Expected=...}) and each test RMSE;
 * while training, the test RMSE is measured after 4, 8, 16, ..., 1024 epochs, for the comparison of
 * the two cells. Writes the forecast plots, the RMSE-by-epochs chart, the two models
 * ({@code lstm.model}, {@code simple_rnn.model}) and {@code report.html} into the run directory.
 */
@Command(name = "sales", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Forecasts monthly shampoo sales one month ahead with a stateful LSTM(4) and a SimpleRNN(4),",
                "against the persistence forecast; and compares their test RMSE after 4, 8, ..., 1024 epochs."})
public final class SalesDemo implements Callable<Integer> {
    static final String DATA_RESOURCE = "shampoo-sales.csv";
    public static final int TEST_MONTHS = 12;
    static final int QUICK_EPOCHS = 256;
    /** The RMSE-by-epochs comparison goes up to this many epochs, as the original did. */
    static final int CHECKPOINT_LIMIT = 1024;

    /** A network of the comparison: its name (file and report), the Keras class, how to make its layer. */
    public record Cell(String name, String type, IntFunction<Layer> layer) {
    }

    public static final List<Cell> CELLS = List.of(
            new Cell("lstm", "LSTM", units -> LSTM.builder(units).stateful(true).build()),
            new Cell("simple_rnn", "SimpleRNN", units -> SimpleRNN.builder(units).stateful(true).build()));

    /** What {@code --cell} may put in place of the plain LSTM (the first model). */
    static final List<Cell> LSTM_VARIANTS = List.of(CELLS.get(0),
            new Cell("peephole", "PeepholeLSTM", units -> PeepholeLSTM.builder(units).stateful(true).build()),
            new Cell("cifg", "CifgLSTM", units -> CifgLSTM.builder(units).stateful(true).build()),
            new Cell("gru", "GRU", units -> GRU.builder(units).stateful(true).build()),
            new Cell("gru_reset_before", "GRU", units -> GRU.builder(units).resetAfter(false).stateful(true).build()),
            new Cell("mgu", "MGU", units -> MGU.builder(units).stateful(true).build()),
            new Cell("layer_norm_lstm", "LayerNormLSTM", units -> LayerNormLSTM.builder(units).stateful(true).build()),
            new Cell("layer_norm_gru", "LayerNormGRU", units -> LayerNormGRU.builder(units).stateful(true).build()),
            new Cell("projected_lstm", "ProjectedLSTM",
                    units -> ProjectedLSTM.builder(units, Math.max(1, units / 2)).stateful(true).build()));

    @Option(names = "--cell", defaultValue = "lstm", paramLabel = "CELL",
            description = "The recurrent cell of the first (\"LSTM\") model: lstm, peephole, cifg, gru, gru_reset_before, mgu,"
                    + " layer_norm_lstm, layer_norm_gru or projected_lstm (H units projected to H/2)"
                    + " (default: ${DEFAULT-VALUE}); the second model stays the simple RNN.")
    String cell;

    /** The models to train: the chosen cell, then the simple RNN. */
    private List<Cell> cells() {
        for (Cell c : LSTM_VARIANTS) {
            if (c.name().equals(cell)) {
                return List.of(c, CELLS.get(1));
            }
        }
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "--cell must be lstm, peephole, cifg, gru, gru_reset_before, mgu, layer_norm_lstm, layer_norm_gru or"
                        + " projected_lstm, got '" + cell + "'");
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--epochs", defaultValue = "3000", description = "Epochs per model (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--quick", description = "At most " + QUICK_EPOCHS + " epochs per model (the RMSE comparison up to "
            + QUICK_EPOCHS + ").")
    boolean quick;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--units", defaultValue = "4", description = "Units of the LSTM and of the RNN (default: ${DEFAULT-VALUE}).")
    int units;

    @Option(names = "--data", paramLabel = "FILE",
            description = "A CSV file with a header whose last column is the monthly series (default: the shipped shampoo-sales.csv).")
    Path data;

    @Mixin
    DemoOptions options;

    /** What one model achieved. */
    record Result(Cell cell, long params, float[] predictions, double rmse, double[] rmseByEpochs, int epochsRun,
                  long nanos) {
    }

    @Override
    public Integer call() throws IOException {
        options.requireAtLeast("--epochs", epochs, 1);
        options.requireAtLeast("--units", units, 1);
        int runEpochs = quick ? Math.min(epochs, QUICK_EPOCHS) : epochs;
        DemoSession session = new DemoSession(options, spec);
        ProgressCallback.Verbosity verbosity = session.verbosity();
        PrintWriter out = session.out();
        RunDirectory run = session.createRunDirectory();

        Path file = data != null ? data : copyShippedData(run);
        List<String> header;
        float[] raw;
        try {
            header = Csv.header(file);
            raw = Csv.readColumn(file, header.size() - 1);
        } catch (IOException e) {   // no such file, not UTF-8, a malformed row or value: the user's to fix
            throw new IllegalArgumentException("cannot read the series: " + e.getMessage(), e);
        }
        String column = header.get(header.size() - 1);
        if (raw.length < ForecastPipeline.lagOneMinimumLength(TEST_MONTHS)) {
            throw new IllegalArgumentException(file + ": " + raw.length + " values in column '" + column
                    + "'; the demo needs at least " + ForecastPipeline.lagOneMinimumLength(TEST_MONTHS) + " (the last "
                    + TEST_MONTHS + " are the test months)");
        }
        ForecastPipeline.Prepared prepared = ForecastPipeline.lagOne(raw, TEST_MONTHS);
        int trainMonths = raw.length - TEST_MONTHS;
        int[] checkpoints = WalkForward.checkpoints(runEpochs, CHECKPOINT_LIMIT);

        HtmlReport report = session.report("sales");
        report.setting("command", "recurrent demo sales --epochs " + runEpochs + " --seed " + seed + " --units " + units
                        + (data != null ? " --data " + data : ""))
                .setting("data", file.getFileName() + ", column '" + column + "': " + raw.length + " months; the first "
                        + trainMonths + " train, the last " + TEST_MONTHS + " are forecast one month ahead (walk-forward)")
                .setting("preparation", "lag-1 differences; lag-1 pairs (previous difference → difference); scaled to"
                        + " [-1, 1] per column, fitted on the training pairs only")
                .setting("networks", "LSTM(" + units + ", stateful) → Dense(1); SimpleRNN(" + units + ", stateful) → Dense(1)")
                .setting("training", "mean squared error, Adam (lr 0.001), " + runEpochs + " epochs, batch 1, not shuffled,"
                        + " state reset after each epoch")
                .setting("forecast", "state built by running the training inputs, then each test month from the observed"
                        + " previous month; the prediction unscaled and undifferenced; no refitting");
        session.environment(true);
        report.write();

        out.printf("Shampoo sales: %d months (%s, column '%s'); train on the first %d, forecast the last %d one month"
                + " ahead%n", raw.length, file.getFileName(), column, trainMonths, TEST_MONTHS);
        session.banner();

        float[] expected = prepared.expected();
        float[] persistence = WalkForward.persistence(prepared);
        double persistenceRmse = WalkForward.rmse(expected, persistence);
        out.printf("%nPersistence forecast (each month predicted as the month before)%n");
        out.print(months(persistence, expected));
        out.printf("Persistence RMSE: %.3f%n", persistenceRmse);
        out.flush();
        report.section("Baseline: the persistence forecast")
                .paragraph("Each test month is predicted as the month before; the models have to beat this.")
                .pre(months(persistence, expected) + String.format(Locale.ROOT, "RMSE: %.3f%n", persistenceRmse));
        report.write();

        List<Cell> cells = cells();
        List<Result> results = new ArrayList<>();
        session.startClock();
        session.guarded(stop -> {
            DemoRun.each(cells, stop, report, "models",
                    cell -> results.add(runModel(cell, prepared, checkpoints, runEpochs, out, run, report, stop, verbosity)));
            compare(results, checkpoints, persistenceRmse, out, run, report);
        }, took -> "Interrupted (Ctrl-C) after " + took + "; " + results.size() + " of " + cells.size()
                + " models shown, the last one stopped early.");
        return 0;
    }

    /** The shipped series, written into the run directory (a record of the input) and read from there. */
    private static Path copyShippedData(RunDirectory run) {
        try (InputStream in = Datasets.openBundled(Datasets.SHAMPOO_SALES.sources().get(0))) {
            if (in == null) {
                throw new IllegalStateException("the shipped " + DATA_RESOURCE + " is missing from the jar");
            }
            Path target = run.file(DATA_RESOURCE);
            RunDirectory.writeAtomically(target, in.readAllBytes());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + DATA_RESOURCE + " into " + run + ": " + e.getMessage(), e);
        }
    }

    /** The stateful network of the tutorial: {@code <cell>(units, stateful) → Dense(1)}, MSE, Adam. */
    public static Sequential model(Cell cell, int units, long seed) {
        return new Sequential(!cell.name().equals("simple_rnn") ? "sequential" : "sequential_1")
                .input(1, 1).seed(seed)
                .add(cell.layer().apply(units))
                .add(Dense.of(1))
                .compile(new Adam(), new MeanSquaredError());
    }

    private Result runModel(Cell cell, ForecastPipeline.Prepared prepared, int[] checkpoints, int runEpochs,
                            PrintWriter out, RunDirectory run, HtmlReport report, GracefulStop stop,
                            ProgressCallback.Verbosity verbosity) throws IOException {
        Sequential model = model(cell, units, seed);
        out.printf("%n%s(%d, stateful) -> Dense(1), batch 1, %d epochs%n", cell.type(), units, runEpochs);
        String summary = model.summary();
        out.print(summary);
        out.flush();

        WalkForward.StatefulEpochs epochsCallback = new WalkForward.StatefulEpochs(prepared, checkpoints);
        long t0 = System.nanoTime();
        History history = model.fit(prepared.trainX(), prepared.trainY(), FitOptions.defaults().epochs(runEpochs)
                .batchSize(1).shuffle(false)
                .callbacks(epochsCallback, new ProgressCallback(out, verbosity, runEpochs), stop));
        long nanos = System.nanoTime() - t0;
        int ran = history.epochs().size();

        float[] expected = prepared.expected();
        float[] predictions = WalkForward.walkForward(WalkForward.of(model), prepared);
        model.resetStates();
        double rmse = WalkForward.rmse(expected, predictions);
        String months = months(predictions, expected);
        out.print(months);
        out.printf("Test RMSE: %.3f%n", rmse);
        out.printf("(trained in %s: %d epochs of %d steps, the test RMSE measured after %s epochs)%n",
                Durations.format(nanos), ran, prepared.trainRows(), epochList(checkpoints));
        Path saved = run.file(cell.name() + ".model");
        ModelFiles.save(model, saved);
        out.printf("Saved %s%n", saved);
        out.flush();

        String plot = cell.name() + "-forecast.png";
        plotForecast(run.file(plot), cell.type() + "(" + units + "): test months, actual vs predicted", expected,
                predictions, prepared.raw().length - TEST_MONTHS);
        report.section(cell.type() + "(" + units + ", stateful) → Dense(1)")
                .pre(summary)
                .table(List.of(List.of("test RMSE", "epochs", "training time", "model file"),
                        List.of(String.format(Locale.ROOT, "%.3f", rmse), ran + (stop.requested() ? " (interrupted)" : ""),
                                Durations.format(nanos), saved.getFileName().toString())))
                .image(plot, "Test months: actual (blue) and the walk-forward forecast (orange)")
                .pre(months + String.format(Locale.ROOT, "Test RMSE: %.3f%n", rmse));
        return new Result(cell, model.parameterCount(), predictions, rmse, epochsCallback.rmse(), ran, nanos);
    }

    /** The RMSE-by-epochs table and chart, and the final RMSEs against the persistence forecast. */
    private static void compare(List<Result> results, int[] checkpoints, double persistenceRmse, PrintWriter out,
                                RunDirectory run, HtmlReport report) {
        if (results.isEmpty()) {
            return;
        }
        List<List<String>> finals = new ArrayList<>();
        finals.add(List.of("forecast", "test RMSE", "epochs", "training time"));
        finals.add(List.of("persistence", String.format(Locale.ROOT, "%.3f", persistenceRmse), "-", "-"));
        out.printf("%nTest RMSE after training: persistence %.3f", persistenceRmse);
        for (Result r : results) {
            finals.add(List.of(r.cell().type(), String.format(Locale.ROOT, "%.3f", r.rmse()),
                    String.valueOf(r.epochsRun()), Durations.format(r.nanos())));
            out.printf(", %s %.3f", r.cell().type(), r.rmse());
        }
        out.println();
        var section = report.summary("Comparison").table(finals);
        if (checkpoints.length == 0) {
            out.flush();
            return;
        }

        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%8s", "epochs"));
        List<List<String>> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("epochs"));
        for (Result r : results) {
            table.append(String.format(Locale.ROOT, "%12s", r.cell().type()));
            head.add(r.cell().type());
        }
        table.append('\n');
        rows.add(head);
        List<String> categories = new ArrayList<>();
        for (int i = 0; i < checkpoints.length; i++) {
            categories.add(String.valueOf(checkpoints[i]));
            table.append(String.format(Locale.ROOT, "%8d", checkpoints[i]));
            List<String> row = new ArrayList<>(List.of(String.valueOf(checkpoints[i])));
            for (Result r : results) {
                double v = r.rmseByEpochs()[i];
                table.append(Double.isNaN(v) ? String.format("%12s", "-") : String.format(Locale.ROOT, "%12.3f", v));
                row.add(Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v));
            }
            table.append('\n');
            rows.add(row);
        }
        out.printf("%nTest RMSE after n epochs (persistence: %.3f)%n", persistenceRmse);
        out.print(table);
        out.flush();

        // SimpleRNN first (blue), then LSTM (orange), then the persistence baseline (green)
        Map<String, double[]> series = new LinkedHashMap<>();
        for (int k = results.size() - 1; k >= 0; k--) {
            double[] v = results.get(k).rmseByEpochs().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] = Double.isNaN(v[i]) ? 0 : Math.round(v[i]);   // whole numbers: short bar labels
            }
            series.put(results.get(k).cell().type(), v);
        }
        double[] base = new double[checkpoints.length];
        java.util.Arrays.fill(base, Math.round(persistenceRmse));
        series.put("persistence", base);
        Plots.bars(run.file("rmse-by-epochs.png"), "Test RMSE after n epochs of training", "test RMSE", categories, series);
        section.paragraph("The test RMSE of the walk-forward forecast, measured during the same training run after"
                        + " each number of epochs (the state is reset after the measurement; the weights are not touched)."
                        + " The lecture notes found the LSTM better at 4–32 and at 1024 epochs.")
                .table(rows)
                .image("rmse-by-epochs.png", "Test RMSE after 4, 8, ..., " + checkpoints[checkpoints.length - 1]
                        + " epochs; the persistence forecast for reference");
    }

    /** {@code Month=k, Predicted=..., Expected=...}, one line per test month, as the tutorial prints them. */
    static String months(float[] predicted, float[] expected) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < predicted.length; i++) {
            s.append(String.format(Locale.ROOT, "Month=%d, Predicted=%f, Expected=%f%n", i + 1, shortest(predicted[i]),
                    shortest(expected[i])));
        }
        return s.toString();
    }

    /** The float as the double its shortest decimal form reads (339.7f prints as 339.700000, not 339.700012). */
    private static double shortest(float v) {
        return Double.parseDouble(Float.toString(v));
    }

    private static String epochList(int[] checkpoints) {
        if (checkpoints.length == 0) {
            return "no";
        }
        if (checkpoints.length <= 3) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < checkpoints.length; i++) {
                s.append(i == 0 ? "" : ", ").append(checkpoints[i]);
            }
            return s.toString();
        }
        return checkpoints[0] + ", " + checkpoints[1] + ", ..., " + checkpoints[checkpoints.length - 1];
    }

    private static void plotForecast(Path file, String title, float[] expected, float[] predicted, int firstMonth) {
        int n = expected.length;
        double[] x = new double[n], a = new double[n], p = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = firstMonth + i + 1;
            a[i] = expected[i];
            p[i] = predicted[i];
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("actual", a);
        series.put("predicted", p);
        Plots.lines(file, title, "month", "sales", x, series, null);
    }
}
