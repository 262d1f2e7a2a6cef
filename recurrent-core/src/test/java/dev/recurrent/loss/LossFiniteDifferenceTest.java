package dev.recurrent.loss;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.recurrent.loss.LossTesting.checkGradient;
import static dev.recurrent.loss.LossTesting.finiteDifferences;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every loss's gradient against central differences of its value, without and with row weights.
 * Inputs stay away from the kinks (|d| = 0 for MAE, the clip bounds for probabilities), where a
 * difference quotient straddles two slopes.
 */
class LossFiniteDifferenceTest {
    private static final long SEED = 20240611L;
    private static final int ROWS = 5, COLS = 4;
    /** A mask with a padded row and fractional sample-like weights. */
    private static final float[] MASK = {1, 0, 1, 1, 0};
    private static final float[] WEIGHTS = {0.5f, 2f, 1f, 0.25f, 3f};

    private final Random random = new Random(SEED);

    private float[] uniform(int n, double lo, double hi) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return x;
    }

    private float[] oneHot(int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            t[i * cols + random.nextInt(cols)] = 1f;
        }
        return t;
    }

    private float[] classes(int rows, int cols) {
        float[] t = new float[rows];
        for (int i = 0; i < rows; i++) {
            t[i] = random.nextInt(cols);
        }
        return t;
    }

    private void checkAllWeightings(Loss loss, float[] yPred, float[] yTrue) {
        checkGradient(loss, yPred, yTrue, null, ROWS, COLS);
        checkGradient(loss, yPred, yTrue, MASK, ROWS, COLS);
        checkGradient(loss, yPred, yTrue, WEIGHTS, ROWS, COLS);
    }

    @Test
    void meanSquaredError() {
        checkAllWeightings(new MeanSquaredError(), uniform(ROWS * COLS, -2, 2), uniform(ROWS * COLS, -2, 2));
    }

    @Test
    void meanAbsoluteError() {
        float[] yTrue = uniform(ROWS * COLS, -2, 2);
        float[] yPred = new float[yTrue.length];
        for (int i = 0; i < yPred.length; i++) {   // |d| in [0.05, 1], never at the kink
            double d = 0.05 + 0.95 * random.nextDouble();
            yPred[i] = (float) (yTrue[i] + (random.nextBoolean() ? d : -d));
        }
        checkAllWeightings(new MeanAbsoluteError(), yPred, yTrue);
    }

    @Test
    void binaryCrossentropy() {
        float[] yTrue = uniform(ROWS * COLS, 0, 1);        // soft labels exercise both terms
        checkAllWeightings(new BinaryCrossentropy(), uniform(ROWS * COLS, 0.05, 0.95), yTrue);
        checkAllWeightings(new BinaryCrossentropy(true), uniform(ROWS * COLS, -6, 6), yTrue);
    }

    @Test
    void categoricalCrossentropy() {
        float[] yTrue = oneHot(ROWS, COLS);
        // unnormalised positive rows: the gradient must include the normalisation
        checkAllWeightings(new CategoricalCrossentropy(), uniform(ROWS * COLS, 0.2, 1.0), yTrue);
        checkAllWeightings(new CategoricalCrossentropy(true), uniform(ROWS * COLS, -5, 5), yTrue);
        float[] soft = uniform(ROWS * COLS, 0, 1);          // soft targets, not summing to 1
        checkAllWeightings(new CategoricalCrossentropy(), uniform(ROWS * COLS, 0.2, 1.0), soft);
        checkAllWeightings(new CategoricalCrossentropy(true), uniform(ROWS * COLS, -5, 5), soft);
    }

    @Test
    void sparseCategoricalCrossentropy() {
        float[] yTrue = classes(ROWS, COLS);
        checkAllWeightings(new SparseCategoricalCrossentropy(), uniform(ROWS * COLS, 0.2, 1.0), yTrue);
        checkAllWeightings(new SparseCategoricalCrossentropy(true), uniform(ROWS * COLS, -5, 5), yTrue);
    }

    @Test
    void computeWeightedWithMaskAndSampleWeights() {
        Loss loss = new CategoricalCrossentropy(true);
        float[] yPred = uniform(ROWS * COLS, -3, 3);
        float[] yTrue = oneHot(ROWS, COLS);
        float[][] masks = {null, MASK};
        float[][] weights = {null, WEIGHTS};
        for (float[] mask : masks) {
            for (float[] sw : weights) {
                float[] grad = new float[ROWS * COLS];
                loss.computeWeighted(yPred, yTrue, mask, sw, ROWS, COLS, grad);
                var bad = finiteDifferences("computeWeighted(mask " + (mask != null) + ", weights " + (sw != null)
                        + ")", yPred, grad, () -> loss.computeWeighted(yPred, yTrue, mask, sw, ROWS, COLS, null));
                assertTrue(bad.isEmpty(), String.join("\n", bad));
            }
        }
    }
}
