package dev.recurrent.cli;

import dev.recurrent.cli.pipelines.Sidecar;
import dev.recurrent.cli.run.InputError;
import dev.recurrent.io.AtomicFile;
import dev.recurrent.io.ModelFormats;
import dev.recurrent.io.Npy;
import dev.recurrent.graph.Node;
import dev.recurrent.model.Model;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code recurrent predict --model M --npy X.npy --out Y.npy}: the model's outputs for a NumPy batch
 * [samples, ...input shape], written as a NumPy array [samples, ...output shape]. The model is in
 * any format {@link ModelFormats} reads; an {@code .h5} with an open length takes X's.
 */
final class NpyPrediction {
    private final Path model, like;
    private final int batch;

    NpyPrediction(Path model, Path like, int batch) {
        this.model = model;
        this.like = like;
        this.batch = batch;
    }

    void run(Path xFile, Path yFile, PrintWriter out) {
        Npy.Array x = read(xFile);
        if (x.shape().length < 2) {
            throw new InputError(xFile + " has shape " + Arrays.toString(x.shape()) + "; expected [samples, ...the model's"
                    + " input shape]");
        }
        int steps = x.shape().length >= 3 ? x.shape()[1] : -1;
        Path file = Files.isDirectory(model) ? Sidecar.resolveModel(model) : model;
        ModelFormats.Format format = ModelFormats.forFile(file);
        if (like == null && ModelReading.isGraph(format, file, new ModelFormats.ReadOptions(steps, null, Map.of()))) {
            write(yFile, graphPrediction(ModelReading.readGraph(format, file, x.shape()[1]), file, x, xFile), xFile,
                    x.shape()[0], out);
            return;
        }
        ModelFormats.Template template = like == null ? null
                : () -> ModelReading.read(ModelFormats.forFile(like), like, new ModelFormats.ReadOptions(steps, null, Map.of()));
        Sequential m = ModelReading.read(ModelFormats.forFile(file), file,
                new ModelFormats.ReadOptions(steps, template, Map.of()));
        int[] sample = Arrays.copyOfRange(x.shape(), 1, x.shape().length);
        int[] modelShape = m.inputShape().dims();
        int[] xShape = x.shape();
        if (!Arrays.equals(sample, modelShape)) {
            if (!importedReshape(file, sample, modelShape)) {
                throw new InputError(xFile + " holds samples of shape " + Arrays.toString(sample) + ", but the model takes "
                        + Arrays.toString(modelShape) + " (the array is [samples, ...that shape])");
            }
            xShape = new int[modelShape.length + 1];
            xShape[0] = x.shape()[0];
            System.arraycopy(modelShape, 0, xShape, 1, modelShape.length);
            out.printf("Samples of shape %s reshaped to the model's input %s, as the Keras model's Reshape does%n",
                    Arrays.toString(sample), Arrays.toString(modelShape));
        }
        write(yFile, m.predict(Tensor.of(x.data(), xShape), batch), xFile, x.shape()[0], out);
    }

    private static void write(Path yFile, Tensor y, Path xFile, int samples, PrintWriter out) {
        try {
            ModelReading.makeParent(yFile);
            AtomicFile.write(yFile, o -> Npy.write(o, y.data(), y.shape()));
        } catch (IOException e) {
            throw new InputError("cannot write " + yFile + ": " + e.getMessage(), e);
        }
        out.printf("Wrote %s: %s, the outputs for the %d samples of %s%n", yFile, Arrays.toString(y.shape()),
                samples, xFile);
    }

    /** A graph model of one input and one output on X; other graphs take several arrays, which --npy does not give. */
    private Tensor graphPrediction(Model m, Path file, Npy.Array x, Path xFile) {
        if (m.inputs().size() != 1 || m.outputs().size() != 1) {
            throw new InputError(file + " is a graph model of " + m.inputs().size() + " inputs " + names(m.inputs())
                    + " and " + m.outputs().size() + " outputs " + names(m.outputs()) + "; --npy X.npy --out Y.npy"
                    + " predicts with models of one input and one output (use the library's Model.predict(List))");
        }
        Node in = m.inputs().get(0);
        int[] sample = Arrays.copyOfRange(x.shape(), 1, x.shape().length);
        int[] want = in.shape().dims().clone();
        if (in.variableSteps() && sample.length == want.length) {
            want[0] = sample[0];
        }
        if (!Arrays.equals(sample, want)) {
            throw new InputError(xFile + " holds samples of shape " + Arrays.toString(sample) + ", but the model's input "
                    + in.name() + " takes " + in.shapeText() + " (the array is [samples, ...that shape])");
        }
        return m.predict(Tensor.of(x.data(), x.shape()), batch);
    }

    private static java.util.List<String> names(java.util.List<Node> nodes) {
        return nodes.stream().map(Node::name).toList();
    }

    /**
     * A Keras file whose Reshape right after the input was folded into the model's input shape takes
     * the samples of the Keras input shape: the same values, as many of them.
     */
    private static boolean importedReshape(Path file, int[] sample, int[] modelShape) {
        String format = ModelFormats.forFile(file).name();
        boolean keras = format.equals("h5") || format.equals("keras");
        return keras && Arrays.stream(sample).reduce(1, Math::multiplyExact)
                == Arrays.stream(modelShape).reduce(1, Math::multiplyExact);
    }

    private static Npy.Array read(Path xFile) {
        try (InputStream in = Files.newInputStream(xFile)) {
            return Npy.read(in, Files.size(xFile) / 4, xFile.toString());
        } catch (NoSuchFileException e) {
            throw new InputError("no such file: " + xFile, e);
        } catch (IOException e) {
            throw new InputError(e.getMessage(), e);
        }
    }
}
