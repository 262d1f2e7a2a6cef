package dev.recurrent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recurrent.cli.pipelines.ForecastPipeline;
import dev.recurrent.cli.pipelines.Sidecar;
import dev.recurrent.cli.pipelines.SymbolPipeline;
import dev.recurrent.cli.pipelines.TokenPipeline;
import dev.recurrent.cli.report.GateHeatmaps;
import dev.recurrent.cli.report.HtmlReport;
import dev.recurrent.cli.run.InputError;
import dev.recurrent.cli.run.RunDirectory;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.GateTrace;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code recurrent inspect}: runs a saved model over one sequence and draws what the gates of a
 * recurrent layer did ({@link GateTrace}), one heatmap per gate and for the cell and hidden states,
 * plus {@code report.html}; prints a summary line per gate. A model saved by {@code recurrent train}
 * is fed with the preprocessing of its sidecar (as {@code recurrent predict}: a forecaster's last
 * window, a classifier's encoded tokens); any other model takes {@code --input} numbers shaped to its
 * input ({@code steps × features}, or token ids for an {@code Embedding} first layer).
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Draws the gates and states of a saved model's recurrent layer over one sequence (heatmaps and report.html).")
public final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M",
            description = "The model file (a sidecar X.json next to it is used if present), or the run directory.")
    Path model;

    @Option(names = "--csv", paramLabel = "FILE", description = "The sequence: a column of this CSV file (a series).")
    Path csv;

    @Option(names = "--column", paramLabel = "NAME|INDEX",
            description = "With --csv: the column (default: the one the model was trained on).")
    String column;

    @Option(names = "--input", paramLabel = "VALUES",
            description = "The sequence as numbers, e.g. \"0.1 0.2 0.3\" (steps × features), or a classifier's tokens.")
    String input;

    @Option(names = "--text", paramLabel = "TEXT", description = "A classifier's sequence of tokens, separated by spaces; for a"
            + " model of demo alphabet, letters, e.g. \"A B C\".")
    String text;

    @Option(names = "--layer", paramLabel = "NAME", description = "The recurrent layer (default: the first).")
    String layerName;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the pictures and report.html "
            + "(default: runs/inspect-<yyyyMMdd-HHmmss>).")
    Path out;

    /** The model's input for the one sequence, and a label per time step. */
    record Prepared(Tensor x, List<String> stepLabels, String source) {
    }

    @Override
    public Integer call() {
        int sources = (csv != null ? 1 : 0) + (input != null ? 1 : 0) + (text != null ? 1 : 0);
        if (sources != 1) {
            throw new ParameterException(spec.commandLine(), "give one of --csv FILE, --input VALUES or --text TEXT"
                    + (sources > 1 ? ", not several" : ""));
        }
        if (column != null && csv == null) {
            throw new ParameterException(spec.commandLine(), "--column goes with --csv FILE");
        }
        Path modelFile = Sidecar.resolveModel(model);
        JsonNode sidecar = Sidecar.readIfPresent(modelFile);
        Sequential m = Sidecar.loadModel(modelFile);
        Prepared p = prepare(m, modelFile, sidecar);
        Recurrent layer = recurrentLayer(m).keepForwardCaches(true);
        try {
            m.predict(p.x(), 1);
        } catch (IllegalArgumentException e) {
            throw new InputError(p.source() + " does not fit " + modelFile + ": " + e.getMessage(), e);
        }
        GateTrace trace = layer.gateTrace(0);

        RunDirectory run = RunDirectory.create(out != null ? out : RunDirectory.defaultFor("inspect", LocalDateTime.now()));
        HtmlReport report = new HtmlReport(run.file("report.html"), "Recurrent: gate inspector");
        report.setting("model", modelFile.toAbsolutePath())
                .setting("layer", layer.name() + " (" + layer.type() + ", " + layer.units() + " units)")
                .setting("sequence", p.source() + ", " + trace.hidden().length + " steps")
                .setting("gates", trace.gateNames().length == 0 ? "none (a simple RNN: only h)"
                        : String.join(", ", trace.gateNames()));
        HtmlReport.Section section = report.section(layer.name() + ": gates and states over time")
                .paragraph("Time steps along x (labelled with the input), units along y. Gates on 0..1 (white: closed, "
                        + "blue: open); the candidate and the states on a symmetric scale (blue negative, red positive).")
                .pre("steps: " + String.join(" ", p.stepLabels()));
        List<String> lines = GateHeatmaps.write(trace, p.stepLabels(), layer.name(), run.path(), "", section);
        report.status("Finished.");
        report.write();
        PrintWriter w = spec.commandLine().getOut();
        w.printf("%s (%s, %d units) over %d steps of %s:%n", layer.name(), layer.type(), layer.units(),
                trace.hidden().length, p.source());
        for (String line : lines) {
            w.println("  " + line);
        }
        w.printf("Wrote %d heatmaps and report.html to %s%n", lines.size(), run.path());
        w.flush();
        return 0;
    }

    private Recurrent recurrentLayer(Sequential m) {
        if (layerName != null) {
            Layer l;
            try {
                l = m.layer(layerName);
            } catch (IllegalArgumentException e) {
                throw new InputError(e.getMessage() + "; the layers are " + names(m));
            }
            if (!(l instanceof Recurrent r)) {
                throw new InputError("layer '" + layerName + "' is a " + l.type() + ", not a recurrent layer");
            }
            return r;
        }
        for (Layer l : m.layers()) {
            if (l instanceof Recurrent r) {
                return r;
            }
        }
        throw new InputError("the model has no recurrent layer at its top level; its layers are " + names(m));
    }

    private static String names(Sequential m) {
        return m.layers().stream().map(l -> l.name() + " (" + l.type() + ")").toList().toString();
    }

    /** The input tensor [1, steps, ...] of the sequence, by the sidecar's preprocessing if there is one. */
    Prepared prepare(Sequential m, Path modelFile, JsonNode sidecar) {
        String task = sidecar == null ? null : Sidecar.field(sidecar, modelFile, "task").asText();
        if ("forecast".equals(task)) {
            if (text != null) {
                throw new ParameterException(spec.commandLine(), modelFile + " is a forecaster: give the series with "
                        + "--csv FILE or --input \"values\"");
            }
            ForecastPipeline pipeline = ForecastPipeline.fromJson(sidecar, modelFile);
            pipeline.checkModel(m, modelFile);
            ForecastPipeline.Given given = ForecastPipeline.given(csv, column != null ? column : pipeline.column, input);
            float[] series = given.values();
            String source = given.source();
            if (series.length < pipeline.inputLength()) {
                throw new InputError(source + " has " + series.length + " values, but the model reads the last "
                        + pipeline.inputLength() + " (look-back " + pipeline.lookBack
                        + (pipeline.difference == 1 ? ", plus one for the differencing" : "") + ")");
            }
            float[] window = pipeline.lastWindow(series);
            List<String> labels = new ArrayList<>();
            for (int t = 0; t < pipeline.lookBack; t++) {
                labels.add(number(series[series.length - pipeline.lookBack + t]));
            }
            return new Prepared(Tensor.of(window, 1, pipeline.lookBack, 1), labels,
                    "the last " + pipeline.lookBack + " values of " + source + " (as preprocessed for the model)");
        }
        if ("classify".equals(task)) {
            if (csv != null) {
                throw new ParameterException(spec.commandLine(), modelFile + " is a classifier: give --text \"tokens ...\"");
            }
            String tokens = text != null ? text : input;
            if (tokens.isBlank()) {
                throw new InputError((text != null ? "--text" : "--input") + " is empty; expected tokens separated by spaces");
            }
            TokenPipeline pipeline = TokenPipeline.fromJson(sidecar, modelFile);
            pipeline.checkModel(m, modelFile);
            String[] words = tokens.strip().split("\\s+");
            Tensor x = pipeline.x(List.of(new TokenPipeline.Example(1, null, words)));
            int steps = x.sampleShape()[0];
            List<String> labels = new ArrayList<>();
            int[] ids = pipeline.encode(words);
            // padSequences pads and truncates at the front (Keras' default): the last tokens are kept, at the end
            int pad = Math.max(0, steps - ids.length);
            for (int t = 0; t < steps; t++) {
                labels.add(t < pad ? "·" : words[words.length - (steps - t)]);
            }
            return new Prepared(x, labels, "--" + (text != null ? "text" : "input") + " (" + words.length + " tokens)");
        }
        if (SymbolPipeline.TASK.equals(task)) {
            if (csv != null) {
                throw new ParameterException(spec.commandLine(), modelFile + " reads letters: give --text \"A B C\"");
            }
            SymbolPipeline pipeline = SymbolPipeline.fromJson(sidecar, modelFile);
            pipeline.checkModel(m, modelFile);
            String option = text != null ? "--text" : "--input";
            int[] window = pipeline.parse(text != null ? text : input, option);
            List<String> labels = pipeline.asSteps ? List.of(pipeline.show(window).split(" ")) : List.of(pipeline.show(window));
            return new Prepared(pipeline.x(window), labels, option + " (" + pipeline.show(window) + ")");
        }
        if (text != null) {
            throw new ParameterException(spec.commandLine(), "--text needs a classifier saved by recurrent train "
                    + "(with its sidecar); give this model --input \"numbers\"");
        }
        if (csv != null && column == null) {
            throw new ParameterException(spec.commandLine(), "--csv needs --column C for a model without a sidecar");
        }
        ForecastPipeline.Given given = ForecastPipeline.given(csv, column, input);
        float[] values = given.values();
        String source = given.source();
        int[] dims = m.inputShape() == null ? null : m.inputShape().dims();
        boolean tokenIds = !m.layers().isEmpty() && m.layers().get(0) instanceof Embedding;
        int features = tokenIds || dims == null || dims.length < 2 ? 1 : dims[dims.length - 1];
        if (features < 1 || values.length % features != 0) {
            throw new InputError(source + " has " + values.length + " values; the model takes " + features
                    + " features per step, so give a multiple of " + features);
        }
        int steps = values.length / features;
        if (dims != null && dims.length >= 1 && dims[0] > 0 && dims[0] != steps) {
            throw new InputError(source + " gives " + steps + " steps, but the model takes " + dims[0]
                    + " steps of " + features + " features (" + dims[0] * features + " values)");
        }
        List<String> labels = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            labels.add(features == 1 ? number(values[t]) : String.valueOf(t));
        }
        Tensor x = tokenIds ? Tensor.of(values, 1, steps) : Tensor.of(values, 1, steps, features);
        return new Prepared(x, labels, source);
    }

    private static String number(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
