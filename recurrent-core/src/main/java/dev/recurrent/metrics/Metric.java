package dev.recurrent.metrics;

/**
 * A stateful metric over predictions and targets, accumulated batch after batch.
 *
 * <p>Not thread-safe. {@link #update} allocates nothing; it validates the shapes and throws an
 * {@link IllegalArgumentException} naming the metric and both sizes when they are wrong.
 */
public interface Metric {

    /** The name, as the history and progress bar show it, e.g. {@code "accuracy"} or {@code "mae"}. */
    String name();

    /**
     * Adds a batch.
     *
     * @param yPred      predictions [R, C]
     * @param yTrue      targets [R, C], or [R] class indices for the sparse metrics
     * @param rowWeights [R], or {@code null} for all 1; rows of weight 0 are skipped
     */
    void update(float[] yPred, float[] yTrue, float[] rowWeights, int rows, int cols);

    /** The value over all batches since the last {@link #reset()}; 0 before any weighted row. */
    double result();

    /** Forgets every batch. */
    void reset();
}
