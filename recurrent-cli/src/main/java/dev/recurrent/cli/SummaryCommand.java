package dev.recurrent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recurrent.cli.pipelines.Sidecar;
import dev.recurrent.model.Sequential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code recurrent summary}: the Keras summary table of a saved model, its training configuration
 * (loss, optimizer, metrics) and, for a model saved by {@code recurrent train}, what its sidecar
 * records: the preprocessing, the training settings and the test results. Any model file loads
 * (e.g. a demo's {@code lstm.model}); writes nothing.
 */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Prints the summary of a saved model: its layers, training configuration and, if it was saved by"
                + " recurrent train, its preprocessing and results.")
public final class SummaryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M", description = "The model file, or a run directory.")
    Path model;

    @Override
    public Integer call() {
        Path file = Sidecar.resolveModel(model);
        Sequential m = Sidecar.loadModel(file);
        JsonNode sidecar = Sidecar.readIfPresent(file);
        PrintWriter out = spec.commandLine().getOut();
        out.print(m.summary());
        if (m.optimizer() != null) {
            out.printf("Training config: loss %s; optimizer %s %s; metrics %s%n", m.loss().name(), m.optimizer().name(),
                    settings(m.optimizer().config()), m.metricNames().isEmpty() ? "none" : String.join(", ", m.metricNames()));
        } else {
            out.println("Training config: none (saved without compiling)");
        }
        if (sidecar != null) {
            out.printf("%s (task %s):%n", Sidecar.pathFor(file).getFileName(), sidecar.path("task").asText());
            for (String section : new String[] {"command", "preprocessing", "training", "results"}) {
                JsonNode n = sidecar.path(section);
                if (n.isMissingNode()) {
                    continue;
                }
                if (n.isObject()) {
                    out.printf("  %s:%n", section);
                    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        out.printf("    %s: %s%n", e.getKey(), show(e.getKey(), e.getValue()));
                    }
                } else {
                    out.printf("  %s: %s%n", section, n.asText());
                }
            }
        }
        out.flush();
        return 0;
    }

    /** The optimizer's arguments that are set, float32 values in their short form (0.001, not 0.0010000000474974513). */
    static String settings(Map<String, Object> config) {
        StringBuilder s = new StringBuilder("(");
        for (Map.Entry<String, Object> e : config.entrySet()) {
            Object v = e.getValue();
            if (v == null) {
                continue;
            }
            if (v instanceof Double && (double) (float) (double) (Double) v == (Double) v) {
                v = Float.toString((float) (double) (Double) v);
            }
            s.append(s.length() == 1 ? "" : ", ").append(e.getKey()).append('=').append(v);
        }
        return s.append(')').toString();
    }

    /** A value as one line: text as is, a long vocabulary by its size and first tokens. */
    private static String show(String key, JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (key.equals("vocabulary") && v.isArray()) {
            StringBuilder s = new StringBuilder(v.size() + " tokens");
            for (int i = 0; i < Math.min(10, v.size()); i++) {
                s.append(i == 0 ? ": " : " ").append(v.get(i).asText());
            }
            return s.append(v.size() > 10 ? " ..." : "").toString();
        }
        return v.toString();
    }
}
