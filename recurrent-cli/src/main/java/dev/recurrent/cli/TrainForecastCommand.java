package dev.recurrent.cli;

import dev.recurrent.cli.demos.DemoOptions;
import dev.recurrent.cli.demos.DemoRun;
import dev.recurrent.cli.pipelines.ForecastPipeline;
import dev.recurrent.cli.pipelines.Scaling;
import dev.recurrent.cli.pipelines.Sidecar;
import dev.recurrent.cli.report.HtmlReport;
import dev.recurrent.cli.report.Plots;
import dev.recurrent.cli.report.SeriesDates;
import dev.recurrent.cli.run.Durations;
import dev.recurrent.cli.run.InputError;
import dev.recurrent.cli.run.KernelsBanner;
import dev.recurrent.cli.run.ProgressCallback;
import dev.recurrent.cli.run.TrainingCheckpoint;
import dev.recurrent.data.Supervised;
import dev.recurrent.io.ModelFiles;
import dev.recurrent.layers.Dense;
import dev.recurrent.loss.MeanSquaredError;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.History;
import dev.recurrent.model.Sequential;
import dev.recurrent.optim.Adam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code recurrent train forecast}: a forecaster for one column of the user's CSV file.
 * {@code <cell>(units) → Dense(horizon)} on windows of {@code --look-back} values
 * ({@link ForecastPipeline}: differenced or not, scaled with parameters fitted on the training part),
 * MSE, Adam; the last {@code --test-fraction} of the windows are the test. Prints the test RMSE in
 * the series' units against the persistence forecast (each value predicted as the last one seen),
 * and the recursive forecast of {@code --forecast} values beyond the end. Writes, into a run
 * directory that appears only when everything is written ({@link dev.recurrent.cli.run.StagedDirectory}):
 * {@code forecast.model}, its sidecar {@code forecast.json} (the preprocessing, for
 * {@code recurrent predict}), {@code forecast.png}, {@code loss.png} and {@code report.html}.
 *
 * <p>Every problem with the data (no such file or column, an empty file, a cell that is not a number,
 * a series too short for the look-back) is found before anything is written.
 */
@Command(name = "forecast", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains a forecaster on one column of a CSV file: windows of --look-back values predict the next "
                + "--horizon values. Prints the test RMSE against the persistence forecast and a forecast beyond "
                + "the end; saves the model (forecast.model + forecast.json), plots and report.html.")
public final class TrainForecastCommand implements Callable<Integer> {
    public static final String MODEL_FILE = Sidecar.FORECAST_MODEL_FILE;

    @Spec
    CommandSpec spec;

    @Option(names = "--csv", required = true, paramLabel = "FILE",
            description = "A CSV file with a header line, one row per time step.")
    Path csv;

    @Option(names = "--column", paramLabel = "NAME|INDEX",
            description = "The column of the series: its name, or its index from 0 (default: the last column).")
    String column;

    @Option(names = "--look-back", defaultValue = "12", paramLabel = "N",
            description = "Values in each input window (default: ${DEFAULT-VALUE}).")
    int lookBack;

    @Option(names = "--horizon", defaultValue = "1", paramLabel = "H",
            description = "Values predicted from each window (default: ${DEFAULT-VALUE}).")
    int horizon;

    @Option(names = "--scale", defaultValue = "minmax", paramLabel = "minmax|standard|none",
            description = "Scaling, fitted on the training part: minmax to [-1, 1], standard, or none (default: ${DEFAULT-VALUE}).")
    ForecastPipeline.Scale scale;

    @Option(names = "--difference", defaultValue = "0", paramLabel = "0|1",
            description = "1: model the differences between consecutive values (removes a trend) (default: ${DEFAULT-VALUE}).")
    int difference;

    @Option(names = "--forecast", defaultValue = "12", paramLabel = "N",
            description = "Values to forecast beyond the end of the series (default: ${DEFAULT-VALUE}).")
    int forecastSteps;

    @Mixin
    TrainingSize size = new TrainingSize(32, 100, 16);

    @Mixin
    TrainOptions train;

    @Mixin
    DemoOptions options;

    @Override
    public Integer call() {
        int units = size.units, epochs = size.epochs, batch = size.batch;
        options.requireAtLeast("--look-back", lookBack, 1);
        options.requireAtLeast("--horizon", horizon, 1);
        options.requireAtLeast("--forecast", forecastSteps, 0);
        size.check(options);
        if (difference != 0 && difference != 1) {
            throw new ParameterException(spec.commandLine(), "--difference must be 0 or 1, got " + difference);
        }
        train.validate();
        ProgressCallback.Verbosity verbosity = options.verbosity();
        Path target = options.stagedTarget("forecast");

        // ---- the data, checked before anything is written
        ForecastPipeline.Series series = ForecastPipeline.read(csv, column);
        float[] s = series.values();
        int needed = ForecastPipeline.minimumLength(lookBack, horizon, difference);
        if (s.length < needed) {
            throw new InputError("--look-back " + lookBack + " is too long for the series: column \"" + series.column()
                    + "\" of " + csv + " has " + s.length + " values, and a look-back of " + lookBack
                    + " with a horizon of " + horizon + (difference == 1 ? " and differencing" : "") + " needs at least "
                    + needed + " (two windows: one to train, one to test)");
        }
        ForecastPipeline shape = new ForecastPipeline(series.column(), lookBack, horizon, difference, null);
        int windows = shape.windowCount(s.length), testWindows = train.testCount(windows);
        int trainWindows = windows - testWindows;
        if (trainWindows < 1) {
            throw new InputError("--test-fraction " + train.testFraction + " leaves no training window: the series gives "
                    + windows + " windows of " + lookBack + " + " + horizon + " values");
        }
        float[] z = shape.differenced(s);
        Scaling scaling = Scaling.fit(scale,
                Arrays.copyOf(z, shape.fittedLength(trainWindows)));
        ForecastPipeline pipeline = new ForecastPipeline(series.column(), lookBack, horizon, difference, scaling);
        Supervised all = pipeline.windows(scaling.apply(z));
        Supervised trainSet = all.slice(0, trainWindows), testSet = all.slice(trainWindows, windows);

        Sequential built = new Sequential("forecast").input(lookBack, 1).seed(train.seed)
                .add(train.cell.layer(units))
                .add(Dense.of(horizon))
                .compile(new Adam(train.learningRate), new MeanSquaredError());
        TrainingCheckpoint.Start start = train.start(built);
        Sequential model = start.model();
        String summary = model.summary();
        String command = train.commandLine();
        String network = train.cell.type + "(" + units + ") -> Dense(" + horizon + ")";

        PrintWriter out = spec.commandLine().getOut();
        int firstTestRow = pipeline.lastSeen(trainWindows) + 2;   // 1-based row of the first value tested
        out.printf("Forecasting column \"%s\" of %s: %d values; %s%s%n", series.column(), csv, s.length,
                difference == 1 ? "differenced, " : "", scaling.describe() + " (fitted on the training part)");
        out.printf("Windows of %d -> the next %d: %d in all; the first %d train, the last %d test (rows %d-%d)%n",
                lookBack, horizon, windows, trainWindows, testWindows, firstTestRow, s.length);
        out.printf("%s, MSE, Adam (lr %s), %d epochs, batch %d%s, seed %d; %s%n", network,
                train.learningRate, epochs, batch, train.tbpttNote(), train.seed, KernelsBanner.describe().line());
        out.print(summary);
        out.flush();

        DemoRun.staged(target, (stop, run) -> {
            long t0 = System.nanoTime();
            History history = model.fit(trainSet.x(), trainSet.y(), train.withTbptt(FitOptions.defaults()).epochs(epochs)
                    .batchSize(batch).initialEpoch(start.initialEpoch())
                    .callbacks(train.callbacks(target, new ProgressCallback(out, verbosity, epochs), stop)));
            long trainNanos = System.nanoTime() - t0;
            int ran = start.initialEpoch() + history.epochs().size();

            // ---- the test: one window at a time, in the series' units
            float[] outputs = model.predict(testSet.x(), batch).data();
            double[] sq = new double[horizon], sqPersist = new double[horizon];
            float[] oneStep = new float[testWindows];
            for (int k = 0; k < testWindows; k++) {
                int last = pipeline.lastSeen(trainWindows + k);
                float[] values = pipeline.toValues(outputs, k * horizon, s[last]);
                oneStep[k] = values[0];
                for (int h = 0; h < horizon; h++) {
                    double e = (double) s[last + 1 + h] - values[h], p = (double) s[last + 1 + h] - s[last];
                    sq[h] += e * e;
                    sqPersist[h] += p * p;
                }
            }
            double rmse = rmse(sq, testWindows), persistence = rmse(sqPersist, testWindows);
            StringBuilder results = new StringBuilder();
            results.append(String.format(Locale.ROOT, "Test RMSE: %.3f (persistence: %.3f), %d windows, in the units"
                    + " of \"%s\"%n", rmse, persistence, testWindows, series.column()));
            if (horizon > 1) {
                for (int h = 0; h < horizon; h++) {
                    results.append(String.format(Locale.ROOT, "  t+%d: %.3f (persistence: %.3f)%n", h + 1,
                            Math.sqrt(sq[h] / testWindows), Math.sqrt(sqPersist[h] / testWindows)));
                }
            }
            float[] forecast = pipeline.forecast(model, s, forecastSteps);
            String forecastText = forecastSteps == 0 ? ""
                    : String.format(Locale.ROOT, "Forecast of the next %d values after row %d:%n", forecastSteps,
                    s.length) + ForecastPipeline.forecastLines(forecast);
            out.printf("(trained in %s: %d epochs of %d windows)%n", Durations.format(trainNanos), ran, trainWindows);
            out.print(results);
            out.flush();
            String warning = persistenceWarning(rmse, persistence, difference);
            if (warning != null) {
                spec.commandLine().getErr().println(warning);
                spec.commandLine().getErr().flush();
                results.append(warning).append('\n');
            }
            out.print(forecastText);
            out.flush();

            // ---- the files, all in the partial run directory
            Path modelFile = run.file(MODEL_FILE);
            ModelFiles.save(model, modelFile, false);
            Sidecar.write(modelFile, sidecar(series, pipeline, ran, trainWindows, testWindows, rmse, persistence,
                    command));
            plot(run.file("forecast.png"), s, pipeline, trainWindows, oneStep, forecast,
                    SeriesDates.ofCsv(csv, series.column()));
            Plots.history(run.file("loss.png"), "Training loss (MSE of the scaled values)", history, "loss");
            HtmlReport report = new HtmlReport(run.file("report.html"), "Recurrent: train forecast");
            report.setting("command", command)
                    .setting("data", csv + ", column \"" + series.column() + "\": " + s.length + " values")
                    .setting("preparation", (difference == 1 ? "differenced (lag 1); " : "") + scaling.describe()
                            + ", fitted on the values of the training windows")
                    .setting("windows", windows + " windows of " + lookBack + " → " + horizon + "; the first "
                            + trainWindows + " train, the last " + testWindows + " test (rows " + firstTestRow + "–"
                            + s.length + ")")
                    .setting("network", network)
                    .setting("training", "mean squared error, Adam (lr " + train.learningRate + "), " + epochs
                            + " epochs, batch " + batch + train.tbpttNote() + ", shuffled, seed " + train.seed)
                    .setting("kernels", KernelsBanner.describe().setting())
                    .setting("run directory", run.target().toAbsolutePath());
            report.section("Model").pre(summary);
            report.summary("Test").pre(results.toString())
                    .image("forecast.png", "The series (blue), the one-step predictions on the test part (orange)"
                            + " and the recursive forecast beyond the end (green)")
                    .image("loss.png", "Training loss per epoch");
            if (forecastSteps > 0) {
                report.section("Forecast").pre(forecastText);
            }
            report.section("Files").paragraph(MODEL_FILE + ": the model (recurrent-io); forecast.json: the"
                    + " preprocessing, for `recurrent predict --model " + run.target().resolve(MODEL_FILE) + " --csv FILE`.");
            DemoRun.finishReport(report, stop, t0,
                    took -> "Interrupted (Ctrl-C) after " + ran + " of " + epochs + " epochs; finished in " + took + ".");
            run.commit();
            out.printf("Saved %s: %s, forecast.json, forecast.png, loss.png, report.html%n", run.target(), MODEL_FILE);
            out.flush();
        });
        return 0;
    }

    /**
     * One line when the model's test RMSE is worse than persistence's (the last value repeated), which is
     * easy to miss among the figures: {@code warning: ...} with what to try; null when the model wins.
     */
    static String persistenceWarning(double rmse, double persistence, int difference) {
        if (rmse <= persistence) {
            return null;
        }
        return String.format(Locale.ROOT, "warning: the model's test RMSE %.1f is worse than persistence's %.1f"
                + " (repeating the last value); %s", rmse, persistence, difference == 0
                ? "try --difference 1" : "try more --epochs, another --look-back or --units");
    }

    private static double rmse(double[] squares, int n) {
        double sum = 0;
        for (double v : squares) {
            sum += v;
        }
        return Math.sqrt(sum / (n * (double) squares.length));
    }

    private Map<String, Object> sidecar(ForecastPipeline.Series series, ForecastPipeline pipeline, int ran,
                                        int trainWindows, int testWindows, double rmse, double persistence,
                                        String command) {
        Map<String, Object> m = Sidecar.start("forecast", command, pipeline.toJson());
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("csv", csv.toString());
        t.put("values", series.length());
        train.putSettings(t, size.units, size.epochs, ran, size.batch);
        t.put("train_windows", trainWindows);
        t.put("test_windows", testWindows);
        m.put("training", t);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("test_rmse", rmse);
        r.put("persistence_rmse", persistence);
        m.put("results", r);
        return m;
    }

    /**
     * The whole series, the one-step test predictions and the forecast beyond the end, against the
     * dates of the rows when the CSV has them ({@code dates}, or null), else against the row.
     */
    private static void plot(Path file, float[] s, ForecastPipeline p, int trainWindows, float[] oneStep, float[] forecast,
                             SeriesDates.Column dates) {
        int n = s.length + forecast.length;
        double[] x = new double[n], actual = new double[n], predicted = new double[n], ahead = new double[n];
        Arrays.fill(actual, Double.NaN);
        Arrays.fill(predicted, Double.NaN);
        Arrays.fill(ahead, Double.NaN);
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        for (int i = 0; i < s.length; i++) {
            actual[i] = s[i];
        }
        for (int k = 0; k < oneStep.length; k++) {
            predicted[p.lastSeen(trainWindows + k) + 1] = oneStep[k];
        }
        if (forecast.length > 0) {
            ahead[s.length - 1] = s[s.length - 1];   // joined to the last value
        }
        for (int i = 0; i < forecast.length; i++) {
            ahead[s.length + i] = forecast[i];
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("actual", actual);
        series.put("one step ahead (test)", predicted);
        if (forecast.length > 0) {
            series.put("forecast", ahead);
        }
        String title = "\"" + p.column + "\": actual, one-step test predictions" + (forecast.length > 0 ? " and forecast" : "");
        List<LocalDate> calendar = dates == null || dates.dates().size() != s.length ? null
                : forecast.length == 0 ? new ArrayList<>() : SeriesDates.following(dates.dates(), forecast.length);
        if (calendar != null) {
            calendar.addAll(0, dates.dates());
            Plots.timeSeries(file, title, dates.name(), p.column, calendar, series);
        } else {
            Plots.lines(file, title, "row", p.column, x, series, null);
        }
    }
}
