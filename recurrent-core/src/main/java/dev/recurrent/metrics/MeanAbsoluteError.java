package dev.recurrent.metrics;

/**
 * Keras' {@code MeanAbsoluteError} metric: the row value is {@code mean_j |yPred_j − yTrue_j|}.
 * Targets [R, C].
 */
public final class MeanAbsoluteError extends RowMeanMetric {

    /** Named {@code "mean_absolute_error"}, Keras' default. */
    public MeanAbsoluteError() {
        this("mean_absolute_error");
    }

    public MeanAbsoluteError(String name) {
        super(name);
    }

    @Override
    protected double rowValue(float[] yPred, int predOff, float[] yTrue, int trueOff, int cols) {
        double sum = 0.0;
        for (int j = 0; j < cols; j++) {
            sum += Math.abs((double) yPred[predOff + j] - yTrue[trueOff + j]);
        }
        return sum / cols;
    }
}
