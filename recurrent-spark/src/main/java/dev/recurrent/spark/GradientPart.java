package dev.recurrent.spark;

import java.io.Serializable;

/**
 * What partitions send back for one step: the sum over their samples of the gradient (each
 * partition's batch-mean gradient times its sample count), of the loss and of each metric, and the
 * sample count. Summed in double; divided by the global batch size on the driver.
 */
final class GradientPart implements Serializable {
    private static final long serialVersionUID = 1L;
    double[] values;
    double lossSum;
    double[] metricSums;
    long count;

    /** Adds {@code weight ×} each of the arrays (in order, concatenated) to the values. */
    void addWeighted(Iterable<float[]> arrays, int totalLength, double weight) {
        if (values == null) {
            values = new double[totalLength];
        }
        int off = 0;
        for (float[] a : arrays) {
            for (int j = 0; j < a.length; j++) {
                values[off + j] += weight * a[j];
            }
            off += a.length;
        }
    }

    GradientPart add(GradientPart o) {
        if (o.values != null) {
            if (values == null) {
                values = o.values.clone();
            } else {
                for (int j = 0; j < values.length; j++) {
                    values[j] += o.values[j];
                }
            }
        }
        if (o.metricSums != null) {
            if (metricSums == null) {
                metricSums = o.metricSums.clone();
            } else {
                for (int j = 0; j < metricSums.length; j++) {
                    metricSums[j] += o.metricSums[j];
                }
            }
        }
        lossSum += o.lossSum;
        count += o.count;
        return this;
    }
}
