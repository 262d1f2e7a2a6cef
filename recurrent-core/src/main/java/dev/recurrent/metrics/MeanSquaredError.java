package dev.recurrent.metrics;

/**
 * Keras' {@code MeanSquaredError} metric: the row value is {@code mean_j (yPred_j − yTrue_j)²}.
 * Targets [R, C].
 */
public final class MeanSquaredError extends RowMeanMetric {

    /** Named {@code "mean_squared_error"}, Keras' default. */
    public MeanSquaredError() {
        this("mean_squared_error");
    }

    public MeanSquaredError(String name) {
        super(name);
    }

    @Override
    protected double rowValue(float[] yPred, int predOff, float[] yTrue, int trueOff, int cols) {
        return squaredError(yPred, predOff, yTrue, trueOff, cols);
    }

    static double squaredError(float[] yPred, int predOff, float[] yTrue, int trueOff, int cols) {
        double sum = 0.0;
        for (int j = 0; j < cols; j++) {
            double d = (double) yPred[predOff + j] - yTrue[trueOff + j];
            sum += d * d;
        }
        return sum / cols;
    }
}
