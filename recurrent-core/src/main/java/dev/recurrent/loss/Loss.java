package dev.recurrent.loss;

import dev.recurrent.kernels.Parallel;

import java.util.Arrays;

/**
 * A loss: the reduced value over a batch and its gradient with respect to the predictions.
 *
 * <p>Shapes (see the package legend): {@code yPred} [R, C]; {@code yTrue} [R, {@link
 * #targetColumns(int) targetColumns(C)}]; weights [R] or {@code null}; {@code gradOut} [R, C] or
 * {@code null}. A subclass supplies the loss of one row, {@link #rowLoss}; this class validates the
 * shapes and does the reduction, so every loss reduces the same way.
 *
 * <p><b>Reduction.</b> Keras 3's default, {@code "sum_over_batch_size"}, as
 * {@code keras/src/losses/loss.py} implements it ({@code reduce_weighted_values},
 * {@code apply_mask}, {@code reduce_values}):
 * <ul>
 *   <li>no weights: {@code L = Σ_i l_i / R};</li>
 *   <li>a mask m (padded steps 0): Keras scales the mask by {@code total / valid}, which gives
 *       {@code L = Σ_i m_i·l_i / Σ_i m_i};</li>
 *   <li>sample weights s and no mask: {@code L = Σ_i s_i·l_i / R} (not divided by Σ s);</li>
 *   <li>both: {@code L = Σ_i m_i·s_i·l_i / Σ_i m_i}.</li>
 * </ul>
 * {@link #compute} takes one weight vector w and returns {@code Σ w_i·l_i / Σ w_i}: exactly Keras
 * for a 0/1 mask, and Keras' {@code "mean_with_sample_weight"} reduction for general weights.
 * {@link #computeWeighted} takes the mask and the sample weights apart and follows all four Keras
 * cases above. When the divisor is 0 (every row masked, or R = 0) the loss is 0 and the gradient
 * is all zeros, as Keras' {@code divide_no_nan} gives.
 *
 * <p>Rows whose weight is exactly 0 are skipped: they add nothing, their gradient rows are zero,
 * and their targets are not read or checked (so padded steps may hold any target, even a class
 * index out of range). Keras multiplies those rows by 0 instead, which differs only when a padded
 * row's loss is not finite.
 *
 * <p>The gradient {@code gradOut} is overwritten, not added to: it is the seed of the backward
 * pass, {@code dL/dyPred} for the reduced L. Losses hold no state and are safe to share between
 * threads; {@link #compute} and {@link #computeWeighted} allocate nothing once warm (the rows of a
 * large batch are computed across the cores, the total summed in row order as in one thread).
 */
public abstract class Loss {

    /** Keras' {@code backend.epsilon()}, the clipping bound for probabilities, in float32. */
    public static final float EPSILON = 1e-7f;

    /** {@code 1 − EPSILON} rounded to float32 (0.99999988), as Keras' float32 clipping uses it. */
    public static final float ONE_MINUS_EPSILON = (float) (1.0 - 1e-7);

    protected Loss() {
    }

    /** The Keras name, e.g. {@code "categorical_crossentropy"}. */
    public abstract String name();

    /**
     * The number of target values per row for predictions with {@code predColumns} columns:
     * {@code predColumns}, or 1 for losses that take class indices.
     */
    public int targetColumns(int predColumns) {
        return predColumns;
    }

    /**
     * The loss of one row, and its gradient scaled by {@code gradScale} when {@code gradOut} is not
     * {@code null}: writes {@code gradOut[predOff + j] = gradScale · ∂l/∂yPred[predOff + j]} for
     * j in [0, cols). Shapes are already checked; implementations only {@code assert}.
     *
     * @param yPred   predictions, the row at {@code predOff} (C values)
     * @param yTrue   targets, the row at {@code trueOff} ({@code targetColumns(C)} values)
     * @param gradOut the gradient, same layout as {@code yPred}; may be {@code null}
     */
    protected abstract double rowLoss(float[] yPred, int predOff, float[] yTrue, int trueOff, int cols,
                                      double gradScale, float[] gradOut);

    /**
     * A hint appended to the error when the targets have the wrong size, e.g. that class indices
     * need the sparse loss; empty for none.
     */
    protected String targetsHint(int gotValues, int rows, int cols) {
        return "";
    }

    /** The expected targets for the error messages, e.g. {@code "[32, 10] (320 values)"}. */
    protected String describeTargets(int rows, int cols) {
        return "[" + rows + ", " + cols + "] (" + (long) rows * cols + " values)";
    }

    /**
     * The reduced loss {@code Σ w_i·l_i / Σ w_i} over the R rows, w = {@code rowWeights} (all 1
     * when {@code null}), and, when {@code gradOut} is not {@code null}, its gradient
     * {@code dL/dyPred} written into {@code gradOut} [R, C]. With a 0/1 mask as the weights this is
     * Keras 3's masked {@code "sum_over_batch_size"}; see the class comment for sample weights.
     *
     * @throws IllegalArgumentException naming this loss and both sizes when a shape is wrong
     */
    public final double compute(float[] yPred, float[] yTrue, float[] rowWeights, int rows, int cols,
                                float[] gradOut) {
        checkShapes(yPred, yTrue, rowWeights, null, rows, cols, gradOut);
        double divisor = rowWeights == null ? rows : sum(rowWeights, rows);
        return reduce(yPred, yTrue, rowWeights, null, divisor, rows, cols, gradOut);
    }

    /**
     * Keras 3's {@code "sum_over_batch_size"} with a mask and sample weights given apart, either
     * or both {@code null}: {@code Σ m_i·s_i·l_i / D} with {@code D = Σ m_i} when there is a mask
     * and {@code D = R} when there is none. Writes {@code dL/dyPred} into {@code gradOut} when it is
     * not {@code null}.
     *
     * @param mask          [R], 1 for real rows and 0 for padded ones, or {@code null}
     * @param sampleWeights [R] or {@code null}
     * @throws IllegalArgumentException naming this loss and both sizes when a shape is wrong
     */
    public final double computeWeighted(float[] yPred, float[] yTrue, float[] mask, float[] sampleWeights,
                                        int rows, int cols, float[] gradOut) {
        checkShapes(yPred, yTrue, mask, sampleWeights, rows, cols, gradOut);
        double divisor = mask == null ? rows : sum(mask, rows);
        return reduce(yPred, yTrue, mask, sampleWeights, divisor, rows, cols, gradOut);
    }

    private double reduce(float[] yPred, float[] yTrue, float[] w1, float[] w2, double divisor,
                          int rows, int cols, float[] gradOut) {
        if (divisor == 0.0) {
            if (gradOut != null) {
                Arrays.fill(gradOut, 0, rows * cols, 0f);
            }
            return 0.0;
        }
        if ((long) rows * cols < PARALLEL_MIN_VALUES || Parallel.threads() == 1) {
            int targetCols = targetColumns(cols);
            double total = 0.0;
            for (int i = 0; i < rows; i++) {
                double w = rowWeight(i, w1, w2, gradOut, cols);
                if (w != 0.0) {
                    total += w * rowLoss(yPred, i * cols, yTrue, i * targetCols, cols, w / divisor, gradOut);
                }
            }
            return total / divisor;
        }
        RowLosses job = ROW_LOSSES.get();
        job.set(this, yPred, yTrue, w1, w2, divisor, rows, cols, gradOut);
        try {
            job.parts = Math.min(rows, Parallel.threads());
            Parallel.run(job.parts, job);
            double total = 0.0;
            for (int i = 0; i < rows; i++) {
                if (job.weighted[i]) {
                    total += job.losses[i];
                }
            }
            return total / divisor;
        } finally {
            job.clear();
        }
    }

    /**
     * Row i's weight, the product of the two weight vectors (1 where one is null). A row of weight 0
     * is skipped: its gradient row, when there is one, is zeroed here.
     */
    private static double rowWeight(int i, float[] w1, float[] w2, float[] gradOut, int cols) {
        double w = (w1 == null ? 1.0 : w1[i]) * (w2 == null ? 1.0 : w2[i]);
        if (w == 0.0 && gradOut != null) {
            Arrays.fill(gradOut, i * cols, (i + 1) * cols, 0f);
        }
        return w;
    }

    /** Losses of at least this many predicted values are computed in row ranges across the cores. */
    private static final int PARALLEL_MIN_VALUES = 1 << 12;
    private static final ThreadLocal<RowLosses> ROW_LOSSES = ThreadLocal.withInitial(RowLosses::new);

    /**
     * The weighted loss of each row, and its gradient, for a range of rows; summed afterwards in row
     * order, so the total is the same for any split. Reused by its calling thread.
     */
    private static final class RowLosses implements Parallel.Task {
        double[] losses = new double[0];
        boolean[] weighted = new boolean[0];
        Loss loss;
        float[] yPred, yTrue, w1, w2, gradOut;
        double divisor;
        int rows, cols, parts;

        void set(Loss loss, float[] yPred, float[] yTrue, float[] w1, float[] w2, double divisor, int rows, int cols,
                 float[] gradOut) {
            if (losses.length < rows) {
                losses = new double[rows];
                weighted = new boolean[rows];
            }
            this.loss = loss;
            this.yPred = yPred;
            this.yTrue = yTrue;
            this.w1 = w1;
            this.w2 = w2;
            this.divisor = divisor;
            this.rows = rows;
            this.cols = cols;
            this.gradOut = gradOut;
        }

        void clear() {
            loss = null;
            yPred = yTrue = w1 = w2 = gradOut = null;
        }

        @Override
        public void run(int index) {
            int targetCols = loss.targetColumns(cols);
            for (int i = (int) ((long) rows * index / parts), to = (int) ((long) rows * (index + 1) / parts); i < to; i++) {
                double w = rowWeight(i, w1, w2, gradOut, cols);
                weighted[i] = w != 0.0;
                if (weighted[i]) {
                    losses[i] = w * loss.rowLoss(yPred, i * cols, yTrue, i * targetCols, cols, w / divisor, gradOut);
                }
            }
        }
    }

    private static double sum(float[] values, int n) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += values[i];
        }
        return s;
    }

    private void checkShapes(float[] yPred, float[] yTrue, float[] weights, float[] sampleWeights,
                             int rows, int cols, float[] gradOut) {
        if (rows < 0 || cols < 1) {
            throw new IllegalArgumentException(name() + ": expected rows >= 0 and columns >= 1, got rows="
                    + rows + ", columns=" + cols);
        }
        long predValues = (long) rows * cols;
        if (predValues > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name() + ": [" + rows + ", " + cols + "] is too large for one array");
        }
        if (yPred == null || yPred.length != predValues) {
            throw new IllegalArgumentException(name() + ": expected predictions [" + rows + ", " + cols + "] ("
                    + predValues + " values), got " + count(yPred));
        }
        long targetValues = (long) rows * targetColumns(cols);
        if (yTrue == null || yTrue.length != targetValues) {
            String hint = yTrue == null ? "" : targetsHint(yTrue.length, rows, cols);
            throw new IllegalArgumentException(name() + ": expected targets " + describeTargets(rows, cols)
                    + ", got " + count(yTrue) + (hint.isEmpty() ? "" : " — " + hint));
        }
        checkWeights("row weights", weights, rows);
        checkWeights("sample weights", sampleWeights, rows);
        if (gradOut != null && gradOut.length != predValues) {
            throw new IllegalArgumentException(name() + ": expected a gradient buffer [" + rows + ", " + cols
                    + "] (" + predValues + " values), got " + gradOut.length + " values");
        }
    }

    private void checkWeights(String what, float[] weights, int rows) {
        if (weights != null && weights.length != rows) {
            throw new IllegalArgumentException(name() + ": expected " + what + " [" + rows + "] (" + rows
                    + " values, one per row), got " + weights.length + " values");
        }
    }

    private static String count(float[] values) {
        return values == null ? "null" : values.length + " values";
    }

    @Override
    public String toString() {
        return name();
    }
}
