package dev.recurrent.data;

/**
 * Scales each feature to {@code featureRange} [lo, hi] from the minimum and maximum seen in
 * {@link #fit}, exactly as scikit-learn's {@code MinMaxScaler}:
 * <pre>
 *   scale = (hi − lo) / (max − min)      (a range below 10·ε counts as 1)
 *   min   = lo − dataMin · scale
 *   transform(x)        = x · scale + min
 *   inverseTransform(y) = (y − min) / scale
 * </pre>
 * Values outside the fitted range map outside [lo, hi] (no clipping, scikit-learn's default).
 * The sales demo fits {@code new MinMaxScaler(-1, 1)} on the training months only.
 */
public final class MinMaxScaler extends Scaler {
    private final double lo, hi;
    private double[] dataMin, dataMax, scale, min;

    /** The range [0, 1], scikit-learn's default. */
    public MinMaxScaler() {
        this(0, 1);
    }

    /** The range [lo, hi]; lo must be below hi. */
    public MinMaxScaler(double lo, double hi) {
        if (!(lo < hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("MinMaxScaler: minimum of desired feature range must be smaller than "
                    + "maximum. Got (" + lo + ", " + hi + ")");
        }
        this.lo = lo;
        this.hi = hi;
    }

    @Override
    String type() {
        return "MinMaxScaler";
    }

    @Override
    void learn(float[] values, int rows, int features) {
        double[] mn = new double[features], mx = new double[features];
        java.util.Arrays.fill(mn, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(mx, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < values.length; i++) {
            int f = i % features;
            mn[f] = Math.min(mn[f], values[i]);
            mx[f] = Math.max(mx[f], values[i]);
        }
        double[] sc = new double[features], m = new double[features];
        for (int f = 0; f < features; f++) {
            sc[f] = (hi - lo) / nonZero(mx[f] - mn[f]);
            m[f] = lo - mn[f] * sc[f];
        }
        dataMin = mn;
        dataMax = mx;
        scale = sc;
        min = m;
    }

    @Override
    double forward(double x, int f) {
        return x * scale[f] + min[f];
    }

    @Override
    double backward(double y, int f) {
        return (y - min[f]) / scale[f];
    }

    /** {@code feature_range}: [lo, hi]. */
    public double[] featureRange() {
        return new double[] {lo, hi};
    }

    /** Per feature, the minimum seen in fit (scikit-learn's {@code data_min_}). */
    public double[] dataMin() {
        features();
        return dataMin.clone();
    }

    /** Per feature, the maximum seen in fit ({@code data_max_}). */
    public double[] dataMax() {
        features();
        return dataMax.clone();
    }

    /** Per feature, {@code scale_}. */
    public double[] scale() {
        features();
        return scale.clone();
    }

    /** Per feature, {@code min_}. */
    public double[] min() {
        features();
        return min.clone();
    }
}
