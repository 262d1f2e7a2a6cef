package dev.recurrent.data;

/**
 * Differencing to remove a trend, as in the shampoo-sales LSTM tutorial:
 * <pre>
 *   difference(dataset, interval)[i] = dataset[i + interval] − dataset[i]      (L − interval values)
 *   inverse_difference(history, yhat, interval) = yhat + history[−interval]
 * </pre>
 * A forecast of a difference is turned back into a value by adding the last known value
 * {@code interval} steps back ({@link #inverse(float[], float, int)}); {@link #restore} rebuilds a
 * whole series from its first {@code interval} values and its differences. Arithmetic is in
 * double, rounded to float once.
 */
public final class Differencing {
    private Differencing() {
    }

    /** The lag-1 differences: L − 1 values. */
    public static float[] difference(float[] series) {
        return difference(series, 1);
    }

    /** {@code out[i] = series[i + interval] − series[i]}: L − interval values. */
    public static float[] difference(float[] series, int interval) {
        if (series == null) {
            throw new IllegalArgumentException("Differencing.difference: `series` must not be null");
        }
        if (interval <= 0 || interval >= series.length) {
            throw new IllegalArgumentException("Differencing.difference: `interval` must be in [1, " + series.length
                    + ") for a series of " + series.length + " values, got " + interval);
        }
        float[] out = new float[series.length - interval];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((double) series[i + interval] - series[i]);
        }
        return out;
    }

    /**
     * The tutorial's {@code inverse_difference(history, yhat, interval)}: {@code yhat} plus the value
     * {@code interval} steps from the end of {@code history}. In walk-forward validation, forecast i
     * of a test set of n values uses the raw series as history with {@code interval = n + 1 − i}.
     */
    public static float inverse(float[] history, float yhat, int interval) {
        if (history == null || interval <= 0 || interval > history.length) {
            throw new IllegalArgumentException("Differencing.inverse: `interval` must be in [1, "
                    + (history == null ? 0 : history.length) + "] for a history of "
                    + (history == null ? "null" : history.length + " values") + ", got " + interval);
        }
        return (float) ((double) yhat + history[history.length - interval]);
    }

    /**
     * Undoes {@link #difference(float[], int)}: given the first {@code interval} values of the
     * original series and its differences, returns the whole series (interval + diffs.length values).
     */
    public static float[] restore(float[] head, float[] diffs, int interval) {
        if (head == null || diffs == null || interval <= 0 || head.length != interval) {
            throw new IllegalArgumentException("Differencing.restore: expected the first `interval` = " + interval
                    + " values of the series, got " + (head == null ? "null" : head.length + " values"));
        }
        float[] out = new float[interval + diffs.length];
        System.arraycopy(head, 0, out, 0, interval);
        for (int i = 0; i < diffs.length; i++) {
            out[i + interval] = (float) ((double) diffs[i] + out[i]);
        }
        return out;
    }
}
