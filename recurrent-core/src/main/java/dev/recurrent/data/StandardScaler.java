package dev.recurrent.data;

/**
 * Standardizes each feature from the mean and the population standard deviation (ddof 0) seen in
 * {@link #fit}, as scikit-learn's {@code StandardScaler}:
 * {@code transform(x) = (x − mean) / scale}, {@code inverseTransform(y) = y · scale + mean}, with
 * {@code scale = sqrt(var)} and a (near) zero scale counted as 1.
 */
public final class StandardScaler extends Scaler {
    private final boolean withMean, withStd;
    private double[] mean, var, scale;

    /** Centres and scales: scikit-learn's defaults. */
    public StandardScaler() {
        this(true, true);
    }

    /** {@code with_mean}, {@code with_std}: either step may be left out (mean 0, scale 1 then). */
    public StandardScaler(boolean withMean, boolean withStd) {
        this.withMean = withMean;
        this.withStd = withStd;
    }

    @Override
    String type() {
        return "StandardScaler";
    }

    @Override
    void learn(float[] values, int rows, int features) {
        double[] m = new double[features], v = new double[features], s = new double[features];
        for (int i = 0; i < values.length; i++) {
            m[i % features] += values[i];
        }
        for (int f = 0; f < features; f++) {
            m[f] /= rows;
        }
        double[] sum = new double[features];
        for (int i = 0; i < values.length; i++) {
            int f = i % features;
            double d = values[i] - m[f];
            v[f] += d * d;
            sum[f] += d;
        }
        for (int f = 0; f < features; f++) {
            // the two-pass variance with scikit-learn's rounding-error correction term
            v[f] = (v[f] - sum[f] * sum[f] / rows) / rows;
            s[f] = withStd ? nonZero(Math.sqrt(v[f])) : 1.0;
            if (!withMean) {
                m[f] = 0;
            }
        }
        mean = m;
        var = v;
        scale = s;
    }

    @Override
    double forward(double x, int f) {
        return (x - mean[f]) / scale[f];
    }

    @Override
    double backward(double y, int f) {
        return y * scale[f] + mean[f];
    }

    /** Per feature, {@code mean_} (0 without {@code with_mean}). */
    public double[] mean() {
        features();
        return mean.clone();
    }

    /** Per feature, the population variance {@code var_}. */
    public double[] variance() {
        features();
        return var.clone();
    }

    /** Per feature, {@code scale_} (1 without {@code with_std}). */
    public double[] scale() {
        features();
        return scale.clone();
    }
}
