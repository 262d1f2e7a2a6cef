package dev.recurrent.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recurrent.model.Sequential;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Imports a Keras full-model {@code .h5} file (Keras 1, Keras 2, tf.keras) as a built
 * {@link Sequential} with the file's weights, computing what the Keras model computes at inference.
 *
 * <pre>{@code
 * Sequential model = KerasModels.load(Path.of("model.h5"));
 * Sequential anyLength = KerasModels.load(Path.of("model.h5"), 7);   // timesteps None in the file: 7 steps
 * }</pre>
 *
 * Keras 1/2's {@code hard_sigmoid} is {@code clip(0.2 z + 0.5, 0, 1)}, Recurrent's (Keras 3's)
 * {@code clip(z / 6 + 0.5, 0, 1)}: the importer multiplies the weights feeding such a gate by 1.2,
 * which gives the same function. Everything without an equivalent is refused with a
 * {@link KerasImportException} naming the layer, its class and the option.
 */
public final class KerasModels {
    private KerasModels() {
    }

    /** The model in {@code file}; its input length must be fixed in the file. */
    public static Sequential load(Path file) throws IOException {
        return load(file, -1);
    }

    /** The model in {@code file}, taking sequences of {@code timesteps} steps where the file leaves the length open. */
    public static Sequential load(Path file, int timesteps) throws IOException {
        try (KerasHdf hdf = KerasHdf.open(file)) {
            return load(hdf, timesteps);
        } catch (RuntimeException | OutOfMemoryError e) {
            KerasImportException damaged = HdfFailure.of(file.toString(), e);
            if (damaged != null) {
                throw damaged;
            }
            throw e;
        }
    }

    /** The model in a stream holding a whole {@code .h5} file (e.g. from a database). */
    public static Sequential load(InputStream in) throws IOException {
        return load(in, -1);
    }

    public static Sequential load(InputStream in, int timesteps) throws IOException {
        try (KerasHdf hdf = KerasHdf.read(in)) {
            return load(hdf, timesteps);
        } catch (RuntimeException | OutOfMemoryError e) {
            KerasImportException damaged = HdfFailure.of("the stream", e);
            if (damaged != null) {
                throw damaged;
            }
            throw e;
        }
    }

    private static Sequential load(KerasHdf hdf, int timesteps) throws KerasImportException {
        String config = hdf.rootAttribute("model_config");
        if (config == null) {
            throw new KerasImportException(hdf.source() + ": no `model_config` attribute; only full-model files"
                    + " (model.save(\"model.h5\")) can be imported, not weights-only files");
        }
        String version = hdf.rootAttribute("keras_version");
        int major = majorVersion(version);
        KerasGraph graph = KerasGraph.parse(config);
        KerasLayerConverter converter = new KerasLayerConverter(hdf, major);
        List<JsonNode> layers = graph.layers();
        for (int i = 0; i < layers.size(); i++) {
            converter.add(layers.get(i), i);
        }
        if (converter.layers().isEmpty()) {
            throw new KerasImportException(hdf.source() + ": the model has no layers to import");
        }
        int[] shape = fixLength(converter.inputShape(), timesteps, hdf.source());
        Sequential model = new Sequential(graph.name()).input(shape);
        for (ImportedLayer l : converter.layers()) {
            model.add(l.layer());
        }
        try {
            model.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new KerasImportException(hdf.source() + ": the imported layers do not fit together: " + e.getMessage(), e);
        }
        for (ImportedLayer l : converter.layers()) {
            l.weights().fill();
        }
        return model;
    }

    /** 1, 2 or 3 from {@code keras_version} ("2.2.4-tf", "1.2.2"); 2 when absent. */
    static int majorVersion(String version) throws KerasImportException {
        if (version == null || version.isBlank()) {
            return 2;
        }
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version.trim() : version.substring(0, dot).trim());
        } catch (NumberFormatException e) {
            throw new KerasImportException("keras_version '" + version + "' is not a version number");
        }
    }

    private static int[] fixLength(int[] shape, int timesteps, String source) throws KerasImportException {
        int[] s = shape.clone();
        for (int i = 0; i < s.length; i++) {
            if (s[i] >= 0) {
                continue;
            }
            if (i == 0 && timesteps > 0) {
                s[i] = timesteps;
            } else {
                throw new KerasImportException(source + ": the model's input shape " + Arrays.toString(shape)
                        .replace("-1", "None") + " leaves " + (i == 0 ? "the number of timesteps" : "dimension " + i)
                        + " open; Recurrent models have a fixed input length: give it (KerasModels.load(file, timesteps))");
            }
        }
        if (timesteps > 0 && shape.length > 0 && shape[0] >= 0 && shape[0] != timesteps) {
            throw new KerasImportException(source + ": the model takes " + shape[0] + " timesteps, not " + timesteps);
        }
        return s;
    }
}
