package dev.recurrent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recurrent.cli.pipelines.ForecastPipeline;
import dev.recurrent.cli.pipelines.Sidecar;
import dev.recurrent.cli.pipelines.SymbolPipeline;
import dev.recurrent.cli.pipelines.TokenPipeline;
import dev.recurrent.cli.run.InputError;
import dev.recurrent.model.Sequential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code recurrent predict}: a model saved by {@code recurrent train} on new data, with the
 * preprocessing of its sidecar. A forecaster reads a series ({@code --csv FILE [--column C]} or
 * {@code --input "112 118 132 ..."}) and prints the next {@code --forecast} values in the series'
 * units, exactly as {@code train} printed them for the same series. A classifier reads one sequence
 * ({@code --input "tokens ..."}) or a file of them ({@code --file F}, one per line, optionally
 * {@code label<TAB>} first) and prints each label's probability; with labels, also the accuracy.
 * A model of {@code demo alphabet} reads letters ({@code --input "A B C"}) and prints the next one
 * ({@link SymbolPipeline}). Writes nothing, except with {@code --npy X.npy --out Y.npy}: the outputs
 * of a model in any readable format ({@link NpyPrediction}) for a NumPy batch, no sidecar needed.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predicts with a model saved by recurrent train: the next values of a series (forecast), or the "
                + "label probabilities of sequences (classify); or the next letter with a model of recurrent demo alphabet.")
public final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M",
            description = "The model file (its sidecar X.json next to it), or the run directory; with --npy, a model"
                    + " in any readable format (.model, .zip, .h5, .safetensors with --like).")
    Path model;

    @Option(names = "--npy", paramLabel = "X.npy",
            description = "Batch prediction: the input, a float32 NumPy array [samples, ...the model's input shape].")
    Path npy;

    @Option(names = "--out", paramLabel = "Y.npy", description = "Batch prediction: where the outputs go (.npy).")
    Path npyOut;

    @Option(names = "--like", paramLabel = "MODEL",
            description = "Batch prediction from a .safetensors state dict: the model whose weights it replaces.")
    Path like;

    @Option(names = "--csv", paramLabel = "FILE", description = "Forecast: the series, a column of this CSV file.")
    Path csv;

    @Option(names = "--column", paramLabel = "NAME|INDEX",
            description = "Forecast: the column (default: the one the model was trained on).")
    String column;

    @Option(names = "--input", paramLabel = "TEXT",
            description = "Forecast: the series, e.g. \"112 118 132\"; classify: one sequence of tokens; alphabet: letters,"
                    + " e.g. \"A B C\".")
    String input;

    @Option(names = "--file", paramLabel = "F",
            description = "Classify: one sequence per line, optionally label<TAB>sequence (then the accuracy is printed).")
    Path file;

    @Option(names = "--forecast", paramLabel = "N",
            description = "Forecast: values to forecast after the end of the series (default: the model's horizon).")
    Integer forecastSteps;

    @Option(names = "--batch", defaultValue = "32", description = "Classify and --npy: batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() {
        if (npy != null || npyOut != null || like != null) {
            if (csv != null || input != null || file != null || column != null || forecastSteps != null) {
                throw new ParameterException(spec.commandLine(), "--npy X.npy --out Y.npy is batch prediction: give no"
                        + " --csv, --input, --file, --column or --forecast with it");
            }
            if (npy == null || npyOut == null) {
                throw new ParameterException(spec.commandLine(), "batch prediction takes both --npy X.npy and --out Y.npy"
                        + (like != null ? " (--like is for it only)" : ""));
            }
            if (batch < 1) {
                throw new ParameterException(spec.commandLine(), "--batch must be at least 1, got " + batch);
            }
            new NpyPrediction(model, like, batch).run(npy, npyOut, spec.commandLine().getOut());
            return 0;
        }
        int sources = (csv != null ? 1 : 0) + (input != null ? 1 : 0) + (file != null ? 1 : 0);
        if (sources != 1) {
            throw new ParameterException(spec.commandLine(), "give one of --csv FILE, --input TEXT or --file F"
                    + (sources > 1 ? ", not several" : ""));
        }
        if (forecastSteps != null && forecastSteps < 1) {
            throw new ParameterException(spec.commandLine(), "--forecast must be at least 1, got " + forecastSteps);
        }
        if (batch < 1) {
            throw new ParameterException(spec.commandLine(), "--batch must be at least 1, got " + batch);
        }
        Path modelFile = Sidecar.resolveModel(model);
        JsonNode sidecar = Sidecar.read(modelFile);
        String task = Sidecar.field(sidecar, modelFile, "task").asText();
        PrintWriter out = spec.commandLine().getOut();
        switch (task) {
            case "forecast":
                forecast(modelFile, sidecar, out);
                break;
            case "classify":
                classify(modelFile, sidecar, out);
                break;
            case SymbolPipeline.TASK:
                nextSymbol(modelFile, sidecar, out);
                break;
            default:
                throw new InputError(Sidecar.pathFor(modelFile) + ": unknown task \"" + task
                        + "\"; expected forecast, classify or " + SymbolPipeline.TASK);
        }
        out.flush();
        return 0;
    }

    private void forecast(Path modelFile, JsonNode sidecar, PrintWriter out) {
        if (file != null) {
            throw new ParameterException(spec.commandLine(), modelFile + " is a forecaster: give the series with --csv FILE"
                    + " or --input \"values\" (--file is for classifiers)");
        }
        ForecastPipeline pipeline = ForecastPipeline.fromJson(sidecar, modelFile);
        ForecastPipeline.Given given = ForecastPipeline.given(csv, column != null ? column : pipeline.column, input);
        float[] series = given.values();
        String source = given.source();
        if (series.length < pipeline.inputLength()) {
            throw new InputError(source + " has " + series.length + " values, but the model forecasts from the last "
                    + pipeline.inputLength() + " (look-back " + pipeline.lookBack
                    + (pipeline.difference == 1 ? ", plus one for the differencing" : "") + ")");
        }
        Sequential m = Sidecar.loadModel(modelFile);
        pipeline.checkModel(m, modelFile);
        int steps = forecastSteps != null ? forecastSteps : pipeline.horizon;
        float[] values = pipeline.forecast(m, series, steps);
        out.printf(Locale.ROOT, "Forecast of the next %d values after row %d (%s):%n", steps, series.length, source);
        out.print(ForecastPipeline.forecastLines(values));
    }

    /** The next symbol after the last window of {@code --input} (a model of demo alphabet), and the likeliest three. */
    private void nextSymbol(Path modelFile, JsonNode sidecar, PrintWriter out) {
        if (input == null || column != null || forecastSteps != null) {
            throw new ParameterException(spec.commandLine(), modelFile + " predicts the next symbol: give the symbols"
                    + " with --input, e.g. --input \"A B C\" (--csv, --file, --column and --forecast are for other models)");
        }
        SymbolPipeline pipeline = SymbolPipeline.fromJson(sidecar, modelFile);
        int[] window = pipeline.parse(input, "--input");
        Sequential m = Sidecar.loadModel(modelFile);
        pipeline.checkModel(m, modelFile);
        float[] p = m.predict(pipeline.x(window), 1).data();
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(p[b], p[a]));
        out.printf("Predicted: %s (after %s)%n", pipeline.symbols.charAt(order[0]), pipeline.show(window));
        for (int k = 0; k < Math.min(3, order.length); k++) {
            out.printf(Locale.ROOT, "  %s  %.4f%n", pipeline.symbols.charAt(order[k]), p[order[k]]);
        }
    }

    private void classify(Path modelFile, JsonNode sidecar, PrintWriter out) {
        if (csv != null || column != null || forecastSteps != null) {
            throw new ParameterException(spec.commandLine(), modelFile + " is a classifier: give --input \"tokens ...\""
                    + " or --file F (--csv, --column and --forecast are for forecasters)");
        }
        TokenPipeline pipeline = TokenPipeline.fromJson(sidecar, modelFile);
        List<TokenPipeline.Example> examples;
        if (input != null) {
            if (input.isBlank()) {
                throw new InputError("--input is empty; expected tokens separated by spaces");
            }
            examples = List.of(new TokenPipeline.Example(1, null, input.strip().split("\\s+")));
        } else {
            examples = TokenPipeline.read(file, false);
        }
        Sequential m = Sidecar.loadModel(modelFile);
        pipeline.checkModel(m, modelFile);
        float[][] p = pipeline.probabilities(m, examples, batch);
        if (input != null) {
            out.printf("Predicted: %s%n", pipeline.labels.get(TokenPipeline.argmax(p[0])));
            for (int j = 0; j < pipeline.labels.size(); j++) {
                out.printf(Locale.ROOT, "  %s  %.4f%n", pipeline.labels.get(j), p[0][j]);
            }
            return;
        }
        int labelled = 0, right = 0;
        for (int i = 0; i < examples.size(); i++) {
            TokenPipeline.Example e = examples.get(i);
            int best = TokenPipeline.argmax(p[i]);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "line %d: %s (", e.line(),
                    pipeline.labels.get(best)));
            for (int j = 0; j < pipeline.labels.size(); j++) {
                line.append(j == 0 ? "" : ", ").append(pipeline.labels.get(j))
                        .append(String.format(Locale.ROOT, " %.4f", p[i][j]));
            }
            line.append(')');
            if (e.label() != null) {
                labelled++;
                boolean ok = pipeline.labelIndex(e.label()) == best;
                right += ok ? 1 : 0;
                line.append(ok ? "  right" : "  wrong: " + e.label());
            }
            out.println(line);
        }
        if (labelled > 0) {
            out.printf(Locale.ROOT, "Accuracy: %.4f (%d of %d labelled lines)%n", right / (double) labelled, right,
                    labelled);
        }
    }
}
