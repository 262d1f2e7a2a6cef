package dev.recurrent.metrics;

import dev.recurrent.loss.SparseTargets;

/**
 * Keras' {@code SparseCategoricalAccuracy}: a row is right (1) when the argmax of the prediction
 * equals its class index, else 0. Targets [R], class indices stored as floats; an index that is
 * out of range simply never matches, as in Keras.
 */
public final class SparseCategoricalAccuracy extends RowMeanMetric {

    /** Named {@code "sparse_categorical_accuracy"}. */
    public SparseCategoricalAccuracy() {
        this("sparse_categorical_accuracy");
    }

    public SparseCategoricalAccuracy(String name) {
        super(name);
    }

    @Override
    protected int targetColumns(int predColumns) {
        return 1;
    }

    @Override
    protected String describeTargets(int rows, int cols) {
        return SparseTargets.describe(rows, cols);
    }

    @Override
    protected String targetsHint(int gotValues, int rows, int cols) {
        return SparseTargets.oneHotHint(gotValues, rows, cols, "categorical_accuracy");
    }

    @Override
    protected double rowValue(float[] yPred, int predOff, float[] yTrue, int trueOff, int cols) {
        return CategoricalAccuracy.argmax(yPred, predOff, cols) == yTrue[trueOff] ? 1.0 : 0.0;
    }
}
