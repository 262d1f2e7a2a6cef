package dev.recurrent.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recurrent.init.SeededRandom;
import dev.recurrent.layers.Parameter;
import dev.recurrent.loss.BinaryCrossentropy;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.loss.Loss;
import dev.recurrent.loss.Losses;
import dev.recurrent.loss.SparseCategoricalCrossentropy;
import dev.recurrent.metrics.Metrics;
import dev.recurrent.model.Sequential;
import dev.recurrent.optim.Optimizer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The training parts of {@code model.json}, both ways: {@code training_config} (loss, metrics,
 * optimizer) and {@code training_state} (the optimizer's iterations and slots, the random
 * generators' states).
 */
final class TrainingJson {
    private TrainingJson() {
    }

    // =================================================================== writing

    /** {@code training_config} of a compiled model. */
    static Map<String, Object> config(Sequential model) {
        Loss loss = model.loss();
        Map<String, Object> lossJson = new LinkedHashMap<>();
        lossJson.put("name", loss.name());
        Boolean fromLogits = fromLogits(loss);
        lossJson.put("from_logits", fromLogits);
        Loss again = restoreLoss(loss.name(), fromLogits);
        if (again.getClass() != loss.getClass()) {
            throw new IllegalArgumentException(model.name() + ": the loss " + loss + " (" + loss.getClass().getName()
                    + ") is not one of the losses a model file can name; use a built-in loss");
        }
        Optimizer opt = model.optimizer();
        Map<String, Object> optJson = new LinkedHashMap<>();
        optJson.put("class_name", opt.name());
        optJson.put("config", opt.config());
        Optimizer.fromConfig(opt.name(), opt.config()); // a file that saves must load
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("loss", lossJson);
        t.put("metrics", model.metricNames());
        t.put("optimizer", optJson);
        return t;
    }

    /** The optimizer's slots of a compiled model, to write as entries. */
    static List<ModelZipWriter.Stored> slots(Sequential model) {
        List<ModelZipWriter.Stored> slots = new ArrayList<>();
        List<Parameter> params = model.parameters();
        for (Map.Entry<String, float[]> s : model.optimizer().state().entrySet()) {
            Layout.Weight w = Layout.optimizerSlot(s.getKey(), params);
            slots.add(new ModelZipWriter.Stored(w.path() + ".npy", s.getValue(), w.shape()));
        }
        return slots;
    }

    /** {@code training_state} of a compiled model, whose slots are listed in {@code slotsListing}. */
    static Map<String, Object> state(Sequential model, int epochsCompleted, List<Object> slotsListing) {
        Optimizer opt = model.optimizer();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("iterations", opt.iterations());
        state.put("epochs_completed", epochsCompleted < 0 ? null : epochsCompleted);
        state.put("optimizer_built", opt.isBuilt());
        state.put("optimizer_weights", slotsListing);
        Map<String, Object> random = new LinkedHashMap<>();
        Map<String, Object> layerRandom = new LinkedHashMap<>();
        for (Map.Entry<String, SeededRandom> r : Layout.randoms(model).entrySet()) {
            if (r.getKey().isEmpty()) {
                random.put("shuffle", r.getValue().state());
            } else {
                layerRandom.put(r.getKey(), r.getValue().state());
            }
        }
        random.put("layers", layerRandom);
        state.put("random_state", random);
        return state;
    }

    private static Boolean fromLogits(Loss loss) {
        if (loss instanceof BinaryCrossentropy) {
            return ((BinaryCrossentropy) loss).fromLogits();
        }
        if (loss instanceof CategoricalCrossentropy) {
            return ((CategoricalCrossentropy) loss).fromLogits();
        }
        if (loss instanceof SparseCategoricalCrossentropy) {
            return ((SparseCategoricalCrossentropy) loss).fromLogits();
        }
        return null;
    }

    private static Loss restoreLoss(String name, Boolean fromLogits) {
        Loss loss = Losses.byName(name);
        if (fromLogits == null || !fromLogits) {
            if (fromLogits != null && fromLogits(loss) == null) {
                throw new IllegalArgumentException("loss '" + name + "' takes no `from_logits`");
            }
            return loss;
        }
        if (loss instanceof BinaryCrossentropy) {
            return new BinaryCrossentropy(true);
        }
        if (loss instanceof CategoricalCrossentropy) {
            return new CategoricalCrossentropy(true);
        }
        if (loss instanceof SparseCategoricalCrossentropy) {
            return new SparseCategoricalCrossentropy(true);
        }
        throw new IllegalArgumentException("loss '" + name + "' takes no `from_logits`");
    }

    // =================================================================== reading

    /** Compiles {@code model} as {@code training_config} says. */
    static void compile(Sequential model, StrictJson t, ModelZipReader zip) throws IOException {
        StrictJson lossJson = t.object("loss", true);
        JsonNode metricsJson = t.array("metrics", true);
        StrictJson optJson = t.object("optimizer", true);
        t.finish();
        String lossName = lossJson.string("name", true);
        Boolean fromLogits = lossJson.bool("from_logits");
        lossJson.finish();
        Loss loss;
        try {
            loss = restoreLoss(lossName, fromLogits);
        } catch (IllegalArgumentException e) {
            throw zip.invalid("training_config.loss: " + e.getMessage());
        }
        List<String> metrics = new ArrayList<>();
        for (int i = 0; i < metricsJson.size(); i++) {
            JsonNode m = metricsJson.get(i);
            if (!m.isTextual()) {
                throw zip.invalid("training_config.metrics[" + i + "] must be a string, got " + m);
            }
            try {
                Metrics.byName(m.asText(), loss, model.outputShape().last());
            } catch (IllegalArgumentException e) {
                throw zip.invalid("training_config.metrics[" + i + "]: " + e.getMessage());
            }
            metrics.add(m.asText());
        }
        String optName = optJson.string("class_name", true);
        Map<String, Object> optConfig = StrictJson.toMap(optJson.object("config", true).node,
                "training_config.optimizer.config", zip::invalid);
        optJson.finish();
        Optimizer opt;
        try {
            opt = Optimizer.fromConfig(optName, optConfig);
        } catch (IllegalArgumentException e) {
            throw zip.invalid("training_config.optimizer: " + e.getMessage());
        }
        model.compile(opt, loss, metrics.toArray(new String[0]));
    }

    /**
     * Restores {@code training_state} into the compiled {@code model}, reading the slots' entries
     * and adding them to {@code expectedEntries}; returns the epochs completed (0 if not recorded).
     */
    static int restoreState(Sequential model, StrictJson s, Set<String> expectedEntries, ModelZipReader zip)
            throws IOException {
        long iterations = s.integer("iterations", true);
        JsonNode epochsNode = s.node.get("epochs_completed");
        Long epochs = epochsNode == null || epochsNode.isNull() ? null : s.integer("epochs_completed", true);
        s.read("epochs_completed");
        Boolean built = s.bool("optimizer_built");
        JsonNode slotsListing = s.array("optimizer_weights", true);
        StrictJson random = s.object("random_state", true);
        s.finish();
        if (iterations < 0 || epochs != null && (epochs < 0 || epochs > Integer.MAX_VALUE) || built == null) {
            throw zip.invalid("training_state: expected iterations >= 0, epochs_completed >= 0 or null and"
                    + " optimizer_built true or false");
        }
        Optimizer opt = model.optimizer();
        List<Parameter> params = model.parameters();
        Map<String, float[]> slots = new LinkedHashMap<>();
        List<Layout.Weight> expectedSlots = new ArrayList<>();
        if (built) {
            opt.build(params);
            for (String key : opt.state().keySet()) {
                expectedSlots.add(Layout.optimizerSlot(key, params));
            }
        }
        Architecture.checkListing(slotsListing, expectedSlots, "training_state.optimizer_weights", zip);
        for (Layout.Weight w : expectedSlots) {
            expectedEntries.add(w.path() + ".npy");
            slots.put(w.path().substring("optimizer/".length()), zip.readArray(w.path() + ".npy", w.shape()));
        }
        zip.entry = ModelFiles.MODEL_JSON;
        opt.setIterations(iterations);
        if (built) {
            opt.loadState(slots);
        }

        long[] shuffle = random.longs("shuffle");
        StrictJson layerRandom = random.object("layers", true);
        random.finish();
        Map<String, SeededRandom> randoms = Layout.randoms(model);
        for (Map.Entry<String, SeededRandom> r : randoms.entrySet()) {
            long[] st = r.getKey().isEmpty() ? shuffle : layerRandom.longs(r.getKey());
            try {
                r.getValue().setState(st);
            } catch (IllegalArgumentException e) {
                throw zip.invalid("training_state.random_state '" + (r.getKey().isEmpty() ? "shuffle" : r.getKey())
                        + "': " + e.getMessage());
            }
        }
        layerRandom.finish();
        return epochs == null ? 0 : (int) (long) epochs;
    }
}
