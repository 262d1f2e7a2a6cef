package dev.recurrent.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.LayerFactory;
import dev.recurrent.model.Sequential;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code model.json}: the Jackson mapper, the whole document written from a model, and on loading
 * the header and the model's config (name, seed, input shape, layers) read from it; the training
 * parts are {@link TrainingJson}'s.
 */
final class ModelJson {
    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(64).maxNumberLength(100).maxStringLength(ModelFiles.MAX_JSON_BYTES).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ModelJson() {
    }

    // =================================================================== writing

    /**
     * The document for {@code model}, whose weights are {@code entries}; with {@code withState},
     * the optimizer's slots are appended to {@code entries}.
     */
    static Map<String, Object> describe(Sequential model, List<ModelZipWriter.Stored> entries, boolean withState,
                                        int epochsCompleted) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", model.name());
        config.put("seed", model.seed());
        config.put("input_shape", model.inputShape().dims());
        List<Object> layers = new ArrayList<>();
        for (Layer l : model.layers()) {
            Map<String, Object> s = ordered(LayerFactory.serialize(l));
            // a file that saves must load: rebuild the layer from what is written, compare
            Layer copy = LayerFactory.fromConfig(l.type(), l.getConfig());
            if (!copy.getConfig().equals(l.getConfig())) {
                throw new IllegalArgumentException(model.name() + ": layer '" + l.name() + "' (" + l.type()
                        + ") does not round-trip through its config: " + l.getConfig() + " rebuilds as "
                        + copy.getConfig());
            }
            layers.add(s);
        }
        config.put("layers", layers);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", ModelFiles.FORMAT);
        json.put("format_version", ModelFiles.FORMAT_VERSION);
        json.put("class_name", "Sequential");
        json.put("config", config);
        json.put("weights", listing(entries));
        json.put("training_config", model.optimizer() == null ? null : TrainingJson.config(model));
        Map<String, Object> state = null;
        if (withState) {
            List<ModelZipWriter.Stored> slots = TrainingJson.slots(model);
            state = TrainingJson.state(model, epochsCompleted, listing(slots));
            entries.addAll(slots);
        }
        json.put("training_state", state);
        return json;
    }

    /**
     * A copy with a fixed key order: wrappers keep their inner layer in an unordered {@code Map.of},
     * whose order changes from one JVM to the next; {@code class_name} goes first, as Keras writes it.
     */
    private static Map<String, Object> ordered(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (m.containsKey("class_name")) {
            out.put("class_name", m.get("class_name"));
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object v = e.getValue();
            out.put(String.valueOf(e.getKey()), v instanceof Map ? ordered((Map<?, ?>) v) : v);
        }
        return out;
    }

    private static List<Object> listing(List<ModelZipWriter.Stored> entries) {
        List<Object> out = new ArrayList<>();
        for (ModelZipWriter.Stored s : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("entry", s.entry());
            m.put("shape", s.shape());
            out.add(m);
        }
        return out;
    }

    // =================================================================== reading

    /** What {@code model.json} gives, its config read and its layers rebuilt (not yet built). */
    record Read(String name, long seed, int[] inputShape, List<Layer> layers, JsonNode weightsListing,
                StrictJson training, StrictJson state) {
    }

    /** Parses and reads {@code model.json}; the reader's entry must be {@code model.json}. */
    static Read read(ModelZipReader zip) throws IOException {
        JsonNode root = parse(zip, zip.readJson());
        StrictJson top = new StrictJson(root, "model.json", zip::invalid);
        String format = top.string("format", true);
        if (!ModelFiles.FORMAT.equals(format)) {
            throw zip.invalid("`format` is '" + format + "', expected '" + ModelFiles.FORMAT + "'");
        }
        long version = top.integer("format_version", true);
        if (version != ModelFiles.FORMAT_VERSION) {
            throw zip.invalid("format_version " + version + " is not supported; this version reads "
                    + ModelFiles.FORMAT_VERSION);
        }
        String className = top.string("class_name", true);
        if (!"Sequential".equals(className)) {
            throw zip.invalid("class_name '" + className + "' is not supported; expected 'Sequential'");
        }
        StrictJson config = top.object("config", true);
        JsonNode weightsListing = top.array("weights", true);
        StrictJson training = top.object("training_config", false);
        StrictJson state = top.object("training_state", false);
        top.finish();

        String name = config.string("name", true);
        long seed = config.integer("seed", true);
        int[] inputShape = config.shape("input_shape");
        JsonNode layersJson = config.array("layers", true);
        config.finish();
        if (layersJson.size() == 0 || layersJson.size() > ModelFiles.MAX_LAYERS) {
            throw zip.invalid("`config.layers` must hold 1 to " + ModelFiles.MAX_LAYERS + " layers, got "
                    + layersJson.size());
        }
        List<Layer> layers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < layersJson.size(); i++) {
            Layer l;
            try {
                l = LayerFactory.deserialize(StrictJson.toMap(layersJson.get(i), "config.layers[" + i + "]", zip::invalid));
            } catch (IllegalArgumentException e) {
                throw zip.invalid("config.layers[" + i + "]: " + e.getMessage());
            }
            if (!names.add(l.name())) {
                throw zip.invalid("config.layers[" + i + "]: the layer name '" + l.name() + "' is used twice");
            }
            layers.add(l);
        }
        return new Read(name, seed, inputShape, layers, weightsListing, training, state);
    }

    private static JsonNode parse(ModelZipReader zip, byte[] bytes) throws InvalidModelFileException {
        try (JsonParser p = MAPPER.createParser(bytes)) {
            JsonNode root = MAPPER.readTree(p);
            if (root == null || !root.isObject()) {
                throw zip.invalid("expected a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new InvalidModelFileException(zip.file(), ModelFiles.MODEL_JSON, "malformed JSON" + where + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidModelFileException(zip.file(), ModelFiles.MODEL_JSON, "malformed JSON: " + e.getMessage(), e);
        }
    }
}
