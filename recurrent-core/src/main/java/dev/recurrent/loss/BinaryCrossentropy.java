package dev.recurrent.loss;

/**
 * Keras' {@code binary_crossentropy}, per row the mean over C of the element losses. Targets
 * [R, C], each in [0, 1].
 *
 * <p>From probabilities (Keras' default): {@code p = clip(yPred, ε, 1 − ε)} with ε = 1e-7, then
 * {@code −(z·log p + (1 − z)·log(1 − p))}; the gradient {@code (−z/p + (1 − z)/(1 − p)) / C} is 0
 * where yPred lies outside [ε, 1 − ε], as the clip's own gradient is. Probabilities 0 and 1 thus
 * give a finite loss (at most −log ε ≈ 16.12 per element) and a finite gradient.
 *
 * <p>From logits x: {@code max(x, 0) − x·z + log(1 + e^−|x|)} (TensorFlow's
 * {@code sigmoid_cross_entropy_with_logits}), stable for any x, gradient {@code (σ(x) − z) / C}.
 */
public final class BinaryCrossentropy extends Loss {
    private final boolean fromLogits;

    /** From probabilities, Keras' default ({@code from_logits=False}). */
    public BinaryCrossentropy() {
        this(false);
    }

    /** @param fromLogits whether the predictions are logits rather than sigmoid probabilities */
    public BinaryCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    /** Whether the predictions are taken as logits. */
    public boolean fromLogits() {
        return fromLogits;
    }

    @Override
    public String name() {
        return "binary_crossentropy";
    }

    @Override
    protected double rowLoss(float[] yPred, int predOff, float[] yTrue, int trueOff, int cols,
                             double gradScale, float[] gradOut) {
        double sum = 0.0;
        double g = gradScale / cols;
        for (int j = 0; j < cols; j++) {
            float y = yPred[predOff + j];
            double z = yTrue[trueOff + j];
            double d;
            if (fromLogits) {
                double x = y;
                sum += Math.max(x, 0.0) - x * z + Math.log1p(Math.exp(-Math.abs(x)));
                d = sigmoid(x) - z;
            } else {
                // Clip in float32 as Keras does, then take the logs in double.
                double p = Math.min(Math.max(y, EPSILON), ONE_MINUS_EPSILON);
                sum -= z * Math.log(p) + (1.0 - z) * Math.log(1.0 - p);
                boolean inside = y >= EPSILON && y <= ONE_MINUS_EPSILON;
                d = inside ? -z / p + (1.0 - z) / (1.0 - p) : 0.0;
            }
            if (gradOut != null) {
                gradOut[predOff + j] = (float) (g * d);
            }
        }
        return sum / cols;
    }

    /** σ(x), without overflow for either sign. */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    @Override
    public String toString() {
        return "BinaryCrossentropy(from_logits=" + fromLogits + ")";
    }
}
