package dev.recurrent.loss;

/**
 * Keras' {@code sparse_categorical_crossentropy}: the categorical cross-entropy with one class
 * index per row. Targets [R], each an integer in [0, C) stored as a float; a value that is not is
 * rejected with an {@link IllegalArgumentException} (rows of weight 0 are not read).
 *
 * <p>From probabilities: normalise the row to sum 1, clip to [ε, 1 − ε], log, as Keras 3's NumPy,
 * JAX and PyTorch backends do (its TensorFlow backend clips first and normalises after; the two
 * differ only where a probability is within 1e-7 of 0 or 1). With y the class,
 * {@code l = −log clip(q_y)} and {@code ∂l/∂p_i = ([i = y]·g_y + [q_y inside]) / S} with
 * {@code g_y = −1/q_y} inside the clip range and 0 outside (see {@link CategoricalCrossentropy}).
 * From logits: {@code lse(x) − x_y}, gradient {@code softmax(x) − onehot(y)}.
 */
public final class SparseCategoricalCrossentropy extends Loss {
    private final boolean fromLogits;

    /** From probabilities, Keras' default ({@code from_logits=False}). */
    public SparseCategoricalCrossentropy() {
        this(false);
    }

    /** @param fromLogits whether the predictions are logits rather than softmax probabilities */
    public SparseCategoricalCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    /** Whether the predictions are taken as logits. */
    public boolean fromLogits() {
        return fromLogits;
    }

    @Override
    public String name() {
        return "sparse_categorical_crossentropy";
    }

    /** One class index per row. */
    @Override
    public int targetColumns(int predColumns) {
        return 1;
    }

    @Override
    protected String describeTargets(int rows, int cols) {
        return SparseTargets.describe(rows, cols);
    }

    @Override
    protected String targetsHint(int gotValues, int rows, int cols) {
        return SparseTargets.oneHotHint(gotValues, rows, cols, "categorical_crossentropy");
    }

    @Override
    protected double rowLoss(float[] yPred, int predOff, float[] yTrue, int trueOff, int cols,
                             double gradScale, float[] gradOut) {
        float label = yTrue[trueOff];
        int y = (int) label;
        if (y != label || y < 0 || y >= cols) {
            throw new IllegalArgumentException(name() + ": the target of row " + trueOff + " is " + label
                    + ", expected a class index in [0, " + cols + ")");
        }
        if (fromLogits) {
            return SoftmaxCrossEntropy.rowLossSparse(yPred, predOff, y, cols, gradScale, gradOut);
        }
        double s = 0.0;
        for (int j = 0; j < cols; j++) {
            s += yPred[predOff + j];
        }
        double q = yPred[predOff + y] / s;
        boolean inside = q >= EPSILON && q <= ONE_MINUS_EPSILON;
        if (gradOut != null) {
            double scale = gradScale / s;
            double rest = inside ? scale : 0.0;
            for (int j = 0; j < cols; j++) {
                gradOut[predOff + j] = (float) rest;
            }
            if (inside) {
                gradOut[predOff + y] = (float) (scale * (1.0 - 1.0 / q));
            }
        }
        return -Math.log(Math.min(Math.max(q, EPSILON), ONE_MINUS_EPSILON));
    }

    @Override
    public String toString() {
        return "SparseCategoricalCrossentropy(from_logits=" + fromLogits + ")";
    }
}
