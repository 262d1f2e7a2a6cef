package dev.recurrent.model;

import dev.recurrent.tensor.Tensor;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Shape;
import dev.recurrent.loss.Loss;

import java.util.Arrays;
import java.util.List;

/**
 * The checks of the data given to {@code fit}, {@code evaluate} and {@code predict}, before any
 * work: each refusal names the model, the layer and both shapes, with a hint for the usual
 * mistakes.
 */
final class DataChecks {

    private DataChecks() {
    }

    /** x's samples must have the model's input shape (and valid token ids for an Embedding). */
    static void input(String model, List<Layer> layers, Shape inputShape, String what, Tensor x) {
        if (!Arrays.equals(x.sampleShape(), inputShape.dims())) {
            throw new IllegalArgumentException(model + ": " + what + " has samples of shape " + Shape.of(x.sampleShape())
                    + " but the model's input is " + inputShape + " (layer '" + layers.get(0).name() + "')");
        }
        if (layers.get(0) instanceof Embedding) {
            ((Embedding) layers.get(0)).checkIds(x.data(), x.samples());   // names the data's sample, not a batch row
        }
    }

    /** x's values must all be finite (a NaN would only come back as NaN outputs). */
    static void finite(String model, String what, Tensor x) {
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            if (!Float.isFinite(d[i])) {
                int per = Math.max(1, x.sampleSize());
                throw new IllegalArgumentException(model + ": " + what + " holds " + d[i] + " (sample " + i / per
                        + ", value " + i % per + " of the sample); every input value must be finite");
            }
        }
    }

    /** Checks x against the input shape and y against the output shape and the loss. */
    static void data(String model, List<Layer> layers, Shape inputShape, Shape output, Loss loss,
                     String xName, String yName, Tensor x, Tensor y) {
        input(model, layers, inputShape, xName, x);
        if (y == null) {
            throw new IllegalArgumentException(model + ": " + yName + " is missing");
        }
        if (y.samples() != x.samples()) {
            throw new IllegalArgumentException(model + ": " + xName + " has " + x.samples() + " samples but " + yName
                    + " has " + y.samples());
        }
        int cols = output.last();
        int expected = output.size() / cols * loss.targetColumns(cols);
        if (y.sampleSize() != expected) {
            Layer head = layers.get(layers.size() - 1);
            String hint = output.rank() >= 2 && y.sampleSize() * output.dim(0) == expected
                    ? "; the output is a sequence: a recurrent layer with returnSequences=true before a Dense layer"
                    + " gives one output per step"
                    : loss.targetColumns(cols) != cols
                    ? (cols > 1 && y.sampleSize() == output.size() ? "; for one-hot targets use categorical_crossentropy" : "")
                    : y.sampleSize() * cols == expected && y.sampleShape().length <= output.rank()
                    ? "; for class indices use sparse_categorical_crossentropy" : "";
            throw new IllegalArgumentException(model + ": " + yName + " has samples of shape " + Shape.of(y.sampleShape())
                    + " but the output of layer '" + head.name() + "' is " + output + " and " + loss.name() + " expects "
                    + expected + " target values per sample" + hint);
        }
    }
}
