package dev.recurrent.cli;

import dev.recurrent.cli.run.InputError;
import dev.recurrent.io.ModelFormats;
import dev.recurrent.io.ModelFormats.Format;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.concurrent.Callable;

/**
 * {@code recurrent convert IN OUT}: a model from one format to another ({@link ModelFormats}, by the
 * extensions or {@code --from}/{@code --to}), then a parity check: the written file read back, and
 * its output on a random batch beside the original's, with the largest difference. A PyTorch state
 * dict ({@code .safetensors}) holds no architecture: it comes from {@code --like MODEL} or from
 * {@code --timesteps} and the flags. A graph model (a Keras functional model that is not a chain, or a
 * Recurrent graph model file) goes through {@link GraphConversion}.
 */
@Command(name = "convert", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Converts a model between formats (.model/.zip, .h5, .keras, .safetensors, .onnx) and checks that the written file"
                + " computes what the original does.")
public final class ConvertCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "The model to read.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "The file to write.")
    Path out;

    @Option(names = "--from", paramLabel = "F", description = "IN's format (default: from its extension).")
    String from;

    @Option(names = "--to", paramLabel = "F", description = "OUT's format (default: from its extension).")
    String to;

    @Option(names = "--config", paramLabel = "JSON",
            description = "Keras weights alone (.weights.h5, or an .h5 of save_weights): the model's config JSON"
                    + " (Keras 3's config.json or Keras 2's model.to_json()).")
    Path config;

    @Option(names = "--like", paramLabel = "MODEL",
            description = "Weights-only input (.safetensors): the model whose architecture they fit, in any readable format.")
    Path like;

    @Option(names = "--timesteps", paramLabel = "N",
            description = "The input length, for an .h5 model saved with timesteps None, or a .safetensors state dict"
                    + " without --like.")
    Integer timesteps;

    @Option(names = "--cell", paramLabel = "lstm|gru|rnn", description = "State dict without --like: the module (checked).")
    String cell;

    @Option(names = "--hidden-size", paramLabel = "N", description = "State dict without --like: hidden_size (checked).")
    Integer hiddenSize;

    @Option(names = "--num-layers", paramLabel = "N", description = "State dict without --like: num_layers (checked).")
    Integer numLayers;

    @Option(names = "--bidirectional", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "State dict without --like: bidirectional (checked).")
    Boolean bidirectional;

    @Option(names = "--bias", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "State dict without --like: bias (checked).")
    Boolean bias;

    @Option(names = "--proj-size", paramLabel = "N",
            description = "State dict without --like: an nn.LSTM's proj_size, 0 for none (checked).")
    Integer projSize;

    @Option(names = "--nonlinearity", paramLabel = "tanh|relu", description = "State dict of an nn.RNN: its nonlinearity"
            + " (default: tanh).")
    String nonlinearity;

    @Option(names = "--return-sequences", description = "State dict without --like: the last recurrent layer outputs"
            + " every step (PyTorch's output) rather than the last state (h_n).")
    boolean returnSequences;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "A fixed batch size written into the model's input shape (.keras), which Keras requires of"
                    + " a stateful model: the batch size it will be called with.")
    Integer batchSize;

    @Option(names = "--batch", defaultValue = "4", paramLabel = "N",
            description = "Parity check: samples in the random batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Parity check: seed of the random batch (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        }
        if (batchSize != null && batchSize < 1) {
            throw new IllegalArgumentException("--batch-size: expected a positive batch size, got " + batchSize);
        }
        if (timesteps != null && timesteps < 1) {
            throw new IllegalArgumentException("--timesteps: expected a positive number of steps, got " + timesteps);
        }
        Format source = ModelFormats.resolve(in, from), target = ModelFormats.resolve(out, to);
        if (!source.canRead()) {
            throw new IllegalArgumentException("the " + source.name() + " format is written, not read: " + in
                    + " cannot be converted");
        }
        if (!target.canWrite()) {
            throw new IllegalArgumentException("the " + target.name() + " format is read, not written: give OUT another"
                    + " extension or --to (writable: " + writable() + ")");
        }
        ModelFormats.ReadOptions options = options();
        PrintWriter w = spec.commandLine().getOut();
        if (ModelReading.isGraph(source, in, options)) {
            GraphConversion.convert(source, in, target, out, timesteps, batch, seed, w);
            w.flush();
            return 0;
        }
        Sequential model = ModelReading.read(source, in, options);
        w.print(model.summary());
        String statefulLayer = statefulLayer(model);
        if (statefulLayer != null && batchSize == null && target.name().equals("keras")) {
            throw new IllegalArgumentException("layer '" + statefulLayer + "' is stateful, and Keras needs a fixed batch"
                    + " size for that: give --batch-size N, the batch size the model will be called with");
        }
        ModelReading.write(target, model, out, new ModelFormats.WriteOptions(batchSize == null ? 0 : batchSize));
        w.printf("Wrote %s (%s)%n", out, target.name());
        if (target.canRead()) {
            int steps = model.inputShape().rank() > 1 ? model.inputShape().dim(0) : -1;
            Sequential back = ModelReading.read(target, out, new ModelFormats.ReadOptions(steps,
                    () -> ModelReading.read(source, in, options), Map.of()));
            parity(w, model, x -> back.predict(x, batch), "converted");
        } else if (target.canRun()) {
            parity(w, model, x -> ModelReading.run(target, out, x), "runtime");
        } else {
            w.printf("Parity check: not made; %s files are not read back here%n", target.name());
        }
        w.flush();
        return 0;
    }

    /** The name of the first stateful recurrent layer, or null when there is none. */
    private static String statefulLayer(Sequential model) {
        for (Layer l : model.layers()) {
            if (l instanceof Recurrent r && r.config().stateful()) {
                return l.name();
            }
        }
        return null;
    }

    private String writable() {
        return String.join(", ", ModelFormats.all().stream().filter(Format::canWrite).map(Format::name).toList());
    }

    private ModelFormats.ReadOptions options() {
        Map<String, String> flags = new LinkedHashMap<>();
        put(flags, "cell", cell);
        put(flags, "hidden-size", hiddenSize);
        put(flags, "num-layers", numLayers);
        put(flags, "bidirectional", bidirectional);
        put(flags, "bias", bias);
        put(flags, "proj-size", projSize);
        put(flags, "config", config);
        put(flags, "nonlinearity", nonlinearity);
        put(flags, "return-sequences", returnSequences ? true : null);
        ModelFormats.Template template = null;
        if (like != null) {
            Format likeFormat = ModelFormats.forFile(like);
            ModelFormats.ReadOptions plain = new ModelFormats.ReadOptions(timesteps == null ? -1 : timesteps, null, Map.of());
            template = () -> ModelReading.read(likeFormat, like, plain);
        }
        return new ModelFormats.ReadOptions(timesteps == null ? -1 : timesteps, template, flags);
    }

    private static void put(Map<String, String> flags, String key, Object value) {
        if (value != null) {
            flags.put(key, value.toString());
        }
    }

    /** Both models on one random batch: the first outputs of each sample side by side, and the largest difference. */
    private void parity(PrintWriter w, Sequential original, UnaryOperator<Tensor> converted, String label) {
        Tensor x = randomBatch(original, batch, seed);
        float[] a = original.predict(x, batch).data(), b = converted.apply(x).data();
        if (a.length != b.length) {
            throw new InputError("parity check: the converted model gives " + b.length + " values for the batch, the"
                    + " original " + a.length);
        }
        int per = a.length / batch;
        w.printf("Parity check on a random batch of %d (seed %d), the first outputs of each sample%s:%n", batch, seed,
                label.equals("runtime") ? " (the written file run in its own runtime)" : "");
        for (int s = 0; s < batch; s++) {
            w.printf("  sample %d  original  %s%n", s, values(a, s * per, per));
            w.printf("            %-9s %s%n", label, values(b, s * per, per));
        }
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs((double) a[i] - b[i]));
        }
        w.printf(Locale.ROOT, "Largest absolute difference: %s (over %d values)%n",
                worst == 0 ? "0" : String.format(Locale.ROOT, "%.3g", worst), a.length);
    }

    private static String values(float[] y, int from, int count) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(4, count); i++) {
            s.append(String.format(Locale.ROOT, " %10.6f", y[from + i]));
        }
        return s.append(count > 4 ? "  ..." : "").toString();
    }

    /** Inputs in [-1, 1), or token ids below the vocabulary size when the model starts with an Embedding. */
    static Tensor randomBatch(Sequential model, int batch, long seed) {
        int[] sample = model.inputShape().dims();
        int[] shape = new int[sample.length + 1];
        shape[0] = batch;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        float[] x = new float[batch * model.inputShape().size()];
        Random r = new Random(seed);
        Layer first = model.layers().get(0);
        for (int i = 0; i < x.length; i++) {
            x[i] = first instanceof Embedding e ? r.nextInt(e.inputDim()) : 2 * r.nextFloat() - 1;
        }
        return Tensor.of(x, shape);
    }
}
