package dev.recurrent.layers;

import dev.recurrent.regularizers.Regularizer;

/**
 * A layer's activity regularizer: the penalty of the output of its last forward call divided by
 * the batch size, as Keras 3's {@code Layer.__call__} adds it, and the penalty's gradient added to
 * the output gradient of the backward call that follows.
 */
final class ActivityPenalty {
    private final Regularizer regularizer;
    private float[] output;
    private int size, batch;
    private double value;
    private float[] gradient;

    ActivityPenalty(Regularizer regularizer) {
        this.regularizer = regularizer;
    }

    /** Records the output {@code y[0, size)} of a forward call over {@code batch} samples. */
    void record(float[] y, int size, int batch) {
        if (regularizer == null) {
            return;
        }
        this.output = y;
        this.size = size;
        this.batch = batch;
        this.value = regularizer.penalty(y, 0, size) / batch;
    }

    /** The penalty of the last recorded output; 0 without a regularizer or before a forward call. */
    double value() {
        return value;
    }

    /** {@code dy} plus the penalty's gradient (a buffer of this object), or {@code dy} itself without a regularizer. */
    float[] addTo(float[] dy) {
        if (regularizer == null || output == null) {
            return dy;
        }
        if (dy.length < size) {
            return dy;      // the layer's own check names the wrong size
        }
        if (gradient == null || gradient.length != dy.length) {
            gradient = new float[dy.length];
        }
        System.arraycopy(dy, 0, gradient, 0, dy.length);
        regularizer.addGradient(output, 0, size, 1.0 / batch, gradient, 0);
        return gradient;
    }
}
