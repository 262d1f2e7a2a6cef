package dev.recurrent.cli.pipelines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.recurrent.cli.run.InputError;
import dev.recurrent.cli.run.RunDirectory;
import dev.recurrent.io.InvalidModelFileException;
import dev.recurrent.io.ModelTooLargeException;
import dev.recurrent.io.ModelFiles;
import dev.recurrent.model.Sequential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The file next to a model saved by {@code recurrent train}: {@code X.model} has {@code X.json},
 * which holds what {@code predict} needs to use the model on new data and what {@code summary}
 * shows: {@code task} ({@code forecast} or {@code classify}), {@code preprocessing} (for a forecast:
 * the column, look-back, horizon, differencing and the scaler's parameters; for a classifier: the
 * labels, the vocabulary and the sequence length), {@code training} (the settings) and
 * {@code results} (the test figures). It is plain JSON, {@code "format": "recurrent-train"},
 * {@code "format_version": 1}; numbers are written so that they read back exactly.
 */
public final class Sidecar {
    public static final String FORMAT = "recurrent-train";
    public static final int FORMAT_VERSION = 1;
    /** The model file of {@code train forecast} in its run directory. */
    public static final String FORECAST_MODEL_FILE = "forecast.model";
    /** The model file of {@code train classify} in its run directory. */
    public static final String CLASSIFIER_MODEL_FILE = "classifier.model";
    /** A sidecar larger than this is refused (a vocabulary of a million tokens fits). */
    static final long MAX_BYTES = 64L << 20;

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Sidecar() {
    }

    /** The start of a sidecar: format, version, {@code task}, {@code command} and {@code preprocessing}. */
    public static Map<String, Object> start(String task, String commandLine, Object preprocessing) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("format_version", FORMAT_VERSION);
        m.put("task", task);
        m.put("command", commandLine);
        m.put("preprocessing", preprocessing);
        return m;
    }

    /** {@code dir/X.model} → {@code dir/X.json}; a name without {@code .model} gets {@code .json} added. */
    public static Path pathFor(Path model) {
        String name = model.getFileName().toString();
        String base = name.endsWith(".model") ? name.substring(0, name.length() - ".model".length()) : name;
        return model.resolveSibling(base + ".json");
    }

    /** Writes the sidecar of {@code model} (atomically). */
    public static void write(Path model, Map<String, Object> content) {
        try {
            RunDirectory.writeAtomically(pathFor(model), JSON.writeValueAsBytes(content));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the sidecar of " + model + ": " + e.getMessage(), e);
        }
    }

    /** The sidecar of {@code model}, or null if there is none; a damaged one is an {@link InputError}. */
    public static JsonNode readIfPresent(Path model) {
        Path file = pathFor(model);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InputError(file + ": " + Files.size(file) + " bytes, more than a sidecar can be ("
                        + MAX_BYTES + ")");
            }
            JsonNode node = JSON.readTree(Files.readAllBytes(file));
            if (node == null || !node.isObject() || !FORMAT.equals(node.path("format").asText())) {
                throw new InputError(file + ": not a sidecar written by recurrent train (no \"format\": \""
                        + FORMAT + "\")");
            }
            if (node.path("format_version").asInt(-1) != FORMAT_VERSION) {
                throw new InputError(file + ": format_version " + node.path("format_version")
                        + " is not supported; expected " + FORMAT_VERSION);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InputError(file + ": damaged JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new InputError("cannot read " + file + ": " + e, e);
        }
    }

    /** As {@link #readIfPresent}, but a missing sidecar is an {@link InputError}. */
    public static JsonNode read(Path model) {
        JsonNode node = readIfPresent(model);
        if (node == null) {
            throw new InputError(model + ": no " + pathFor(model).getFileName() + " next to it; predict needs the"
                    + " preprocessing that recurrent train saves there");
        }
        return node;
    }

    /**
     * The model file the user means: the file itself, or in a run directory its {@code forecast.model}
     * or {@code classifier.model}.
     */
    public static Path resolveModel(Path given) {
        if (Files.isDirectory(given)) {
            for (String name : new String[] {FORECAST_MODEL_FILE, CLASSIFIER_MODEL_FILE}) {
                if (Files.isRegularFile(given.resolve(name))) {
                    return given.resolve(name);
                }
            }
            List<String> models = modelFilesIn(given);
            throw new InputError(given + " is a folder without " + FORECAST_MODEL_FILE + " or "
                    + CLASSIFIER_MODEL_FILE + "; give the model file"
                    + (models.isEmpty() ? "" : ", one of " + String.join(", ", models)));
        }
        if (!Files.exists(given)) {
            throw new InputError("no model file " + given);
        }
        return given;
    }

    /** The names of the {@code *.model} files in {@code dir}, sorted; none if it cannot be listed. */
    private static List<String> modelFilesIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".model")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Loads a model file; a missing, unreadable or damaged file is an {@link InputError}. */
    public static Sequential loadModel(Path file) {
        try {
            return ModelFiles.load(file);
        } catch (InvalidModelFileException e) {
            throw new InputError("damaged model file " + e.getMessage(), e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputError("no model file " + file, e);
        } catch (ModelTooLargeException e) {
            throw new InputError(e.getMessage(), e);
        } catch (IOException e) {
            throw new InputError("cannot read the model file " + file + ": " + e, e);
        }
    }

    /** A required field of a sidecar, or an {@link InputError} naming it. */
    public static JsonNode field(JsonNode node, Path model, String... path) {
        JsonNode n = node;
        for (String p : path) {
            n = n.path(p);
        }
        if (n.isMissingNode() || n.isNull()) {
            throw new InputError(pathFor(model) + ": the field " + String.join(".", path) + " is missing");
        }
        return n;
    }
}
