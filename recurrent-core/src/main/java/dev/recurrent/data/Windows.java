package dev.recurrent.data;

import dev.recurrent.tensor.Tensor;

/**
 * Sliding windows over one series, for supervised forecasting.
 *
 * <p>{@link #supervised} gives every complete window: N = L − lookBack − horizon + 1 samples for a
 * series of L values. (The well-known {@code create_dataset} of Brownlee's airline tutorial loops
 * to {@code len − look_back − 1} and so drops the last complete window; this class does not.)
 * {@link #lagged} and {@link #lag1} reproduce the shampoo-sales tutorial's
 * {@code timeseries_to_supervised}: pandas shifts with the missing leading values filled with 0.
 */
public final class Windows {
    private Windows() {
    }

    /**
     * Windows of {@code lookBack} values as input and the next {@code horizon} values as target:
     * x[i] = series[i, i+lookBack), y[i] = series[i+lookBack, i+lookBack+horizon).
     *
     * @return x [N, lookBack, 1] (time steps of one feature), y [N, horizon]
     */
    public static Supervised supervised(float[] series, int lookBack, int horizon) {
        if (series == null) {
            throw new IllegalArgumentException("Windows.supervised: `series` must not be null");
        }
        if (lookBack <= 0 || horizon <= 0) {
            throw new IllegalArgumentException("Windows.supervised: `lookBack` and `horizon` must be positive, got "
                    + lookBack + " and " + horizon);
        }
        int len = series.length;
        if ((long) lookBack + horizon > len) {
            throw new IllegalArgumentException("Windows.supervised: a look-back of " + lookBack + " plus a horizon of "
                    + horizon + " needs a series of at least " + ((long) lookBack + horizon)
                    + " values, but the series has " + len);
        }
        int n = len - lookBack - horizon + 1;
        float[] x = new float[Math.multiplyExact(n, lookBack)];
        float[] y = new float[Math.multiplyExact(n, horizon)];
        for (int i = 0; i < n; i++) {
            System.arraycopy(series, i, x, i * lookBack, lookBack);
            System.arraycopy(series, i + lookBack, y, i * horizon, horizon);
        }
        return new Supervised(Tensor.of(x, n, lookBack, 1), Tensor.of(y, n, horizon));
    }

    /**
     * The shampoo tutorial's {@code timeseries_to_supervised(data, lag)}: one row per value, columns
     * [t−1, t−2, …, t−lag, t] (the pandas shifts in that order, then the value itself), with the
     * values before the series start filled with 0 ({@code fillna(0)}).
     *
     * @return [L, lag + 1]
     */
    public static Tensor lagged(float[] series, int lag) {
        if (series == null || series.length == 0) {
            throw new IllegalArgumentException("Windows.lagged: expected a series of at least one value, got "
                    + (series == null ? "null" : "none"));
        }
        if (lag <= 0) {
            throw new IllegalArgumentException("Windows.lagged: `lag` must be positive, got " + lag);
        }
        int len = series.length, cols = lag + 1;
        float[] out = new float[Math.multiplyExact(len, cols)];
        for (int t = 0; t < len; t++) {
            for (int k = 1; k <= lag; k++) {
                out[t * cols + k - 1] = t - k >= 0 ? series[t - k] : 0f;
            }
            out[t * cols + lag] = series[t];
        }
        return Tensor.of(out, len, cols);
    }

    /**
     * Splits a table [N, C] (e.g. from {@link #lagged}, after scaling) as the tutorial does:
     * {@code X, y = table[:, 0:-1], table[:, -1]} with X reshaped to one time step.
     *
     * @return x [N, 1, C − 1], y [N, 1]
     */
    public static Supervised lastColumnAsTarget(Tensor table) {
        int[] shape = table.shape();
        if (shape.length != 2 || shape[1] < 2) {
            throw new IllegalArgumentException("Windows.lastColumnAsTarget: expected a table [N, C] with C >= 2, got "
                    + table);
        }
        int n = shape[0], c = shape[1];
        float[] v = table.data(), x = new float[n * (c - 1)], y = new float[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(v, i * c, x, i * (c - 1), c - 1);
            y[i] = v[i * c + c - 1];
        }
        return new Supervised(Tensor.of(x, n, 1, c - 1), Tensor.of(y, n, 1));
    }

    /**
     * The lag-1 pairs of the sales demo, unscaled: x[i] = series[i−1] (0 for i = 0), y[i] = series[i].
     * Equal to {@code lastColumnAsTarget(lagged(series, 1))}.
     *
     * @return x [L, 1, 1], y [L, 1]
     */
    public static Supervised lag1(float[] series) {
        return lastColumnAsTarget(lagged(series, 1));
    }
}
