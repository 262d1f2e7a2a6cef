package dev.recurrent.model;

import dev.recurrent.metrics.Metric;

/** A metric under another name: a graph model's per-output metric, {@code dense_accuracy}. */
record RenamedMetric(String name, Metric metric) implements Metric {

    @Override
    public void update(float[] yPred, float[] yTrue, float[] rowWeights, int rows, int cols) {
        metric.update(yPred, yTrue, rowWeights, rows, cols);
    }

    @Override
    public double result() {
        return metric.result();
    }

    @Override
    public void reset() {
        metric.reset();
    }
}
