package dev.recurrent.metrics;

/**
 * Keras' {@code BinaryAccuracy}: an element is right when {@code (yPred > threshold ? 1 : 0)}
 * equals its target exactly; a row's value is the fraction right over its C columns. Targets
 * [R, C] of 0 and 1. The threshold applies to what the model outputs: with a loss on logits,
 * Keras still compares them with 0.5, and so does this.
 */
public final class BinaryAccuracy extends RowMeanMetric {
    private final float threshold;

    /** Named {@code "binary_accuracy"}, threshold 0.5. */
    public BinaryAccuracy() {
        this("binary_accuracy", 0.5f);
    }

    public BinaryAccuracy(String name) {
        this(name, 0.5f);
    }

    public BinaryAccuracy(String name, float threshold) {
        super(name);
        this.threshold = threshold;
    }

    public float threshold() {
        return threshold;
    }

    @Override
    protected double rowValue(float[] yPred, int predOff, float[] yTrue, int trueOff, int cols) {
        int right = 0;
        for (int j = 0; j < cols; j++) {
            float predicted = yPred[predOff + j] > threshold ? 1f : 0f;
            if (predicted == yTrue[trueOff + j]) {
                right++;
            }
        }
        return (double) right / cols;
    }
}
