package dev.recurrent.layers;

/**
 * A layer whose output is {@code softmax(z)} or {@code sigmoid(z)} of logits z it keeps, so that a
 * cross-entropy loss can be computed on z directly: stable, and with the gradient
 * {@code p − target} instead of a division by a tiny probability (what Keras does with
 * {@code _keras_logits}).
 */
public interface LogitOutput {

    /** {@code "softmax"}, {@code "sigmoid"}, or null when the output is not a probability. */
    String outputActivation();

    /** The logits of the last forward, same layout as the output. */
    float[] logits();

    /** Backward from the gradient of the logits (skipping the output activation); returns dL/dx. */
    float[] backwardFromLogits(float[] dLogits);
}
