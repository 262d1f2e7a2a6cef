package dev.recurrent.io;

import dev.recurrent.init.SeededRandom;
import dev.recurrent.layers.LayerFactory;
import dev.recurrent.layers.Parameter;
import dev.recurrent.model.Sequential;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

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

    private ModelFiles() {
    }

    /** A loaded checkpoint: the model, and the epochs it had completed (for {@code FitOptions.initialEpoch}). */
    public record Checkpoint(Sequential model, int epochsCompleted) {
    }

    /** The most layers a model file may declare. */
    static final int MAX_LAYERS = 10_000;

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
        List<ModelZipWriter.Stored> entries = new ArrayList<>();
        for (Map.Entry<String, Parameter> w : weights.entrySet()) {
            entries.add(new ModelZipWriter.Stored(w.getKey() + ".npy", w.getValue().value(), w.getValue().shape()));
        }
        Map<String, Object> json = ModelJson.describe(model, entries, withOptimizerState, epochsCompleted);
        byte[] jsonBytes = ModelJson.MAPPER.writeValueAsBytes(json);
        AtomicFile.write(file, out -> ModelZipWriter.write(out, jsonBytes, entries));
    }

    // =================================================================== loading

    /**
     * Loads a model saved by {@link #save}: built, with its weights, compiled if it was, with the
     * optimizer state if it was saved.
     *
     * @throws InvalidModelFileException if the file is damaged, inconsistent or hostile
     * @throws ModelTooLargeException    if its declared shapes need more memory than the heap has
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
        ModelZipReader reader = new ModelZipReader(file, zip, fileSize);
        try (zip) {
            return new ModelLoader(reader).load();
        } catch (InvalidModelFileException | ModelTooLargeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            if (reader.entry != null && m.startsWith(reader.entry + ": ")) {
                m = m.substring(reader.entry.length() + 2); // Npy's messages name the entry too
            }
            throw new InvalidModelFileException(file, reader.entry, m, e);
        }
    }
}
