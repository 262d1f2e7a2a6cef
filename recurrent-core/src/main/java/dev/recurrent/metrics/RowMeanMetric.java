package dev.recurrent.metrics;

/**
 * A metric that reduces each row to one value and keeps the weighted mean of those values over
 * every batch since the last reset: {@code Σ w_i·v_i / Σ w_i} (Keras' {@code MeanMetricWrapper};
 * Keras reduces each sample's values to their mean over the non-batch axes first, which for a
 * fixed number of time steps is the same mean). A subclass supplies {@link #rowValue}.
 */
public abstract class RowMeanMetric implements Metric {
    private final String name;
    private double total;
    private double count;

    protected RowMeanMetric(String name) {
        this.name = requireName(name);
    }

    static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A metric needs a name, got " + (name == null ? "null" : "'" + name + "'"));
        }
        return name;
    }

    @Override
    public final String name() {
        return name;
    }

    /** The number of target values per row: {@code predColumns}, or 1 for class indices. */
    protected int targetColumns(int predColumns) {
        return predColumns;
    }

    /** The expected targets for the error messages, e.g. {@code "[32, 10] (320 values)"}. */
    protected String describeTargets(int rows, int cols) {
        return "[" + rows + ", " + cols + "] (" + (long) rows * cols + " values)";
    }

    /** A hint appended to the error when the targets have the wrong size; empty for none. */
    protected String targetsHint(int gotValues, int rows, int cols) {
        return "";
    }

    /**
     * The value of one row. Shapes are already checked.
     *
     * @param yPred the row at {@code predOff}, C values
     * @param yTrue the row at {@code trueOff}, {@code targetColumns(C)} values
     */
    protected abstract double rowValue(float[] yPred, int predOff, float[] yTrue, int trueOff, int cols);

    @Override
    public final void update(float[] yPred, float[] yTrue, float[] rowWeights, int rows, int cols) {
        checkShapes(yPred, yTrue, rowWeights, rows, cols);
        int targetCols = targetColumns(cols);
        for (int i = 0; i < rows; i++) {
            double w = rowWeights == null ? 1.0 : rowWeights[i];
            if (w != 0.0) {
                total += w * rowValue(yPred, i * cols, yTrue, i * targetCols, cols);
                count += w;
            }
        }
    }

    /** The weighted mean of the row values, or 0 when no weighted row has been seen. */
    @Override
    public double result() {
        return count == 0.0 ? 0.0 : total / count;
    }

    /** The sum of the row weights seen so far. */
    public final double count() {
        return count;
    }

    @Override
    public final void reset() {
        total = 0.0;
        count = 0.0;
    }

    private void checkShapes(float[] yPred, float[] yTrue, float[] rowWeights, int rows, int cols) {
        if (rows < 0 || cols < 1) {
            throw new IllegalArgumentException(name + ": expected rows >= 0 and columns >= 1, got rows=" + rows
                    + ", columns=" + cols);
        }
        long predValues = (long) rows * cols;
        if (yPred == null || yPred.length != predValues) {
            throw new IllegalArgumentException(name + ": expected predictions [" + rows + ", " + cols + "] ("
                    + predValues + " values), got " + count(yPred));
        }
        if (yTrue == null || yTrue.length != (long) rows * targetColumns(cols)) {
            String hint = yTrue == null ? "" : targetsHint(yTrue.length, rows, cols);
            throw new IllegalArgumentException(name + ": expected targets " + describeTargets(rows, cols)
                    + ", got " + count(yTrue) + (hint.isEmpty() ? "" : " — " + hint));
        }
        if (rowWeights != null && rowWeights.length != rows) {
            throw new IllegalArgumentException(name + ": expected row weights [" + rows + "] (" + rows
                    + " values, one per row), got " + rowWeights.length + " values");
        }
    }

    private static String count(float[] values) {
        return values == null ? "null" : values.length + " values";
    }

    @Override
    public String toString() {
        return name + "=" + result();
    }
}
