package dev.recurrent.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recurrent.model.Model;
import dev.recurrent.model.Sequential;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Imports a Keras model as a built {@link Sequential} with the file's weights, computing what the
 * Keras model computes at inference; a functional model that is not one chain of layers (several
 * inputs or outputs, states passed on, shared layers, merges, attention) as a graph {@link Model}
 * ({@link #loadGraph(Path)}):
 *
 * <ul>
 *   <li>a full-model {@code .h5} (Keras 1, Keras 2, tf.keras) or a Keras 3 {@code .keras} archive,
 *       from a path, a stream or bytes ({@link #load(Path)}, {@link #load(InputStream)},
 *       {@link #load(byte[])}), told apart by their first bytes;</li>
 *   <li>weights alone beside the model's JSON ({@link #loadWeights(Path, Path)}): a Keras 2
 *       {@code save_weights} {@code .h5} with {@code model.to_json()}, or a Keras 3
 *       {@code .weights.h5} with the model's config.</li>
 * </ul>
 *
 * <pre>{@code
 * Sequential model = KerasModels.load(Path.of("model.keras"));
 * Sequential anyLength = KerasModels.load(Path.of("model.h5"), 7);   // timesteps None in the file: 7 steps
 * Sequential fromJson = KerasModels.loadWeights(Path.of("model.json"), Path.of("model.weights.h5"));
 * }</pre>
 *
 * {@code hard_sigmoid} is Keras 1/2's {@code clip(0.2x + 0.5, 0, 1)} in files below Keras 3 and Keras
 * 3's {@code relu6(x + 3) / 6} from Keras 3 on. The training configuration (optimizer and loss) is
 * compiled into the model where it maps onto Recurrent's. Everything without an equivalent is
 * refused with a {@link KerasImportException} naming the layer, its class and the option.
 */
public final class KerasModels {
    /** The largest file read whole (a Java array's limit). */
    private static final int MAX_BYTES = Integer.MAX_VALUE - 8;

    private KerasModels() {
    }

    /** The model in {@code file} ({@code .h5} or {@code .keras}); its input length must be fixed in the file. */
    public static Sequential load(Path file) throws IOException {
        return load(file, -1);
    }

    /** The model in {@code file}, taking sequences of {@code timesteps} steps where the file leaves the length open. */
    public static Sequential load(Path file, int timesteps) throws IOException {
        return load(file, timesteps, KerasModels::build);
    }

    /**
     * The functional model in {@code file} ({@code .h5} or {@code .keras}) as a graph {@link Model}:
     * several inputs and outputs, states passed between recurrent layers, shared layers, merges and
     * attention; a chain becomes a graph of one path. Not compiled.
     */
    public static Model loadGraph(Path file) throws IOException {
        return loadGraph(file, -1);
    }

    /** As {@link #loadGraph(Path)}, every input whose steps the file leaves open ({@code None}) taking {@code timesteps} steps. */
    public static Model loadGraph(Path file, int timesteps) throws IOException {
        return load(file, timesteps, KerasModels::buildGraph);
    }

    /** The functional model in a stream holding a whole {@code .h5} or {@code .keras} file, as a graph. */
    public static Model loadGraph(InputStream in) throws IOException {
        return loadGraph(in, -1);
    }

    public static Model loadGraph(InputStream in, int timesteps) throws IOException {
        return load(readAll(in), timesteps, "the stream", KerasModels::buildGraph);
    }

    /** The functional model in the bytes of a whole {@code .h5} or {@code .keras} file, as a graph. */
    public static Model loadGraph(byte[] file, int timesteps) throws IOException {
        return load(file, timesteps, "the bytes", KerasModels::buildGraph);
    }

    /** As {@link #loadWeights(Path, Path)}, a functional model's JSON with its weights, as a graph. */
    public static Model loadGraphWeights(Path modelJson, Path weights, int timesteps) throws IOException {
        return loadWeights(modelJson, weights, timesteps, KerasModels::buildGraph);
    }

    /**
     * Whether {@code file} holds a functional model that is not one chain of layers, so that
     * {@link #loadGraph} imports it and {@link #load} does not.
     */
    public static boolean isGraph(Path file) throws IOException {
        return load(file, -1, (config, w, major, training, source, steps) -> KerasFunctionalConfig.isGraph(config));
    }

    /** Makes the model of a config and its weights. */
    @FunctionalInterface
    private interface Builder<T> {
        T build(String configJson, KerasWeightSource weights, int major, String trainingConfig, String source,
                int timesteps) throws KerasImportException;
    }

    private static <T> T load(Path file, int timesteps, Builder<T> builder) throws IOException {
        if (isZip(file)) {
            return fromArchive(readAll(file), file.toString(), timesteps, builder);
        }
        try (KerasHdf hdf = KerasHdf.open(file)) {
            return fullModel(hdf, timesteps, builder);
        } catch (RuntimeException e) {
            KerasImportException damaged = HdfFailure.of(file.toString(), e);
            if (damaged != null) {
                throw damaged;
            }
            throw e;
        }
    }

    /** The model in a stream holding a whole {@code .h5} or {@code .keras} file (e.g. from a database). */
    public static Sequential load(InputStream in) throws IOException {
        return load(in, -1);
    }

    public static Sequential load(InputStream in, int timesteps) throws IOException {
        return load(readAll(in), timesteps, "the stream", KerasModels::build);
    }

    /** The model in the bytes of a whole {@code .h5} or {@code .keras} file. */
    public static Sequential load(byte[] file) throws IOException {
        return load(file, -1);
    }

    public static Sequential load(byte[] file, int timesteps) throws IOException {
        return load(file, timesteps, "the bytes", KerasModels::build);
    }

    /**
     * The model {@code modelJson} describes ({@code model.to_json()}, or a {@code .keras}'s
     * {@code config.json}) with the weights of {@code weights}: a Keras 1/2 {@code save_weights}
     * {@code .h5} or a Keras 3 {@code .weights.h5}.
     */
    public static Sequential loadWeights(Path modelJson, Path weights) throws IOException {
        return loadWeights(modelJson, weights, -1);
    }

    public static Sequential loadWeights(Path modelJson, Path weights, int timesteps) throws IOException {
        return loadWeights(modelJson, weights, timesteps, KerasModels::build);
    }

    private static <T> T loadWeights(Path modelJson, Path weights, int timesteps, Builder<T> builder)
            throws IOException {
        long size = Files.size(modelJson);
        if (size > KerasHdf.MAX_STRING_CHARS) {
            throw new KerasImportException(modelJson + ": " + size + " bytes, more than the " + KerasHdf.MAX_STRING_CHARS
                    + " a model JSON may have");
        }
        String json = Files.readString(modelJson);
        try (KerasHdf hdf = KerasHdf.open(weights)) {
            boolean keras3 = hdf.group("layers") != null && hdf.rootAttribute("layer_names") == null
                    && hdf.group("model_weights") == null;
            if (keras3) {
                return builder.build(json, new Keras3Weights(hdf), 3, null, hdf.source(), timesteps);
            }
            String root = hdf.group("model_weights") != null ? "model_weights" : "";
            int major = majorVersion(hdf.rootAttribute("keras_version") != null ? hdf.rootAttribute("keras_version")
                    : jsonVersion(json));
            return builder.build(json, new Keras2Weights(hdf, root), major, null, hdf.source(), timesteps);
        }
    }

    private static <T> T load(byte[] bytes, int timesteps, String source, Builder<T> builder) throws IOException {
        if (KerasArchive.isZip(bytes)) {
            return fromArchive(bytes, source, timesteps, builder);
        }
        try (KerasHdf hdf = KerasHdf.fromBytes(bytes, source)) {
            return fullModel(hdf, timesteps, builder);
        } catch (RuntimeException e) {
            KerasImportException damaged = HdfFailure.of(source, e);
            if (damaged != null) {
                throw damaged;
            }
            throw e;
        }
    }

    private static <T> T fromArchive(byte[] zip, String source, int timesteps, Builder<T> builder)
            throws IOException {
        KerasArchive.Contents c = KerasArchive.read(zip, source);
        String version = null;
        if (c.metadata() != null) {
            version = parse(c.metadata(), source + " " + KerasArchive.METADATA).path("keras_version").asText(null);
        }
        int major = version == null ? 3 : majorVersion(version);
        try (KerasHdf hdf = KerasHdf.fromBytes(c.weights(), source + " " + KerasArchive.WEIGHTS)) {
            return builder.build(c.config(), new Keras3Weights(hdf), major, null, source, timesteps);
        }
    }

    private static <T> T fullModel(KerasHdf hdf, int timesteps, Builder<T> builder) throws KerasImportException {
        String config = hdf.rootAttribute("model_config");
        if (config == null) {
            throw new KerasImportException(hdf.source() + ": no `model_config` attribute: a weights-only file;"
                    + " load it with the model's JSON: KerasModels.loadWeights(modelJson, weights)"
                    + " (recurrent import --keras model.json --weights FILE)");
        }
        int major = majorVersion(hdf.rootAttribute("keras_version"));
        return builder.build(config, new Keras2Weights(hdf, "model_weights"), major,
                hdf.rootAttribute("training_config"), hdf.source(), timesteps);
    }

    private static Sequential build(String configJson, KerasWeightSource weights, int major, String trainingConfig,
                                    String source, int timesteps) throws KerasImportException {
        KerasGraph graph = KerasGraph.parse(configJson);
        KerasLayerConverter converter = new KerasLayerConverter(weights, major);
        List<KerasNode> layers = graph.layers();
        for (int i = 0; i < layers.size(); i++) {
            converter.add(layers.get(i), i);
        }
        if (converter.layers().isEmpty()) {
            throw new KerasImportException(source + ": the model has no layers to import");
        }
        int[] shape = fixLength(converter.inputShape(), timesteps, source);
        Sequential model = new Sequential(graph.name()).input(shape);
        for (ImportedLayer l : converter.layers()) {
            model.add(l.layer());
        }
        JsonNode training = trainingConfig != null ? parse(trainingConfig, source + " training_config")
                : parse(configJson, source + " model config").path("compile_config");
        KerasTrainingConfig.compile(model, training);
        try {
            model.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new KerasImportException(source + ": the imported layers do not fit together: " + e.getMessage(), e);
        }
        for (ImportedLayer l : converter.layers()) {
            l.weights().fill();
        }
        return model;
    }

    private static Model buildGraph(String configJson, KerasWeightSource weights, int major, String trainingConfig,
                                    String source, int timesteps) throws KerasImportException {
        Model model = KerasGraphImport.build(configJson, weights, major, timesteps);
        JsonNode training = trainingConfig != null ? parse(trainingConfig, source + " training_config")
                : parse(configJson, source + " model config").path("compile_config");
        KerasTrainingConfig.compile(model, training);
        return model;
    }

    private static JsonNode parse(String json, String what) throws KerasImportException {
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new KerasImportException(what + " is not valid JSON: " + KerasHdf.clip(e.getMessage(), 200), e);
        }
    }

    /** {@code model.to_json()} of Keras 2 records the version beside the config. */
    private static String jsonVersion(String json) throws KerasImportException {
        return parse(json, "the model JSON").path("keras_version").asText(null);
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
            throw new KerasImportException("keras_version '" + KerasHdf.clip(version, 40) + "' is not a version number");
        }
    }

    private static boolean isZip(Path file) throws IOException {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(head, 0, 4) == 4 && KerasArchive.isZip(head);
        }
    }

    private static byte[] readAll(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new KerasImportException(file + ": " + size + " bytes, more than the " + MAX_BYTES + " readable");
        }
        return Files.readAllBytes(file);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        long n = 0;
        for (int r; (r = in.read(buf)) > 0; ) {
            n += r;
            if (n > MAX_BYTES) {
                throw new KerasImportException("the stream: more than the " + MAX_BYTES + " bytes readable");
            }
            out.write(buf, 0, r);
        }
        return out.toByteArray();
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
