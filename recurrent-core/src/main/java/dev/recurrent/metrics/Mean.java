package dev.recurrent.metrics;

/**
 * Keras' {@code Mean}: the weighted mean of scalar values, {@code Σ w·v / Σ w}, 0 while
 * {@code Σ w = 0}. The training loop tracks the loss with {@code new Mean("loss")} and, as Keras'
 * trainers do, weights each batch's reduced loss by its batch size B (the first dimension of the
 * inputs, not B·T and not the number of unmasked steps): {@code lossMean.update(loss, B)}.
 */
public final class Mean {
    private final String name;
    private double total;
    private double count;

    /** Named {@code "mean"}, Keras' default. */
    public Mean() {
        this("mean");
    }

    public Mean(String name) {
        this.name = RowMeanMetric.requireName(name);
    }

    /** The name, e.g. {@code "loss"}. */
    public String name() {
        return name;
    }

    /** Adds {@code value} with weight 1. */
    public void update(double value) {
        update(value, 1.0);
    }

    /** Adds {@code value} with weight {@code weight}, e.g. a batch's loss and its batch size. */
    public void update(double value, double weight) {
        total += value * weight;
        count += weight;
    }

    /** {@code Σ w·v / Σ w}, or 0 when nothing has been added. */
    public double result() {
        return count == 0.0 ? 0.0 : total / count;
    }

    /** The sum of the weights added so far. */
    public double count() {
        return count;
    }

    /** Forgets every value. */
    public void reset() {
        total = 0.0;
        count = 0.0;
    }

    @Override
    public String toString() {
        return name + "=" + result();
    }
}
