package dev.recurrent.io;

import dev.recurrent.io.keras.KerasExport;
import dev.recurrent.io.keras.KerasModels;
import dev.recurrent.io.torch.TorchSpec;
import dev.recurrent.io.torch.TorchWeights;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The model file formats Recurrent reads and writes, by name or by file extension:
 * <pre>{@code
 * Sequential m = ModelFormats.read(Path.of("model.h5"), null, ModelFormats.ReadOptions.NONE);
 * ModelFormats.forFile(Path.of("out.safetensors")).write(m, Path.of("out.safetensors"));
 * }</pre>
 * Each format is one line of {@link #FORMATS}: its name, its extensions, and a reader and a writer
 * (either null when that direction does not exist). A file's format is the one with the longest
 * extension it ends with ({@code .weights.h5} before {@code .h5}). Formats that hold weights only
 * ({@code .safetensors}) take the architecture from {@link ReadOptions}: a model whose weights are
 * replaced ({@code like}), or, for PyTorch state dicts, the flags of {@link TorchSpec}. Graph
 * models (several inputs or outputs, shared layers) go through {@link GraphModelFormats}.
 */
public final class ModelFormats {
    /** Reads a model from a file of this format. */
    @FunctionalInterface
    public interface Reader {
        Sequential read(Path file, ReadOptions options) throws IOException;
    }

    /** Writes a model to a file of this format. */
    @FunctionalInterface
    public interface Writer {
        void write(Sequential model, Path file) throws IOException;

        /** As {@link #write(Sequential, Path)}; a format that takes no {@link WriteOptions} ignores them. */
        default void write(Sequential model, Path file, WriteOptions options) throws IOException {
            write(model, file);
        }
    }

    /**
     * What a written file may need beyond the model: a fixed batch size ({@code batchSize}, 0 for
     * none), which Keras requires of a model with stateful layers.
     */
    public record WriteOptions(int batchSize) {
        public static final WriteOptions NONE = new WriteOptions(0);

        public WriteOptions {
            if (batchSize < 0) {
                throw new IllegalArgumentException("batch size: expected 0 (none) or more, got " + batchSize);
            }
        }
    }

    /** Makes a fresh model whose weights a weights-only format replaces (each call a new one). */
    @FunctionalInterface
    public interface Template {
        Sequential newModel() throws IOException;
    }

    /**
     * What a file may leave out: the input length ({@code timesteps}, −1 for none given), a model
     * giving the architecture ({@code like}, or null), and format-specific flags by name (for
     * safetensors: {@code cell}, {@code hidden-size}, {@code num-layers}, {@code bidirectional},
     * {@code bias}, {@code proj-size}, {@code nonlinearity}, {@code return-sequences}; for Keras weights-only
     * files: {@code config}, the path of the model's config JSON).
     */
    public record ReadOptions(int timesteps, Template like, Map<String, String> flags) {
        public static final ReadOptions NONE = new ReadOptions(-1, null, Map.of());

        public ReadOptions {
            flags = Map.copyOf(flags);
        }
    }

    /**
     * Computes a written file's outputs in the runtime made for it, for a format that is written but
     * not read back as a model (ONNX in ONNX Runtime).
     */
    @FunctionalInterface
    public interface Runner {
        Tensor run(Path file, Tensor x) throws IOException;
    }

    /**
     * One format; {@code reader} or {@code writer} null where that direction is not supported, and
     * {@code runner} null where nothing here runs the file itself.
     */
    public record Format(String name, List<String> extensions, Reader reader, Writer writer, Runner runner) {
        public Format(String name, List<String> extensions, Reader reader, Writer writer) {
            this(name, extensions, reader, writer, null);
        }

        public boolean canRead() {
            return reader != null;
        }

        public boolean canRun() {
            return runner != null;
        }

        public boolean canWrite() {
            return writer != null;
        }

        public Sequential read(Path file, ReadOptions options) throws IOException {
            if (reader == null) {
                throw new IllegalArgumentException("the " + name + " format is written, not read: " + file
                        + " cannot be loaded");
            }
            return reader.read(file, options);
        }

        public void write(Sequential model, Path file) throws IOException {
            write(model, file, WriteOptions.NONE);
        }

        public void write(Sequential model, Path file, WriteOptions options) throws IOException {
            if (writer == null) {
                throw new IllegalArgumentException("the " + name + " format is read, not written: cannot write " + file);
            }
            writer.write(model, file, options);
        }
    }

    /**
     * Formats that live in other modules (ONNX in {@code recurrent-onnx}), found with {@link ServiceLoader}
     * when their jar is on the class path.
     */
    public interface Provider {
        List<Format> formats();
    }

    /** Every format, one line each; then those of the {@link Provider}s on the class path. */
    private static final List<Format> FORMATS = withProvided(List.of(
            new Format("model", List.of(".model", ".zip"), (f, o) -> ModelFiles.load(f), ModelFiles::save),
            new Format("h5", List.of(".h5"), ModelFormats::readKerasH5, null),
            new Format("keras", List.of(".keras"), (f, o) -> KerasModels.load(f, o.timesteps()), new KerasWriter()),
            new Format("weights.h5", List.of(".weights.h5"), ModelFormats::readKerasWeights, null),
            new Format("safetensors", List.of(".safetensors"), ModelFormats::readTorch, TorchWeights::save)));

    /** Keras 3 {@code .keras}, with the batch size of {@link WriteOptions} in the input shape. */
    private static final class KerasWriter implements Writer {
        @Override
        public void write(Sequential model, Path file) throws IOException {
            KerasExport.save(model, file);
        }

        @Override
        public void write(Sequential model, Path file, WriteOptions options) throws IOException {
            KerasExport.save(model, file, options.batchSize());
        }
    }

    private static List<Format> withProvided(List<Format> own) {
        List<Format> all = new ArrayList<>(own);
        for (Provider p : ServiceLoader.load(Provider.class, ModelFormats.class.getClassLoader())) {
            all.addAll(p.formats());
        }
        return List.copyOf(all);
    }

    private ModelFormats() {
    }

    public static List<Format> all() {
        return FORMATS;
    }

    /** The format named {@code name} (case-insensitive), e.g. {@code safetensors}. */
    public static Format byName(String name) {
        for (Format f : FORMATS) {
            if (f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown model format '" + name + "'; expected one of " + names());
    }

    /** The format of {@code file} from its extension. */
    public static Format forFile(Path file) {
        String n = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        Format best = null;
        int length = 0;
        for (Format f : FORMATS) {
            for (String ext : f.extensions()) {
                if (n.endsWith(ext) && ext.length() > length) {
                    best = f;
                    length = ext.length();
                }
            }
        }
        if (best == null) {
            List<String> exts = new ArrayList<>();
            FORMATS.forEach(f -> exts.addAll(f.extensions()));
            throw new IllegalArgumentException("cannot tell the format of " + file + " from its name; expected a file"
                    + " ending in " + String.join(", ", exts) + ", or name the format (" + names() + ")");
        }
        return best;
    }

    /** {@code format} by name, or when null the format of {@code file}'s extension. */
    public static Format resolve(Path file, String format) {
        return format != null ? byName(format) : forFile(file);
    }

    /** Reads the model in {@code file}, in {@code format} (null: from the extension). */
    public static Sequential read(Path file, String format, ReadOptions options) throws IOException {
        return resolve(file, format).read(file, options);
    }

    private static String names() {
        return String.join(", ", FORMATS.stream().map(Format::name).toList());
    }

    private static Sequential readKerasH5(Path file, ReadOptions o) throws IOException {
        return o.flags().containsKey("config") ? readKerasWeights(file, o) : KerasModels.load(file, o.timesteps());
    }

    private static Sequential readKerasWeights(Path file, ReadOptions o) throws IOException {
        String config = o.flags().get("config");
        if (config == null) {
            throw new IllegalArgumentException(file + " holds Keras weights, not a model: give the model's config"
                    + " JSON beside it (--config model.json: Keras 3's config.json or Keras 2's model.to_json())");
        }
        return KerasModels.loadWeights(Path.of(config), file, o.timesteps());
    }

    private static Sequential readTorch(Path file, ReadOptions o) throws IOException {
        if (o.like() != null) {
            Sequential model = o.like().newModel();
            TorchWeights.load(file, model);
            return model;
        }
        if (o.timesteps() <= 0) {
            throw new IllegalArgumentException(file + " holds PyTorch weights, not a model: give a model to take the"
                    + " architecture from (--like MODEL), or the input length (--timesteps N, and --cell, --hidden-size,"
                    + " ... where they are to be checked)");
        }
        Map<String, String> f = o.flags();
        TorchSpec spec = new TorchSpec(o.timesteps(), f.get("cell"), integer(f, "hidden-size"), integer(f, "num-layers"),
                bool(f, "bidirectional"), bool(f, "bias"), integer(f, "proj-size"), f.get("nonlinearity"),
                Boolean.TRUE.equals(bool(f, "return-sequences")));
        return TorchWeights.buildSequential(file, spec);
    }

    private static Integer integer(Map<String, String> flags, String key) {
        String v = flags.get(key);
        try {
            return v == null ? null : Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": expected a whole number, got '" + v + "'");
        }
    }

    private static Boolean bool(Map<String, String> flags, String key) {
        String v = flags.get(key);
        if (v == null) {
            return null;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + ": expected true or false, got '" + v + "'");
        }
        return Boolean.valueOf(v);
    }
}
