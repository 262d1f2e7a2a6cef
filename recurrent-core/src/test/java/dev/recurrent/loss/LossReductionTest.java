package dev.recurrent.loss;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.recurrent.loss.LossTesting.assertArrayClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The reduction over rows: unweighted mean, masked mean ({@code Σ m·l / Σ m}, Keras 3's
 * {@code apply_mask}), weighted mean, Keras' sample-weight rule ({@code Σ s·l / R}), all-zero
 * weights, and skipped padded rows.
 */
class LossReductionTest {
    // Three rows of MSE with one column: l = d² = 1, 4, 9.
    private static final float[] PRED = {1, 2, 3};
    private static final float[] TRUE = {0, 0, 0};
    private final Loss mse = new MeanSquaredError();

    @Test
    void unweightedMeanOverRows() {
        assertEquals((1 + 4 + 9) / 3.0, mse.compute(PRED, TRUE, null, 3, 1, null), 1e-12);
    }

    @Test
    void maskAveragesOverUnmaskedRowsOnly() {
        float[] grad = new float[3];
        double loss = mse.compute(PRED, TRUE, new float[] {1, 0, 1}, 3, 1, grad);
        assertEquals((1 + 9) / 2.0, loss, 1e-12);
        // 2d / Σm for unmasked rows, 0 for the padded one
        assertArrayClose(new double[] {1, 0, 3}, grad, 1e-7, "grad");
        // the same as the loss over the unmasked rows alone
        assertEquals(mse.compute(new float[] {1, 3}, new float[] {0, 0}, null, 2, 1, null), loss, 1e-12);
        // and computeWeighted with the mask as a mask agrees
        assertEquals(loss, mse.computeWeighted(PRED, TRUE, new float[] {1, 0, 1}, null, 3, 1, null), 1e-12);
    }

    @Test
    void weightsGiveTheWeightedMean() {
        float[] grad = new float[3];
        double loss = mse.compute(PRED, TRUE, new float[] {2, 1, 0.5f}, 3, 1, grad);
        assertEquals((2 * 1 + 4 + 0.5 * 9) / 3.5, loss, 1e-12);
        assertArrayClose(new double[] {2 * 2 * 1 / 3.5, 2 * 2 / 3.5, 0.5 * 2 * 3 / 3.5}, grad, 1e-7, "grad");
    }

    @Test
    void allZeroWeightsGiveZeroLossAndZeroGradient() {
        float[] grad = new float[3];
        Arrays.fill(grad, Float.NaN);                 // the gradient is overwritten, not added to
        assertEquals(0.0, mse.compute(PRED, TRUE, new float[3], 3, 1, grad));
        assertArrayClose(new double[] {0, 0, 0}, grad, 0, "grad");
        Arrays.fill(grad, Float.NaN);
        assertEquals(0.0, mse.computeWeighted(PRED, TRUE, new float[3], new float[] {1, 2, 3}, 3, 1, grad));
        assertArrayClose(new double[] {0, 0, 0}, grad, 0, "grad");
    }

    @Test
    void noRows() {
        assertEquals(0.0, mse.compute(new float[0], new float[0], null, 0, 1, new float[0]));
    }

    @Test
    void kerasSampleWeightsDivideByTheBatchSize() {
        // keras.losses.CategoricalCrossentropy docstring: sample_weight [0.3, 0.7] → 0.814
        // = (0.3·0.0513 + 0.7·2.3026) / 2, not / (0.3 + 0.7).
        float[] yTrue = {0, 1, 0, 0, 0, 1};
        float[] yPred = {0.05f, 0.95f, 0f, 0.1f, 0.8f, 0.1f};
        float[] sw = {0.3f, 0.7f};
        Loss cce = new CategoricalCrossentropy();
        double keras = cce.computeWeighted(yPred, yTrue, null, sw, 2, 3, null);
        assertEquals((0.3 * 0.05129329438755058 + 0.7 * 2.3025850929940455) / 2, keras, 1e-6);
        assertEquals(0.814, keras, 5e-4);
        // compute() divides by Σw instead (Keras' "mean_with_sample_weight"); here Σw = 1
        assertEquals(2 * keras, cce.compute(yPred, yTrue, sw, 2, 3, null), 1e-6);

        // keras.losses.BinaryCrossentropy docstring: from_logits, sample_weight [0.8, 0.2] → 0.243
        // (printed to 3 places) = (0.8·0.2351567 + 0.2·1.4957592) / 2
        float[] bceTrue = {0, 1, 0, 0};
        float[] bcePred = {-18.6f, 0.51f, 2.94f, -12.8f};
        double bce = new BinaryCrossentropy(true).computeWeighted(bcePred, bceTrue, null, new float[] {0.8f, 0.2f},
                2, 2, null);
        assertEquals((0.8 * 0.23515666320163253 + 0.2 * 1.495759236360562) / 2, bce, 1e-6);
    }

    @Test
    void kerasMaskAndSampleWeightsDivideByTheUnmaskedCount() {
        float[] mask = {1, 0, 1};
        float[] sw = {0.5f, 3f, 2f};
        float[] grad = new float[3];
        double loss = mse.computeWeighted(PRED, TRUE, mask, sw, 3, 1, grad);
        // Σ m·s·l / Σ m = (0.5·1 + 2·9) / 2
        assertEquals((0.5 * 1 + 2 * 9) / 2.0, loss, 1e-12);
        assertArrayClose(new double[] {0.5 * 2 * 1 / 2, 0, 2 * 2 * 3 / 2.0}, grad, 1e-7, "grad");
    }

    @Test
    void paddedRowsAreNotReadOrChecked() {
        // A padded step may hold any target (here class −1) and even NaN predictions.
        float[] yPred = {0.2f, 0.8f, Float.NaN, Float.NaN};
        float[] grad = new float[4];
        double loss = new SparseCategoricalCrossentropy().compute(yPred, new float[] {1, -1}, new float[] {1, 0}, 2, 2,
                grad);
        assertEquals(-Math.log(0.8), loss, 1e-6);
        assertEquals(0f, grad[2]);
        assertEquals(0f, grad[3]);
    }

    /**
     * A batch large enough to be computed in row ranges across the cores gives, bit for bit, the sum
     * in row order of the rows' losses, each as the loss of that row alone, over the weights; the
     * gradient rows are each row's alone, scaled by its weight over the sum.
     */
    @Test
    void aLargeBatchSumsItsRowsInOrder() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        int rows = 700, cols = 12;
        float[] pred = new float[rows * cols], target = new float[rows * cols], w = new float[rows];
        for (int i = 0; i < rows; i++) {
            w[i] = i % 5 == 0 ? 0f : (float) rnd.nextDouble(0.5, 2);
            target[i * cols + rnd.nextInt(cols)] = 1f;
            for (int j = 0; j < cols; j++) {
                pred[i * cols + j] = (float) rnd.nextDouble(-3, 3);
            }
        }
        for (Loss loss : new Loss[] {new CategoricalCrossentropy(true), new MeanSquaredError()}) {
            float[] grad = new float[rows * cols];
            double total = loss.compute(pred, target, w, rows, cols, grad);
            double sum = 0, weights = 0;
            for (int i = 0; i < rows; i++) {
                weights += w[i];
            }
            for (int i = 0; i < rows; i++) {
                float[] p = Arrays.copyOfRange(pred, i * cols, (i + 1) * cols), t = Arrays.copyOfRange(target, i * cols, (i + 1) * cols);
                float[] g = new float[cols];
                double l = loss.compute(p, t, null, 1, cols, g);
                if (w[i] != 0f) {
                    sum += w[i] * l;
                }
                for (int j = 0; j < cols; j++) {
                    assertEquals(g[j] * w[i] / weights, grad[i * cols + j], 1e-6 * (1 + Math.abs(g[j])),
                            loss.name() + " gradient row " + i + " column " + j);
                }
            }
            assertEquals(sum / weights, total, 0.0, loss.name());
        }
    }
}
