package dev.recurrent.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recurrent.loss.Loss;
import dev.recurrent.loss.Losses;
import dev.recurrent.model.Model;
import dev.recurrent.model.Sequential;
import dev.recurrent.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The training configuration of a Keras file, compiled into the imported model where it maps:
 * Keras 1/2's {@code training_config} attribute ({@code optimizer_config}, {@code loss},
 * {@code metrics}) or Keras 3's {@code compile_config} ({@code optimizer}, {@code loss},
 * {@code metrics}). An optimizer or a loss Recurrent lacks (or a loss per output, a custom object)
 * leaves the model uncompiled: the weights are what the import is for.
 */
final class KerasTrainingConfig {
    private KerasTrainingConfig() {
    }

    /** Compiles {@code model} with the configuration, when both its optimizer and its loss map; returns whether it did. */
    static boolean compile(Sequential model, JsonNode training) {
        return compile(training, (optimizer, loss, metrics) -> model.compile(optimizer, loss, metrics));
    }

    /** As {@link #compile(Sequential, JsonNode)} for a graph model: one loss for every output. */
    static boolean compile(Model model, JsonNode training) {
        return compile(training, (optimizer, loss, metrics) -> model.compile(optimizer, loss, metrics));
    }

    private interface Compiler {
        void compile(Optimizer optimizer, Loss loss, String[] metrics);
    }

    private static boolean compile(JsonNode training, Compiler model) {
        if (training == null || !training.isObject()) {
            return false;
        }
        Optimizer optimizer = optimizer(training.has("optimizer_config") ? training.get("optimizer_config")
                : training.get("optimizer"));
        Loss loss = loss(training.get("loss"));
        if (optimizer == null || loss == null) {
            return false;
        }
        List<String> metrics = new ArrayList<>();
        JsonNode m = training.get("metrics");
        if (m != null && m.isArray()) {
            for (JsonNode n : m) {
                if (n.isTextual() && List.of("accuracy", "acc", "mae", "mse").contains(n.asText())) {
                    metrics.add(n.asText().equals("acc") ? "accuracy" : n.asText());
                }
            }
        }
        model.compile(optimizer, loss, metrics.toArray(new String[0]));
        return true;
    }

    /** {@code "adam"}, or {@code {"class_name": "Adam", "config": {...}}} (Keras 2 names the rate {@code lr}). */
    static Optimizer optimizer(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        try {
            if (n.isTextual()) {
                return Optimizer.fromConfig(n.asText(), Map.of());
            }
            JsonNode config = n.path("config");
            if (!config.isObject()) {
                return null;
            }
            ObjectNode c = ((ObjectNode) config).deepCopy();
            if (c.has("lr") && !c.has("learning_rate")) {
                c.set("learning_rate", c.remove("lr"));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = new ObjectMapper().convertValue(c, Map.class);
            return Optimizer.fromConfig(n.path("class_name").asText(""), map);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code "mse"}, or Keras 3's {@code {"class_name": "MeanSquaredError", "config": {...}}} without logits. */
    static Loss loss(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        try {
            if (n.isTextual()) {
                return Losses.byName(n.asText());
            }
            if (n.isObject() && n.has("class_name") && !n.path("config").path("from_logits").asBoolean(false)) {
                return Losses.byName(n.path("class_name").asText());
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }
}
