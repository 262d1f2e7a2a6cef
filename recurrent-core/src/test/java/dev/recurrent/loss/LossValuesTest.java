package dev.recurrent.loss;

import org.junit.jupiter.api.Test;

import static dev.recurrent.loss.LossTesting.assertArrayClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each loss's value and gradient on small batches, against values worked out by hand (the
 * comments show the arithmetic). Where Keras' docstrings give an example, it is used, and Keras'
 * printed result is quoted.
 */
class LossValuesTest {
    private static final double TOL = 1e-6;

    // Two rows, two columns; d = yPred − yTrue = [[-0.5, -2], [2, 0]].
    private static final float[] REG_PRED = {0.5f, -1f, 2f, 0.25f};
    private static final float[] REG_TRUE = {1f, 1f, 0f, 0.25f};

    @Test
    void meanSquaredError() {
        float[] grad = new float[4];
        double loss = new MeanSquaredError().compute(REG_PRED, REG_TRUE, null, 2, 2, grad);
        // rows: (0.25 + 4) / 2 = 2.125 and (4 + 0) / 2 = 2; mean 2.0625
        assertEquals(2.0625, loss, TOL);
        // 2·d / (C·R) = d / 2
        assertArrayClose(new double[] {-0.25, -1, 1, 0}, grad, TOL, "mse grad");
    }

    @Test
    void meanAbsoluteError() {
        float[] grad = new float[4];
        double loss = new MeanAbsoluteError().compute(REG_PRED, REG_TRUE, null, 2, 2, grad);
        // rows: (0.5 + 2) / 2 = 1.25 and (2 + 0) / 2 = 1; mean 1.125
        assertEquals(1.125, loss, TOL);
        // sign(d) / (C·R), 0 where d = 0
        assertArrayClose(new double[] {-0.25, -0.25, 0.25, 0}, grad, TOL, "mae grad");
    }

    @Test
    void kerasRegressionDocExample() {
        // keras.losses.MeanSquaredError / MeanAbsoluteError docstrings: y_true [[0, 1], [0, 0]],
        // y_pred [[1, 1], [1, 0]] → 0.5 for both.
        float[] yTrue = {0, 1, 0, 0};
        float[] yPred = {1, 1, 1, 0};
        assertEquals(0.5, new MeanSquaredError().compute(yPred, yTrue, null, 2, 2, null), TOL);
        assertEquals(0.5, new MeanAbsoluteError().compute(yPred, yTrue, null, 2, 2, null), TOL);
    }

    @Test
    void binaryCrossentropyFromProbabilities() {
        // keras.losses.binary_crossentropy docstring: y_true [[0, 1], [0, 0]],
        // y_pred [[0.6, 0.4], [0.4, 0.6]] → per row [0.916, 0.714].
        float[] yTrue = {0, 1, 0, 0};
        float[] yPred = {0.6f, 0.4f, 0.4f, 0.6f};
        float[] grad = new float[4];
        double loss = new BinaryCrossentropy().compute(yPred, yTrue, null, 2, 2, grad);
        // row 0: −(log 0.4 + log 0.4) / 2 = 0.9162907; row 1: −(log 0.6 + log 0.4) / 2 = 0.7135582
        assertEquals((0.9162907318741551 + 0.7135581778200728) / 2, loss, TOL);
        // (−z/p + (1 − z)/(1 − p)) / (C·R): 1/0.4/4, −1/0.4/4, 1/0.6/4, 1/0.4/4
        assertArrayClose(new double[] {0.625, -0.625, 1.0 / 0.6 / 4, 0.625}, grad, TOL, "bce grad");
    }

    @Test
    void binaryCrossentropyFromLogits() {
        // keras.losses.BinaryCrossentropy docstring: y_true [[0, 1], [0, 0]],
        // y_pred [[-18.6, 0.51], [2.94, -12.8]], from_logits=True → 0.8654 (rows 0.235, 1.496).
        float[] yTrue = {0, 1, 0, 0};
        float[] yPred = {-18.6f, 0.51f, 2.94f, -12.8f};
        float[] grad = new float[4];
        double loss = new BinaryCrossentropy(true).compute(yPred, yTrue, null, 2, 2, grad);
        // max(x, 0) − x·z + log(1 + e^−|x|), rows 0.2351567 and 1.4957592
        assertEquals(0.8654579497810972, loss, 1e-5);
        // (σ(x) − z) / (C·R)
        assertArrayClose(new double[] {2.0896e-9, -0.0937984, 0.2374472, 6.9019e-7}, grad, 1e-6, "bce logits grad");
    }

    @Test
    void categoricalCrossentropyFromProbabilities() {
        // keras.losses.CategoricalCrossentropy docstring: y_true [[0, 1, 0], [0, 0, 1]],
        // y_pred [[0.05, 0.95, 0], [0.1, 0.8, 0.1]] → 1.177 (rows 0.0513, 2.303).
        float[] yTrue = {0, 1, 0, 0, 0, 1};
        float[] yPred = {0.05f, 0.95f, 0f, 0.1f, 0.8f, 0.1f};
        float[] grad = new float[6];
        double loss = new CategoricalCrossentropy().compute(yPred, yTrue, null, 2, 3, grad);
        // −log 0.95 = 0.0512933, −log 0.1 = 2.3025851
        assertEquals(1.176939193690798, loss, TOL);
        // Each row sums to 1, so q = p. ∂l/∂p_i = (g_i + Σ_{inside} t_j) / S with g_i = −t_i/q_i inside
        // [1e-7, 1 − 1e-7], then / R. Row 0: the 0 is clipped (g = 0) but still gets the
        // normalisation term: [(0 + 1), (−1/0.95 + 1), (0 + 1)] / 2. Row 1: [1, 1, (−10 + 1)] / 2.
        assertArrayClose(new double[] {0.5, (1 - 1 / 0.95) / 2, 0.5, 0.5, 0.5, -4.5}, grad, 1e-6, "cce grad");
    }

    @Test
    void categoricalCrossentropyNormalisesTheRowFirst() {
        // p = [1, 3] sums to 4: q = [0.25, 0.75], target class 1 → l = −log 0.75 = 0.2876821.
        // ∂l/∂p = (g + 1) / S with g = [0, −1/0.75]: [0.25, (1 − 4/3) / 4] = [0.25, −0.0833333].
        float[] grad = new float[2];
        double loss = new CategoricalCrossentropy().compute(new float[] {1, 3}, new float[] {0, 1}, null, 1, 2, grad);
        assertEquals(-Math.log(0.75), loss, TOL);
        assertArrayClose(new double[] {0.25, -1.0 / 12}, grad, TOL, "cce grad");
    }

    @Test
    void categoricalCrossentropyFromLogits() {
        // Row 0: x = [1, 2, 3], class 2: lse = 3 + log(1 + e^−1 + e^−2) = 3.4076060, l = 0.4076060.
        // Row 1: x = [0, 0, 0], class 0: l = log 3 = 1.0986123. Mean 0.7531091.
        float[] yPred = {1, 2, 3, 0, 0, 0};
        float[] yTrue = {0, 0, 1, 1, 0, 0};
        float[] grad = new float[6];
        double loss = new CategoricalCrossentropy(true).compute(yPred, yTrue, null, 2, 3, grad);
        assertEquals(0.7531091265562451, loss, TOL);
        // (softmax − t) / R; softmax([1, 2, 3]) = [0.0900306, 0.2447285, 0.6652410]
        assertArrayClose(new double[] {0.0450153, 0.1223642, -0.1673795, -1.0 / 3, 1.0 / 6, 1.0 / 6}, grad, TOL,
                "cce logits grad");
    }

    @Test
    void sparseCategoricalCrossentropyFromProbabilities() {
        // keras.losses.SparseCategoricalCrossentropy docstring: y_true [1, 2], same y_pred as the
        // categorical example → 1.177; same gradient as the one-hot case.
        float[] yPred = {0.05f, 0.95f, 0f, 0.1f, 0.8f, 0.1f};
        float[] grad = new float[6];
        double loss = new SparseCategoricalCrossentropy().compute(yPred, new float[] {1, 2}, null, 2, 3, grad);
        assertEquals(1.176939193690798, loss, TOL);
        assertArrayClose(new double[] {0.5, (1 - 1 / 0.95) / 2, 0.5, 0.5, 0.5, -4.5}, grad, 1e-6, "scce grad");
    }

    @Test
    void sparseCategoricalCrossentropyFromLogits() {
        float[] yPred = {1, 2, 3, 0, 0, 0};
        float[] grad = new float[6];
        double loss = new SparseCategoricalCrossentropy(true).compute(yPred, new float[] {2, 0}, null, 2, 3, grad);
        assertEquals(0.7531091265562451, loss, TOL);
        assertArrayClose(new double[] {0.0450153, 0.1223642, -0.1673795, -1.0 / 3, 1.0 / 6, 1.0 / 6}, grad, TOL,
                "scce logits grad");
    }

    @Test
    void namesAndTargetColumns() {
        assertEquals("mean_squared_error", new MeanSquaredError().name());
        assertEquals("mean_absolute_error", new MeanAbsoluteError().name());
        assertEquals("binary_crossentropy", new BinaryCrossentropy(true).name());
        assertEquals("categorical_crossentropy", new CategoricalCrossentropy().name());
        assertEquals("sparse_categorical_crossentropy", new SparseCategoricalCrossentropy().name());
        assertEquals(10, new CategoricalCrossentropy().targetColumns(10));
        assertEquals(1, new SparseCategoricalCrossentropy().targetColumns(10));
        assertEquals(3, new MeanSquaredError().targetColumns(3));
    }
}
