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
import dev.recurrent.init.SeededRandom;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.LayerFactory;
import dev.recurrent.layers.Parameter;
import dev.recurrent.loss.BinaryCrossentropy;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.loss.Loss;
import dev.recurrent.loss.Losses;
import dev.recurrent.loss.SparseCategoricalCrossentropy;
import dev.recurrent.metrics.Metrics;
import dev.recurrent.model.Sequential;
import dev.recurrent.optim.Optimizer;

import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Saves a {@link Sequential} into one file and loads it back.
 *
 * <pre>{@code
 * ModelFiles.save(model, Path.of("addition.zip"));           // with the optimizer state if compiled
 * Sequential same = ModelFiles.load(Path.of("addition.zip")); // predicts bit for bit as model did
 * }</pre>
 *
 * <p><b>The file</b> is a zip (see the {@linkplain dev.recurrent.io package} for the entries):
 * {@code model.json} and one NumPy {@code .npy} per weight, named by layer and weight in the Keras
 * layout ({@code lstm/kernel.npy}, {@code bidirectional/forward_lstm/recurrent_kernel.npy}), plus
 * {@code optimizer/<slot>/<index>.npy} when the optimizer state is saved. {@code model.json}:
 * <pre>
 * {
 *   "format": "recurrent-model", "format_version": 1,
 *   "class_name": "Sequential",
 *   "config": {"name": "sequential", "seed": 0, "input_shape": [3, 1],
 *              "layers": [{"class_name": "LSTM", "config": {"name": "lstm", "units": 32, ...}}, ...]},
 *   "weights": [{"entry": "lstm/kernel.npy", "shape": [1, 128]}, ...],
 *   "training_config": null | {"loss": {"name": "categorical_crossentropy", "from_logits": false},
 *                              "metrics": ["accuracy"],
 *                              "optimizer": {"class_name": "Adam", "config": {"learning_rate": ..., ...}}},
 *   "training_state": null | {"iterations": 120, "epochs_completed": 5 | null, "optimizer_built": true,
 *                             "optimizer_weights": [{"entry": "optimizer/momentum/0.npy", "shape": [1, 128]}, ...],
 *                             "random_state": {"shuffle": [s, g, b], "layers": {"dropout": [s, g, b], ...}}}
 * }
 * </pre>
 * Layer configs are each layer's {@code getConfig()} ({@link LayerFactory} rebuilds them); the
 * wrappers nest theirs under {@code layer}. {@code training_state} makes a resumed run continue
 * exactly as an uninterrupted one (same thread count): the optimizer's iterations and slots, and
 * the state of every random generator training draws from (the shuffles', the dropout layers', the
 * recurrent layers'); {@code random_state} values are {@link SeededRandom#state()}.
 *
 * <p><b>Saving</b> writes a temporary file in the target's directory, forces it to disk and renames
 * it over the target in one atomic step: a crash or a failed save leaves the previous file as it
 * was, and no temporary file behind. A model whose weights are not all finite is refused.
 *
 * <p><b>Loading</b> trusts nothing: {@code model.json} is at most {@link #MAX_JSON_BYTES}, parsed
 * strictly; the architecture's weight sizes are computed before anything is built and checked
 * against what the zip's entries can hold, so a hostile file cannot make the loader allocate much
 * more than its own size; each entry is read with a bound on its bytes (no zip bomb) and its CRC
 * checked; every {@code .npy} must have the dtype {@code '<f4'} and exactly the shape the
 * architecture gives, checked before its data is allocated, and finite values; the set of entries
 * must be exactly the expected one. Any failure is an {@link InvalidModelFileException} naming the
 * file and the entry. Java serialization is never used.
 */
public final class ModelFiles {
    /** The format this class writes. */
    public static final String FORMAT = "recurrent-model";
    /** The format version this class writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** The largest {@code model.json} accepted. */
    public static final int MAX_JSON_BYTES = 1 << 20;
    /** The zip entry of the architecture and configuration. */
    public static final String MODEL_JSON = "model.json";

    /** Deflate cannot expand more than this (1032:1); a declared size beyond it is a lie. */
    private static final long MAX_DEFLATE_RATIO = 1032;
    private static final int MAX_LAYERS = 10_000;
    /** Entry times are fixed, so that the same model gives the same bytes. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(64).maxNumberLength(100).maxStringLength(MAX_JSON_BYTES).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ModelFiles() {
    }

    /** A loaded checkpoint: the model, and the epochs it had completed (for {@code FitOptions.initialEpoch}). */
    public record Checkpoint(Sequential model, int epochsCompleted) {
    }

    // =================================================================== saving

    /** Saves the model, with the optimizer state if the model is compiled (as Keras' {@code model.save}). */
    public static void save(Sequential model, Path file) throws IOException {
        save(model, file, model.optimizer() != null, -1);
    }

    /**
     * Saves the model; with {@code withOptimizerState}, also what an exact resume of training needs:
     * the optimizer's iterations and slots and the random generators' states.
     *
     * @throws IllegalStateException    if {@code withOptimizerState} and the model is not compiled
     * @throws IllegalArgumentException if the model cannot be saved (a non-finite weight, a layer
     *                                  name that cannot be an entry name, a custom loss or layer); the
     *                                  target is then left as it was
     */
    public static void save(Sequential model, Path file, boolean withOptimizerState) throws IOException {
        save(model, file, withOptimizerState, -1);
    }

    /**
     * As {@link #save(Sequential, Path, boolean)}, recording that {@code epochsCompleted} epochs were
     * run (−1: unknown), which {@link #loadCheckpoint} returns to resume with.
     */
    public static void save(Sequential model, Path file, boolean withOptimizerState, int epochsCompleted)
            throws IOException {
        if (model == null || file == null) {
            throw new IllegalArgumentException("save: the model and the file must not be null");
        }
        if (withOptimizerState && model.optimizer() == null) {
            throw new IllegalStateException(model.name() + ": cannot save the optimizer state of a model that is not"
                    + " compiled; save without it, or compile first");
        }
        Map<String, Parameter> weights = Layout.weights(model);
        List<Stored> entries = new ArrayList<>();
        for (Map.Entry<String, Parameter> w : weights.entrySet()) {
            entries.add(new Stored(w.getKey() + ".npy", w.getValue().value(), w.getValue().shape()));
        }
        Map<String, Object> json = describe(model, entries, withOptimizerState, epochsCompleted);
        byte[] jsonBytes = JSON.writeValueAsBytes(json);
        writeAtomically(file, jsonBytes, entries);
    }

    /** A weight or slot to write, read live from the model. */
    private record Stored(String entry, float[] data, int[] shape) {
    }

    private static Map<String, Object> describe(Sequential model, List<Stored> entries, boolean withState,
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
        json.put("format", FORMAT);
        json.put("format_version", FORMAT_VERSION);
        json.put("class_name", "Sequential");
        json.put("config", config);
        json.put("weights", listing(entries));
        json.put("training_config", model.optimizer() == null ? null : trainingConfig(model));
        Map<String, Object> state = null;
        if (withState) {
            Optimizer opt = model.optimizer();
            List<Stored> slots = new ArrayList<>();
            List<Parameter> params = model.parameters();
            for (Map.Entry<String, float[]> s : opt.state().entrySet()) {
                int index = Integer.parseInt(s.getKey().substring(s.getKey().lastIndexOf('/') + 1));
                slots.add(new Stored("optimizer/" + s.getKey() + ".npy", s.getValue(), params.get(index).shape()));
            }
            state = new LinkedHashMap<>();
            state.put("iterations", opt.iterations());
            state.put("epochs_completed", epochsCompleted < 0 ? null : epochsCompleted);
            state.put("optimizer_built", opt.isBuilt());
            state.put("optimizer_weights", listing(slots));
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

    private static List<Object> listing(List<Stored> entries) {
        List<Object> out = new ArrayList<>();
        for (Stored s : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("entry", s.entry());
            m.put("shape", s.shape());
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> trainingConfig(Sequential model) {
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

    /**
     * Writes the zip to a new temporary file next to {@code file}, forces it to disk, and renames
     * it over {@code file}; on any failure the temporary file is deleted and {@code file} untouched.
     */
    private static void writeAtomically(Path file, byte[] json, List<Stored> entries) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        byte[] suffix = new byte[6];
        new SecureRandom().nextBytes(suffix);
        Path tmp = dir.resolve("." + target.getFileName() + "." + HexFormat.of().formatHex(suffix) + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream raw = Channels.newOutputStream(ch);
                ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(raw, 1 << 16));
                writeEntries(zip, json, entries);
                zip.finish();
                zip.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(target + ": the file system cannot rename atomically, so the model was not"
                        + " saved (a non-atomic save could leave a half-written model)", e);
            }
            moved = true;
            syncDirectory(dir);
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static void writeEntries(ZipOutputStream zip, byte[] json, List<Stored> entries) throws IOException {
        ZipEntry je = new ZipEntry(MODEL_JSON);
        je.setTimeLocal(ENTRY_TIME);
        je.setMethod(ZipEntry.DEFLATED);
        zip.putNextEntry(je);
        zip.write(json);
        zip.closeEntry();
        for (Stored s : entries) {
            checkFinite(s);
            // stored, not deflated: float noise does not compress, and a stored size bounds what loading allocates
            ZipEntry e = new ZipEntry(s.entry());
            e.setTimeLocal(ENTRY_TIME);
            e.setMethod(ZipEntry.STORED);
            long size = Npy.fileSize(s.shape());
            e.setSize(size);
            e.setCompressedSize(size);
            e.setCrc(Npy.crc(s.data(), s.shape()));
            zip.putNextEntry(e);
            Npy.write(zip, s.data(), s.shape());
            zip.closeEntry();
        }
    }

    private static void checkFinite(Stored s) {
        float[] d = s.data();
        for (int i = 0; i < d.length; i++) {
            if (!Float.isFinite(d[i])) {
                throw new IllegalArgumentException(s.entry() + ": holds a non-finite value (" + d[i] + ") at flat index "
                        + i + " of shape " + Arrays.toString(s.shape()) + "; the model was not saved");
            }
        }
    }

    /** Makes the rename durable where the platform allows a directory to be forced (Linux, macOS). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            // not supported here (Windows): the rename itself is still atomic
        }
    }

    // =================================================================== loading

    /**
     * Loads a model saved by {@link #save}: built, with its weights, compiled if it was, with the
     * optimizer state if it was saved.
     *
     * @throws InvalidModelFileException if the file is damaged, inconsistent or hostile
     * @throws IOException               if it cannot be read
     */
    public static Sequential load(Path file) throws IOException {
        return loadCheckpoint(file).model();
    }

    /**
     * As {@link #load}, with the epochs completed when the file was saved (0 if not recorded), to
     * resume training: {@code fit(x, y, options.initialEpoch(c.epochsCompleted()))}.
     */
    public static Checkpoint loadCheckpoint(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("load: the file must not be null");
        }
        long fileSize = Files.size(file);
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (FileNotFoundException | FileSystemException e) {
            throw e;   // absent or not readable: not a question of content
        } catch (IOException e) {
            throw new InvalidModelFileException(file, null, "not a zip file, or truncated or damaged ("
                    + e.getMessage() + ")", e);
        }
        Loader loader = new Loader(file, zip, fileSize);
        try (zip) {
            return loader.load();
        } catch (InvalidModelFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            if (loader.entry != null && m.startsWith(loader.entry + ": ")) {
                m = m.substring(loader.entry.length() + 2); // Npy's messages name the entry too
            }
            throw new InvalidModelFileException(file, loader.entry, m, e);
        }
    }

    /** One load: the zip, the entry being read (for messages), and the checks in order. */
    private static final class Loader {
        private final Path file;
        private final ZipFile zip;
        private final long fileSize;
        private final Map<String, ZipEntry> entries = new LinkedHashMap<>();
        String entry;

        Loader(Path file, ZipFile zip, long fileSize) {
            this.file = file;
            this.zip = zip;
            this.fileSize = fileSize;
        }

        private InvalidModelFileException invalid(String problem) {
            return new InvalidModelFileException(file, entry, problem, null);
        }

        Checkpoint load() throws IOException {
            listEntries();

            // ---- model.json
            entry = MODEL_JSON;
            JsonNode root = parseJson(readJson());
            Json top = new Json(root, "model.json");
            String format = top.string("format", true);
            if (!FORMAT.equals(format)) {
                throw invalid("`format` is '" + format + "', expected '" + FORMAT + "'");
            }
            long version = top.integer("format_version", true);
            if (version != FORMAT_VERSION) {
                throw invalid("format_version " + version + " is not supported; this version reads " + FORMAT_VERSION);
            }
            String className = top.string("class_name", true);
            if (!"Sequential".equals(className)) {
                throw invalid("class_name '" + className + "' is not supported; expected 'Sequential'");
            }
            Json config = top.object("config", true);
            JsonNode weightsListing = top.array("weights", true);
            Json training = top.object("training_config", false);
            Json state = top.object("training_state", false);
            top.finish();

            String name = config.string("name", true);
            long seed = config.integer("seed", true);
            int[] inputShape = config.shape("input_shape");
            JsonNode layersJson = config.array("layers", true);
            config.finish();
            if (layersJson.size() == 0 || layersJson.size() > MAX_LAYERS) {
                throw invalid("`config.layers` must hold 1 to " + MAX_LAYERS + " layers, got " + layersJson.size());
            }
            List<Layer> layers = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < layersJson.size(); i++) {
                Layer l;
                try {
                    l = LayerFactory.deserialize(toMap(layersJson.get(i), "config.layers[" + i + "]"));
                } catch (IllegalArgumentException e) {
                    throw invalid("config.layers[" + i + "]: " + e.getMessage());
                }
                if (!names.add(l.name())) {
                    throw invalid("config.layers[" + i + "]: the layer name '" + l.name() + "' is used twice");
                }
                layers.add(l);
            }

            // ---- the weights the architecture has, against what the zip can hold, before anything is built
            List<Layout.Weight> expected;
            try {
                expected = Layout.expected(layers, inputShape);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw invalid("the architecture does not fit together: " + e.getMessage());
            }
            checkListing(weightsListing, expected, "weights");
            checkBudget(expected);

            // ---- build, then read the weights into it
            entry = MODEL_JSON;
            Sequential model = new Sequential(name).input(inputShape).seed(seed);
            for (Layer l : layers) {
                model.add(l);
            }
            model.build();
            Map<String, Parameter> params = Layout.weights(model);
            if (params.size() != expected.size()) {
                throw invalid("the built model has " + params.size() + " weights " + params.keySet() + ", the"
                        + " architecture " + expected.size());
            }
            int k = 0;
            for (Map.Entry<String, Parameter> p : params.entrySet()) {
                Layout.Weight w = expected.get(k++);
                if (!w.path().equals(p.getKey()) || !Arrays.equals(w.shape(), p.getValue().shape())) {
                    throw invalid("the built model's weight " + p.getKey() + Arrays.toString(p.getValue().shape())
                            + " differs from the expected " + w.path() + Arrays.toString(w.shape()));
                }
            }
            for (Map.Entry<String, Parameter> p : params.entrySet()) {
                float[] v = readArray(p.getKey() + ".npy", p.getValue().shape());
                System.arraycopy(v, 0, p.getValue().value(), 0, v.length);
            }

            // ---- training configuration and state
            Set<String> expectedEntries = new LinkedHashSet<>();
            expectedEntries.add(MODEL_JSON);
            for (Layout.Weight w : expected) {
                expectedEntries.add(w.path() + ".npy");
            }
            entry = MODEL_JSON;
            int epochs = 0;
            if (training != null) {
                compile(model, training);
            }
            if (state != null) {
                if (training == null) {
                    throw invalid("`training_state` without `training_config`");
                }
                epochs = restoreState(model, state, expectedEntries);
            }
            entry = null;
            for (String e : entries.keySet()) {
                if (!expectedEntries.contains(e)) {
                    entry = e;
                    throw invalid("unexpected entry; the model has " + expectedEntries);
                }
            }
            return new Checkpoint(model, epochs);
        }

        /** Reads the central directory: names must be unique, and weight entries are checked later. */
        private void listEntries() throws IOException {
            if (zip.size() > MAX_LAYERS * 20) {
                throw invalid("the zip holds " + zip.size() + " entries, more than any model file");
            }
            long compressed = 0;
            for (Iterator<? extends ZipEntry> it = zip.entries().asIterator(); it.hasNext(); ) {
                ZipEntry e = it.next();
                entry = e.getName();
                if (entries.put(e.getName(), e) != null) {
                    throw invalid("the entry appears twice in the zip");
                }
                if (e.getCompressedSize() < 0 || e.getSize() < 0) {
                    throw invalid("the zip directory gives no size for the entry");
                }
                compressed += e.getCompressedSize();
            }
            entry = null;
            if (compressed > fileSize) {
                throw invalid("the entries' compressed sizes add up to " + compressed + " bytes, more than the file's "
                        + fileSize);
            }
            if (!entries.containsKey(MODEL_JSON)) {
                throw invalid("no " + MODEL_JSON + " entry: not a model file (entries: "
                        + first(entries.keySet(), 10) + ")");
            }
        }

        private byte[] readJson() throws IOException {
            ZipEntry e = entries.get(MODEL_JSON);
            if (e.getSize() > MAX_JSON_BYTES) {
                throw invalid("declares " + e.getSize() + " bytes, more than the " + MAX_JSON_BYTES + " allowed");
            }
            try (InputStream in = open(e, e.getSize())) {
                return in.readAllBytes();
            }
        }

        private JsonNode parseJson(byte[] bytes) throws InvalidModelFileException {
            try (JsonParser p = JSON.createParser(bytes)) {
                JsonNode root = JSON.readTree(p);
                if (root == null || !root.isObject()) {
                    throw invalid("expected a JSON object");
                }
                return root;
            } catch (JsonProcessingException e) {
                String where = e.getLocation() == null ? ""
                        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
                throw new InvalidModelFileException(file, MODEL_JSON, "malformed JSON" + where + ": "
                        + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw new InvalidModelFileException(file, MODEL_JSON, "malformed JSON: " + e.getMessage(), e);
            }
        }

        /**
         * Before building: the weights the architecture declares must fit in the entries that hold
         * them, whose sizes are bounded by the file's own size (stored) or deflate's ratio.
         */
        private void checkBudget(List<Layout.Weight> expected) throws IOException {
            for (Layout.Weight w : expected) {
                entry = w.path() + ".npy";
                ZipEntry e = entries.get(entry);
                if (e == null) {
                    throw invalid("missing entry; the architecture needs weight " + w.path() + " of shape "
                            + Npy.tuple(w.shape()));
                }
                if (w.count() > Integer.MAX_VALUE - 8) {
                    throw invalid("the architecture gives this weight shape " + Npy.tuple(w.shape()) + ", "
                            + w.count() + " values, more than one array can hold");
                }
                long data = 4 * w.count();
                if (e.getSize() < data + 10 || e.getSize() > data + 12 + Npy.MAX_HEADER_LENGTH) {
                    throw invalid("declares " + e.getSize() + " bytes, but a .npy of shape " + Npy.tuple(w.shape())
                            + " takes " + data + " bytes of data plus a header of at most "
                            + (12 + Npy.MAX_HEADER_LENGTH));
                }
                checkRatio(e);
            }
            entry = null;
        }

        private void checkRatio(ZipEntry e) throws InvalidModelFileException {
            if (e.getMethod() == ZipEntry.STORED ? e.getSize() != e.getCompressedSize()
                    : e.getSize() > e.getCompressedSize() * MAX_DEFLATE_RATIO + 64) {
                throw invalid("declares " + e.getSize() + " bytes from " + e.getCompressedSize()
                        + " compressed, which no valid entry can (damaged or hostile zip)");
            }
        }

        private float[] readArray(String name, int[] shape) throws IOException {
            entry = name;
            ZipEntry e = entries.get(name);
            if (e == null) {
                throw invalid("missing entry; expected an array of shape " + Npy.tuple(shape));
            }
            checkRatio(e);
            float[] v;
            try (InputStream in = open(e, 4 * Npy.count(shape) + 12 + Npy.MAX_HEADER_LENGTH)) {
                v = Npy.read(in, shape, name);
            }
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i])) {
                    throw invalid("holds a non-finite value (" + v[i] + ") at flat index " + i + " of shape "
                            + Npy.tuple(shape));
                }
            }
            return v;
        }

        /** The entry's bytes, at most {@code limit} and at most its declared size, with the CRC checked at the end. */
        private InputStream open(ZipEntry e, long limit) throws IOException {
            return new CheckedEntry(zip.getInputStream(e), e, Math.min(limit, e.getSize()));
        }

        private void compile(Sequential model, Json t) throws IOException {
            Json lossJson = t.object("loss", true);
            JsonNode metricsJson = t.array("metrics", true);
            Json optJson = t.object("optimizer", true);
            t.finish();
            String lossName = lossJson.string("name", true);
            Boolean fromLogits = lossJson.bool("from_logits");
            lossJson.finish();
            Loss loss;
            try {
                loss = restoreLoss(lossName, fromLogits);
            } catch (IllegalArgumentException e) {
                throw invalid("training_config.loss: " + e.getMessage());
            }
            List<String> metrics = new ArrayList<>();
            for (int i = 0; i < metricsJson.size(); i++) {
                JsonNode m = metricsJson.get(i);
                if (!m.isTextual()) {
                    throw invalid("training_config.metrics[" + i + "] must be a string, got " + m);
                }
                try {
                    Metrics.byName(m.asText(), loss, model.outputShape().last());
                } catch (IllegalArgumentException e) {
                    throw invalid("training_config.metrics[" + i + "]: " + e.getMessage());
                }
                metrics.add(m.asText());
            }
            String optName = optJson.string("class_name", true);
            Map<String, Object> optConfig = toMap(optJson.object("config", true).node, "training_config.optimizer.config");
            optJson.finish();
            Optimizer opt;
            try {
                opt = Optimizer.fromConfig(optName, optConfig);
            } catch (IllegalArgumentException e) {
                throw invalid("training_config.optimizer: " + e.getMessage());
            }
            model.compile(opt, loss, metrics.toArray(new String[0]));
        }

        private int restoreState(Sequential model, Json s, Set<String> expectedEntries) throws IOException {
            long iterations = s.integer("iterations", true);
            JsonNode epochsNode = s.node.get("epochs_completed");
            Long epochs = epochsNode == null || epochsNode.isNull() ? null : s.integer("epochs_completed", true);
            s.read("epochs_completed");
            Boolean built = s.bool("optimizer_built");
            JsonNode slotsListing = s.array("optimizer_weights", true);
            Json random = s.object("random_state", true);
            s.finish();
            if (iterations < 0 || epochs != null && (epochs < 0 || epochs > Integer.MAX_VALUE) || built == null) {
                throw invalid("training_state: expected iterations >= 0, epochs_completed >= 0 or null and"
                        + " optimizer_built true or false");
            }
            Optimizer opt = model.optimizer();
            List<Parameter> params = model.parameters();
            Map<String, float[]> slots = new LinkedHashMap<>();
            List<Layout.Weight> expectedSlots = new ArrayList<>();
            if (built) {
                opt.build(params);
                for (String key : opt.state().keySet()) {
                    int index = Integer.parseInt(key.substring(key.lastIndexOf('/') + 1));
                    expectedSlots.add(new Layout.Weight("optimizer/" + key, params.get(index).shape()));
                }
            }
            checkListing(slotsListing, expectedSlots, "training_state.optimizer_weights");
            for (Layout.Weight w : expectedSlots) {
                expectedEntries.add(w.path() + ".npy");
                slots.put(w.path().substring("optimizer/".length()), readArray(w.path() + ".npy", w.shape()));
            }
            entry = MODEL_JSON;
            opt.setIterations(iterations);
            if (built) {
                opt.loadState(slots);
            }

            long[] shuffle = random.longs("shuffle");
            Json layerRandom = random.object("layers", true);
            random.finish();
            Map<String, SeededRandom> randoms = Layout.randoms(model);
            for (Map.Entry<String, SeededRandom> r : randoms.entrySet()) {
                long[] st = r.getKey().isEmpty() ? shuffle : layerRandom.longs(r.getKey());
                try {
                    r.getValue().setState(st);
                } catch (IllegalArgumentException e) {
                    throw invalid("training_state.random_state '" + (r.getKey().isEmpty() ? "shuffle" : r.getKey())
                            + "': " + e.getMessage());
                }
            }
            layerRandom.finish();
            return epochs == null ? 0 : (int) (long) epochs;
        }

        /** The listing in model.json must name exactly the expected entries and shapes, in order. */
        private void checkListing(JsonNode listing, List<Layout.Weight> expected, String where)
                throws InvalidModelFileException {
            String saved = entry;
            entry = MODEL_JSON;
            boolean same = listing.size() == expected.size();
            for (int i = 0; same && i < expected.size(); i++) {
                JsonNode n = listing.get(i);
                Layout.Weight w = expected.get(i);
                JsonNode shape = n.get("shape");
                same = n.isObject() && n.size() == 2 && n.path("entry").isTextual()
                        && n.path("entry").asText().equals(w.path() + ".npy") && shape != null && shape.isArray()
                        && shape.size() == w.shape().length;
                for (int d = 0; same && d < w.shape().length; d++) {
                    same = shape.get(d).isIntegralNumber() && shape.get(d).canConvertToInt()
                            && shape.get(d).intValue() == w.shape()[d];
                }
            }
            if (!same) {
                StringBuilder want = new StringBuilder();
                for (Layout.Weight w : expected) {
                    want.append(want.length() == 0 ? "" : ", ").append(w.path()).append(".npy ").append(Npy.tuple(w.shape()));
                }
                String got = listing.toString();
                String w = want.toString();
                throw invalid("`" + where + "` does not match the architecture: expected ["
                        + (w.length() > 500 ? w.substring(0, 500) + "..." : w) + "], got "
                        + (got.length() > 500 ? got.substring(0, 500) + "..." : got));
            }
            entry = saved;
        }

        private Map<String, Object> toMap(JsonNode node, String where) throws InvalidModelFileException {
            if (node == null || !node.isObject()) {
                throw invalid("`" + where + "` must be an object, got " + node);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = JSON.convertValue(node, LinkedHashMap.class);
            return m;
        }

        /** Typed, strict access to one JSON object: each key read once, unread keys refused. */
        private final class Json {
            final JsonNode node;
            final String where;
            final Set<String> unread = new LinkedHashSet<>();

            Json(JsonNode node, String where) throws InvalidModelFileException {
                if (node == null || !node.isObject()) {
                    throw invalid("`" + where + "` must be an object, got " + node);
                }
                this.node = node;
                this.where = where;
                node.fieldNames().forEachRemaining(unread::add);
            }

            JsonNode read(String key) {
                unread.remove(key);
                return node.get(key);
            }

            private JsonNode required(String key, boolean required) throws InvalidModelFileException {
                JsonNode v = read(key);
                if (required && (v == null || v.isNull())) {
                    throw invalid("`" + path(key) + "` is missing");
                }
                return v == null || v.isNull() ? null : v;
            }

            String string(String key, boolean required) throws InvalidModelFileException {
                JsonNode v = required(key, required);
                if (v != null && !v.isTextual()) {
                    throw wrongType(key, "a string", v);
                }
                return v == null ? null : v.asText();
            }

            long integer(String key, boolean required) throws InvalidModelFileException {
                JsonNode v = required(key, required);
                if (v == null) {
                    return 0;
                }
                if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                    throw wrongType(key, "an integer", v);
                }
                return v.longValue();
            }

            Boolean bool(String key) throws InvalidModelFileException {
                JsonNode v = required(key, false);
                if (v != null && !v.isBoolean()) {
                    throw wrongType(key, "true, false or null", v);
                }
                return v == null ? null : v.booleanValue();
            }

            Json object(String key, boolean required) throws InvalidModelFileException {
                JsonNode v = required(key, required);
                if (v == null) {
                    return null;
                }
                if (!v.isObject()) {
                    throw wrongType(key, "an object", v);
                }
                return new Json(v, path(key));
            }

            JsonNode array(String key, boolean required) throws InvalidModelFileException {
                JsonNode v = required(key, required);
                if (v != null && !v.isArray()) {
                    throw wrongType(key, "an array", v);
                }
                return v;
            }

            int[] shape(String key) throws InvalidModelFileException {
                JsonNode v = array(key, true);
                if (v.size() == 0 || v.size() > 8) {
                    throw wrongType(key, "an array of 1 to 8 positive integers", v);
                }
                int[] out = new int[v.size()];
                for (int i = 0; i < out.length; i++) {
                    JsonNode d = v.get(i);
                    if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() <= 0) {
                        throw wrongType(key, "an array of 1 to 8 positive integers", v);
                    }
                    out[i] = d.intValue();
                }
                return out;
            }

            long[] longs(String key) throws InvalidModelFileException {
                JsonNode v = array(key, true);
                if (v.size() != 3) {
                    throw wrongType(key, "a random state [state, 0 or 1, bits]", v);
                }
                long[] out = new long[3];
                for (int i = 0; i < 3; i++) {
                    if (!v.get(i).isIntegralNumber() || !v.get(i).canConvertToLong()) {
                        throw wrongType(key, "a random state [state, 0 or 1, bits]", v);
                    }
                    out[i] = v.get(i).longValue();
                }
                return out;
            }

            void finish() throws InvalidModelFileException {
                if (!unread.isEmpty()) {
                    throw invalid("unexpected key(s) " + first(unread, 10) + " in `" + where + "`");
                }
            }

            private String path(String key) {
                return where.equals("model.json") ? key : where + "." + key;
            }

            private InvalidModelFileException wrongType(String key, String expected, JsonNode v) {
                String shown = v.toString();
                return invalid("`" + path(key) + "` must be " + expected + ", got "
                        + (shown.length() > 200 ? shown.substring(0, 200) + "..." : shown));
            }
        }
    }

    private static String first(Iterable<String> items, int n) {
        StringBuilder s = new StringBuilder();
        int i = 0;
        for (String item : items) {
            if (i++ == n) {
                s.append(", ...");
                break;
            }
            s.append(i == 1 ? "" : ", ").append(item);
        }
        return s.toString();
    }

    /**
     * An entry's bytes: refuses to read more than {@code limit} (a zip bomb, or an entry larger
     * than its declared size), and at the end checks the count against the declared size and the
     * CRC-32 against the zip's (ZipFile itself does not check it).
     */
    private static final class CheckedEntry extends FilterInputStream {
        private final ZipEntry entry;
        private final long limit;
        private final CRC32 crc = new CRC32();
        private long count;
        private boolean verified;

        CheckedEntry(InputStream in, ZipEntry entry, long limit) {
            super(in);
            this.entry = entry;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            int n = read(b, 0, 1);
            return n < 0 ? -1 : b[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            // ask for one byte more than allowed, to notice an entry that goes on
            int want = (int) Math.min(len, limit - count + 1);
            int n = in.read(b, off, Math.max(want, 1));
            if (n < 0) {
                verify();
                return -1;
            }
            count += n;
            if (count > limit) {
                throw new ZipException("the entry holds more than the " + limit + " bytes expected (declared "
                        + entry.getSize() + ")");
            }
            crc.update(b, off, n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("skip is not supported");
        }

        private void verify() throws IOException {
            if (verified) {
                return;
            }
            verified = true;
            if (count != entry.getSize()) {
                throw new ZipException("the entry holds " + count + " bytes but the zip declares " + entry.getSize()
                        + " (damaged zip)");
            }
            if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
                throw new ZipException("CRC-32 mismatch: the data is damaged (computed "
                        + Long.toHexString(crc.getValue()) + ", the zip says " + Long.toHexString(entry.getCrc()) + ")");
            }
        }
    }
}
