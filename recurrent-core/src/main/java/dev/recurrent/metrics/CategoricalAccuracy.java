package dev.recurrent.metrics;

/**
 * Keras' {@code CategoricalAccuracy}: a row is right (1) when the argmax of the prediction equals
 * the argmax of its one-hot target, else 0; ties go to the first index, as {@code argmax} does.
 * Targets [R, C].
 */
public final class CategoricalAccuracy extends RowMeanMetric {

    /** Named {@code "categorical_accuracy"}. */
    public CategoricalAccuracy() {
        this("categorical_accuracy");
    }

    public CategoricalAccuracy(String name) {
        super(name);
    }

    @Override
    protected String targetsHint(int gotValues, int rows, int cols) {
        return gotValues == rows && cols > 1 ? "use sparse_categorical_accuracy for class indices" : "";
    }

    @Override
    protected double rowValue(float[] yPred, int predOff, float[] yTrue, int trueOff, int cols) {
        return argmax(yPred, predOff, cols) == argmax(yTrue, trueOff, cols) ? 1.0 : 0.0;
    }

    /** The index of the first largest of {@code n} values from {@code off}. */
    static int argmax(float[] x, int off, int n) {
        int best = 0;
        float max = x[off];
        for (int j = 1; j < n; j++) {
            if (x[off + j] > max) {
                max = x[off + j];
                best = j;
            }
        }
        return best;
    }
}
