package dev.recurrent.loss;

/**
 * Keras' {@code categorical_crossentropy}, per row the sum over the C classes. Targets [R, C],
 * one-hot (any non-negative weights are accepted, as in Keras); for class indices use
 * {@link SparseCategoricalCrossentropy}.
 *
 * <p>From probabilities (Keras' default), as every Keras 3 backend computes it: the row is first
 * normalised to sum 1, then clipped, then logged:
 * <pre>
 * S = Σ_k p_k     q_j = p_j / S     l = −Σ_j t_j·log clip(q_j, ε, 1 − ε)        (ε = 1e-7)
 * g_j = −t_j / q_j where ε ≤ q_j ≤ 1 − ε, else 0                                 (∂l/∂q_j)
 * ∂l/∂p_i = (g_i − Σ_j g_j·q_j) / S = (g_i + Σ_{j inside} t_j) / S
 * </pre>
 * so probabilities 0 and 1 give a finite loss and gradient. A row summing to 0 gives NaN, as in
 * Keras. From logits: the stable log-sum-exp form of {@link SoftmaxCrossEntropy}.
 */
public final class CategoricalCrossentropy extends Loss {
    private final boolean fromLogits;

    /** From probabilities, Keras' default ({@code from_logits=False}). */
    public CategoricalCrossentropy() {
        this(false);
    }

    /** @param fromLogits whether the predictions are logits rather than softmax probabilities */
    public CategoricalCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    /** Whether the predictions are taken as logits. */
    public boolean fromLogits() {
        return fromLogits;
    }

    @Override
    public String name() {
        return "categorical_crossentropy";
    }

    @Override
    protected String targetsHint(int gotValues, int rows, int cols) {
        return gotValues == rows && cols > 1 ? "use sparse_categorical_crossentropy for class indices" : "";
    }

    @Override
    protected double rowLoss(float[] yPred, int predOff, float[] yTrue, int trueOff, int cols,
                             double gradScale, float[] gradOut) {
        if (fromLogits) {
            return SoftmaxCrossEntropy.rowLoss(yPred, predOff, yTrue, trueOff, cols, gradScale, gradOut);
        }
        double s = 0.0;
        for (int j = 0; j < cols; j++) {
            s += yPred[predOff + j];
        }
        double loss = 0.0;
        double insideTargets = 0.0;
        for (int j = 0; j < cols; j++) {
            double t = yTrue[trueOff + j];
            double q = yPred[predOff + j] / s;
            loss -= t * Math.log(Math.min(Math.max(q, EPSILON), ONE_MINUS_EPSILON));
            if (q >= EPSILON && q <= ONE_MINUS_EPSILON) {
                insideTargets += t;
            }
        }
        if (gradOut != null) {
            double scale = gradScale / s;
            for (int j = 0; j < cols; j++) {
                double q = yPred[predOff + j] / s;
                double g = q >= EPSILON && q <= ONE_MINUS_EPSILON ? -yTrue[trueOff + j] / q : 0.0;
                gradOut[predOff + j] = (float) (scale * (g + insideTargets));
            }
        }
        return loss;
    }

    @Override
    public String toString() {
        return "CategoricalCrossentropy(from_logits=" + fromLogits + ")";
    }
}
