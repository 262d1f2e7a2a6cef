package dev.recurrent.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recurrent.io.keras.KerasExport;
import dev.recurrent.io.keras.KerasModels;
import dev.recurrent.model.Model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The formats of {@link ModelFormats} that hold graph {@link Model}s beside {@code Sequential}s:
 * Recurrent's own model file ({@link GraphModelFiles}), read and written; Keras 3 {@code .keras}, read
 * and written ({@link KerasExport#save(Model, Path)}); a Keras {@code .h5} full model, read. Which of
 * the two kinds a file holds is read from the file ({@link #isGraph}).
 */
public final class GraphModelFormats {
    /** The formats a graph model is read from. */
    public static final List<String> READ = List.of("model", "keras", "h5");
    /** The formats a graph model is written to. */
    public static final List<String> WRITTEN = List.of("model", "keras");

    private GraphModelFormats() {
    }

    /**
     * Whether {@code file}, of {@code format}, holds a graph model: a Recurrent model file of
     * {@code "class_name": "Functional"}, or a Keras functional model that is not one chain of layers.
     */
    public static boolean isGraph(Path file, ModelFormats.Format format) throws IOException {
        return switch (format.name()) {
            case "model" -> isGraphModelFile(file);
            case "keras", "h5" -> KerasModels.isGraph(file);
            default -> false;
        };
    }

    /** The graph model in {@code file}; {@code timesteps} (−1: none) fixes Keras inputs of open length. */
    public static Model read(Path file, ModelFormats.Format format, int timesteps) throws IOException {
        return switch (format.name()) {
            case "model" -> GraphModelFiles.load(file);
            case "keras", "h5" -> KerasModels.loadGraph(file, timesteps);
            default -> throw new IllegalArgumentException("the " + format.name() + " format holds Sequential models"
                    + " only; graph models are read from " + String.join(", ", READ));
        };
    }

    public static void write(Model model, Path file, ModelFormats.Format format) throws IOException {
        switch (format.name()) {
            case "model" -> GraphModelFiles.save(model, file);
            case "keras" -> KerasExport.save(model, file);
            default -> throw new IllegalArgumentException("the " + format.name() + " format is written for Sequential"
                    + " models only; a graph model (" + model.inputs().size() + " inputs, " + model.outputs().size()
                    + " outputs, " + model.layers().size() + " layers) is written as " + String.join(" or ", WRITTEN));
        }
    }

    /** Whether the zip's {@code model.json} names the graph model class (a damaged file is left to the loader). */
    private static boolean isGraphModelFile(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry e = zip.getEntry(ModelFiles.MODEL_JSON);
            if (e == null || e.getSize() > ModelFiles.MAX_JSON_BYTES) {
                return false;
            }
            try (InputStream in = zip.getInputStream(e)) {
                byte[] json = in.readNBytes((int) ModelFiles.MAX_JSON_BYTES + 1);
                if (json.length > ModelFiles.MAX_JSON_BYTES) {
                    return false;
                }
                JsonNode root = ModelJson.MAPPER.readTree(json);
                return root != null && GraphModelFiles.CLASS_NAME.equals(root.path("class_name").asText());
            }
        } catch (java.util.zip.ZipException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return false;
        }
    }
}
