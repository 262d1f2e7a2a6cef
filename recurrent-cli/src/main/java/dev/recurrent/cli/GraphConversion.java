package dev.recurrent.cli;

import dev.recurrent.cli.run.InputError;
import dev.recurrent.graph.Call;
import dev.recurrent.graph.Node;
import dev.recurrent.io.ModelFormats;
import dev.recurrent.layers.Embedding;
import dev.recurrent.model.Model;
import dev.recurrent.tensor.Tensor;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * {@code recurrent convert} for a graph model (several inputs or outputs, shared layers, states passed
 * on): read, summary, written, read back, and every output of both models on one random batch
 * compared. Graph models are read from {@code .model}, {@code .keras} and {@code .h5} and written to
 * {@code .model} and {@code .keras}.
 */
final class GraphConversion {
    /** The steps given to an input of open length ({@code None}) in the parity batch, without --timesteps. */
    static final int DEFAULT_STEPS = 5;

    private GraphConversion() {
    }

    static void convert(ModelFormats.Format source, Path in, ModelFormats.Format target, Path out, Integer timesteps,
                        int batch, long seed, PrintWriter w) {
        int steps = timesteps == null ? -1 : timesteps;
        Model model = ModelReading.readGraph(source, in, steps);
        w.print(model.summary());
        ModelReading.writeGraph(target, model, out);
        w.printf("Wrote %s (%s, a graph model)%n", out, target.name());
        Model back = ModelReading.readGraph(target, out, steps);
        List<Tensor> xs = randomInputs(model, batch, timesteps == null ? DEFAULT_STEPS : timesteps, seed);
        List<Tensor> a = model.predict(xs, batch), b = back.predict(xs, batch);
        if (a.size() != b.size()) {
            throw new InputError("parity check: the converted model gives " + b.size() + " outputs, the original "
                    + a.size());
        }
        w.printf("Parity check on a random batch of %d (seed %d), every output:%n", batch, seed);
        double worst = 0;
        long count = 0;
        for (int k = 0; k < a.size(); k++) {
            float[] ya = a.get(k).data(), yb = b.get(k).data();
            if (ya.length != yb.length) {
                throw new InputError("parity check: output " + k + " of the converted model holds " + yb.length
                        + " values, the original's " + ya.length);
            }
            double out_ = 0;
            for (int i = 0; i < ya.length; i++) {
                out_ = Math.max(out_, Math.abs((double) ya[i] - yb[i]));
            }
            w.printf(Locale.ROOT, "  %-24s %s  largest difference %s%n", model.outputs().get(k).name(),
                    java.util.Arrays.toString(a.get(k).shape()), text(out_));
            worst = Math.max(worst, out_);
            count += ya.length;
        }
        w.printf(Locale.ROOT, "Largest absolute difference: %s (over %d values)%n", text(worst), count);
    }

    private static String text(double d) {
        return d == 0 ? "0" : String.format(Locale.ROOT, "%.3g", d);
    }

    /** One batch per input: values in [-1, 1), or token ids below the vocabulary of the Embedding it feeds. */
    static List<Tensor> randomInputs(Model model, int batch, int steps, long seed) {
        Random r = new Random(seed);
        List<Tensor> xs = new ArrayList<>();
        for (Node in : model.inputs()) {
            int[] dims = in.shape().dims().clone();
            if (in.variableSteps()) {
                dims[0] = steps;
            }
            int[] shape = new int[dims.length + 1];
            shape[0] = batch;
            System.arraycopy(dims, 0, shape, 1, dims.length);
            int vocabulary = vocabulary(model, in);
            float[] x = new float[Math.multiplyExact(batch, java.util.Arrays.stream(dims).reduce(1, Math::multiplyExact))];
            for (int i = 0; i < x.length; i++) {
                x[i] = vocabulary > 0 ? r.nextInt(vocabulary) : 2 * r.nextFloat() - 1;
            }
            xs.add(Tensor.of(x, shape));
        }
        return xs;
    }

    /** The smallest vocabulary of the Embeddings called on {@code input}; 0 when none is. */
    private static int vocabulary(Model model, Node input) {
        int v = 0;
        for (Call c : model.graph().calls()) {
            if (c.layer() instanceof Embedding e && c.inputs().contains(input)) {
                v = v == 0 ? e.inputDim() : Math.min(v, e.inputDim());
            }
        }
        return v;
    }
}
