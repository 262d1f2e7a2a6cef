package dev.recurrent.model;

import dev.recurrent.layers.Layer;
import dev.recurrent.layers.LogitOutput;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.Shape;
import dev.recurrent.loss.BinaryCrossentropy;
import dev.recurrent.loss.Loss;
import dev.recurrent.loss.SoftmaxCrossEntropy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * Drives a built model's layers by hand, as {@code Sequential.trainStep} is documented to: forward
 * through the layers (passing masks along), the loss (on the head's logits when the head is a
 * softmax or sigmoid and the loss the matching cross-entropy on probabilities), backward in
 * reverse. Tests compare this gradient with finite differences, and {@code fit} with it.
 */
final class ModelDriver {
    /**
     * A step large enough that float32 rounding of the loss (about 1e-7 of a loss near 1, so
     * 5e-6 in a difference quotient) stays far below the tolerance; a loss averaged over rows has
     * small gradients, so the absolute part is tighter than the layer tests'.
     */
    static final float STEP = 1e-2f;
    static final double ABS_TOL = 1e-4, REL_TOL = 2e-2;

    final List<Layer> layers;
    final Layer head;
    final Loss loss;
    /** The loss taken on the head's logits, or null for the loss on its output. */
    final Loss logitLoss;
    private float[] grad;

    /**
     * @param fuse whether to take the fused logits path where Sequential does (false: the loss on
     *             the probabilities and the head's own activation backward)
     */
    ModelDriver(Sequential model, Loss loss, boolean fuse) {
        this.layers = model.build().layers();
        this.head = layers.get(layers.size() - 1);
        this.loss = loss;
        this.logitLoss = fuse ? fusedLoss(head, loss) : null;
    }

    /** The loss Sequential computes on the logits for this head and loss, or null when it does not fuse. */
    static Loss fusedLoss(Layer head, Loss loss) {
        if (head instanceof LogitOutput lo) {
            if ("softmax".equals(lo.outputActivation()) && SoftmaxCrossEntropy.canFuse(loss)) {
                return SoftmaxCrossEntropy.onLogits(loss);
            }
            if ("sigmoid".equals(lo.outputActivation()) && loss instanceof BinaryCrossentropy b && !b.fromLogits()) {
                return new BinaryCrossentropy(true);
            }
        }
        return null;
    }

    /** Forward (training) and the reduced loss; keeps the loss gradient for {@link #backward()}. */
    double forwardLoss(float[] x, int batch, boolean[] inputMask, float[] y) {
        float[] a = x;
        boolean[] mask = inputMask;
        for (Layer l : layers) {
            a = l.forward(a, batch, mask, true);
            mask = l.outputMask(mask);
        }
        Shape os = head.outputShape();
        int cols = os.last(), rows = batch * (os.size() / cols);
        float[] weights = null;
        if (mask != null && os.rank() >= 2) {
            weights = new float[rows];
            for (int i = 0; i < rows; i++) {
                weights[i] = mask[i] ? 1f : 0f;
            }
        }
        if (grad == null || grad.length != rows * cols) {
            grad = new float[rows * cols];
        }
        return logitLoss != null
                ? logitLoss.compute(((LogitOutput) head).logits(), y, weights, rows, cols, grad)
                : loss.compute(a, y, weights, rows, cols, grad);
    }

    /** Zeroes the gradients and runs backward in reverse from the last loss; returns dL/dx (a copy). */
    float[] backward() {
        for (Layer l : layers) {
            l.zeroGrad();
        }
        float[] g = logitLoss != null ? ((LogitOutput) head).backwardFromLogits(grad) : head.backward(grad);
        for (int i = layers.size() - 2; i >= 0; i--) {
            g = layers.get(i).backward(g);
        }
        return g.clone();
    }

    /** Every parameter's gradient, copied, in model order. */
    List<float[]> gradients() {
        List<float[]> gs = new ArrayList<>();
        for (Layer l : layers) {
            for (Parameter p : l.parameters()) {
                gs.add(p.grad().clone());
            }
        }
        return gs;
    }

    /** Central differences of {@code loss} in each of {@code values}; one line per mismatch with {@code analytic}. */
    static List<String> check(String what, float[] values, float[] analytic, DoubleSupplier loss) {
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            double numeric = numeric(values, i, loss);
            double diff = Math.abs(numeric - analytic[i]);
            if (diff > ABS_TOL + REL_TOL * Math.abs(numeric)) {
                bad.add(String.format("%s[%d]: analytic %.6f, numeric %.6f", what, i, analytic[i], numeric));
            }
        }
        return bad;
    }

    /** The largest |central difference| over {@code values}: the check has signal when it is well above ABS_TOL. */
    static double largestNumeric(float[] values, DoubleSupplier loss) {
        double m = 0;
        for (int i = 0; i < values.length; i++) {
            m = Math.max(m, Math.abs(numeric(values, i, loss)));
        }
        return m;
    }

    private static double numeric(float[] values, int i, DoubleSupplier loss) {
        float keep = values[i];
        values[i] = keep + STEP;
        double up = loss.getAsDouble();
        values[i] = keep - STEP;
        double down = loss.getAsDouble();
        values[i] = keep;
        return (up - down) / (2.0 * STEP);
    }

    /** Redraws every weight N(0, sd²) so that every path carries signal. */
    static void randomizeWeights(Sequential model, Random rnd, double sd) {
        for (Parameter p : model.parameters()) {
            float[] v = p.value();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (rnd.nextGaussian() * sd);
            }
        }
    }

    static float[] gaussian(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    /** n rows of one-hot vectors over {@code classes}. */
    static float[] oneHot(Random rnd, int n, int classes) {
        float[] v = new float[n * classes];
        for (int i = 0; i < n; i++) {
            v[i * classes + rnd.nextInt(classes)] = 1f;
        }
        return v;
    }
}
