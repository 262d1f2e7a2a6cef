package dev.recurrent.metrics;

/**
 * Keras' {@code RootMeanSquaredError}: the square root of the weighted mean, over every row since
 * the last reset, of {@code mean_j (yPred_j − yTrue_j)²}; the root is taken of the whole mean, not
 * per batch. Targets [R, C].
 *
 * <p>Keras 3's version calls {@code Mean.update_state} directly and so ignores a Keras mask on the
 * output (it honours sample weights); here the row weights, mask included, apply as for every
 * other metric.
 */
public final class RootMeanSquaredError extends RowMeanMetric {

    /** Named {@code "root_mean_squared_error"}, Keras' default. */
    public RootMeanSquaredError() {
        this("root_mean_squared_error");
    }

    public RootMeanSquaredError(String name) {
        super(name);
    }

    @Override
    protected double rowValue(float[] yPred, int predOff, float[] yTrue, int trueOff, int cols) {
        return MeanSquaredError.squaredError(yPred, predOff, yTrue, trueOff, cols);
    }

    @Override
    public double result() {
        return Math.sqrt(super.result());
    }
}
