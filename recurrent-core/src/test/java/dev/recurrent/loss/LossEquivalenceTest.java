package dev.recurrent.loss;

import org.junit.jupiter.api.Test;

import static dev.recurrent.loss.LossTesting.assertArrayClose;
import static dev.recurrent.loss.LossTesting.sigmoid;
import static dev.recurrent.loss.LossTesting.softmax;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * From logits against from probabilities (the sigmoid or softmax applied by hand), sparse against
 * one-hot, and the fused softmax path against backpropagating through the softmax.
 */
class LossEquivalenceTest {
    private static final int ROWS = 3, COLS = 4;
    private static final float[] LOGITS = {0.3f, -1.2f, 2.0f, 0.7f, -0.4f, 0.1f, 1.5f, -2.5f, 3.0f, 0.0f, -1.0f, 0.5f};
    private static final float[] ONE_HOT = {0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1};
    private static final float[] CLASSES = {2, 0, 3};
    private static final float[] MASK = {1, 0, 1};

    @Test
    void binaryFromLogitsMatchesFromProbabilities() {
        float[] probs = new float[LOGITS.length];
        for (int i = 0; i < probs.length; i++) {
            probs[i] = (float) sigmoid(LOGITS[i]);
        }
        float[] yTrue = {0, 1, 1, 0, 1, 0, 1, 0, 1, 1, 0, 0};
        float[] gradLogits = new float[LOGITS.length];
        float[] gradProbs = new float[LOGITS.length];
        double fromLogits = new BinaryCrossentropy(true).compute(LOGITS, yTrue, MASK, ROWS, COLS, gradLogits);
        double fromProbs = new BinaryCrossentropy(false).compute(probs, yTrue, MASK, ROWS, COLS, gradProbs);
        assertEquals(fromLogits, fromProbs, 1e-6);
        // chain rule through the sigmoid: dL/dx = dL/dp · p(1 − p)
        float[] chained = new float[LOGITS.length];
        for (int i = 0; i < chained.length; i++) {
            chained[i] = gradProbs[i] * probs[i] * (1 - probs[i]);
        }
        LossTesting.assertArrayClose(chained, gradLogits, 1e-6, 1e-4, "binary dL/dlogits");
    }

    /** dL/dz = s ⊙ (g − Σ s·g), the softmax backward of the gradient g with respect to s. */
    private static float[] softmaxBackward(float[] s, float[] g) {
        float[] dz = new float[s.length];
        for (int i = 0; i < ROWS; i++) {
            double dot = 0;
            for (int j = 0; j < COLS; j++) {
                dot += (double) s[i * COLS + j] * g[i * COLS + j];
            }
            for (int j = 0; j < COLS; j++) {
                dz[i * COLS + j] = (float) (s[i * COLS + j] * (g[i * COLS + j] - dot));
            }
        }
        return dz;
    }

    @Test
    void categoricalFromLogitsMatchesFromProbabilities() {
        float[] probs = softmax(LOGITS, ROWS, COLS);
        float[] gradLogits = new float[LOGITS.length];
        float[] gradProbs = new float[LOGITS.length];
        double fromLogits = new CategoricalCrossentropy(true).compute(LOGITS, ONE_HOT, MASK, ROWS, COLS, gradLogits);
        double fromProbs = new CategoricalCrossentropy(false).compute(probs, ONE_HOT, MASK, ROWS, COLS, gradProbs);
        assertEquals(fromLogits, fromProbs, 1e-6);
        LossTesting.assertArrayClose(softmaxBackward(probs, gradProbs), gradLogits, 1e-6, 1e-4,
                "categorical dL/dlogits");
    }

    @Test
    void sparseMatchesOneHot() {
        float[] probs = softmax(LOGITS, ROWS, COLS);
        for (boolean fromLogits : new boolean[] {false, true}) {
            float[] x = fromLogits ? LOGITS : probs;
            float[] gradSparse = new float[x.length];
            float[] gradDense = new float[x.length];
            double sparse = new SparseCategoricalCrossentropy(fromLogits).compute(x, CLASSES, MASK, ROWS, COLS, gradSparse);
            double dense = new CategoricalCrossentropy(fromLogits).compute(x, ONE_HOT, MASK, ROWS, COLS, gradDense);
            assertEquals(dense, sparse, 1e-9, "fromLogits=" + fromLogits);
            LossTesting.assertArrayClose(gradDense, gradSparse, 1e-7, 1e-6, "fromLogits=" + fromLogits);
        }
    }

    @Test
    void fusedSoftmaxPathEqualsBackpropThroughSoftmax() {
        Loss onProbs = new CategoricalCrossentropy();
        assertTrue(SoftmaxCrossEntropy.canFuse(onProbs));
        Loss fused = SoftmaxCrossEntropy.onLogits(onProbs);
        assertInstanceOf(CategoricalCrossentropy.class, fused);
        assertTrue(((CategoricalCrossentropy) fused).fromLogits());
        assertEquals(onProbs.name(), fused.name());

        float[] probs = new float[LOGITS.length];
        SoftmaxCrossEntropy.softmax(LOGITS, probs, ROWS, COLS);
        LossTesting.assertArrayClose(softmax(LOGITS, ROWS, COLS), probs, 1e-7, 1e-6, "softmax");

        float[] gradProbs = new float[LOGITS.length];
        float[] dz = new float[LOGITS.length];
        double unfused = onProbs.compute(probs, ONE_HOT, MASK, ROWS, COLS, gradProbs);
        double fusedLoss = fused.compute(LOGITS, ONE_HOT, MASK, ROWS, COLS, dz);
        assertEquals(unfused, fusedLoss, 1e-6);
        LossTesting.assertArrayClose(softmaxBackward(probs, gradProbs), dz, 1e-6, 1e-4, "fused dL/dz");
        // and the fused gradient is (softmax − t)·w_i/Σw: row 0 and 2 unmasked, Σw = 2
        float[] expected = new float[LOGITS.length];
        for (int i = 0; i < LOGITS.length; i++) {
            int row = i / COLS;
            expected[i] = MASK[row] * (probs[i] - ONE_HOT[i]) / 2f;
        }
        LossTesting.assertArrayClose(expected, dz, 1e-7, 1e-5, "softmax − t");
    }

    @Test
    void fusedSparsePath() {
        Loss fused = SoftmaxCrossEntropy.onLogits(new SparseCategoricalCrossentropy());
        assertInstanceOf(SparseCategoricalCrossentropy.class, fused);
        assertTrue(((SparseCategoricalCrossentropy) fused).fromLogits());
    }

    @Test
    void onlyCategoricalOnProbabilitiesFuses() {
        assertFalse(SoftmaxCrossEntropy.canFuse(new CategoricalCrossentropy(true)));
        assertFalse(SoftmaxCrossEntropy.canFuse(new SparseCategoricalCrossentropy(true)));
        assertFalse(SoftmaxCrossEntropy.canFuse(new BinaryCrossentropy()));
        assertFalse(SoftmaxCrossEntropy.canFuse(new MeanSquaredError()));
        var e = assertThrows(IllegalArgumentException.class, () -> SoftmaxCrossEntropy.onLogits(new MeanSquaredError()));
        assertTrue(e.getMessage().startsWith("mean_squared_error: no fused softmax path"), e.getMessage());
    }

    @Test
    void softmaxRowsSumToOneInPlace() {
        float[] x = {1000f, 1001f, -1000f, 0f, 0f, 0f};
        SoftmaxCrossEntropy.softmax(x, x, 2, 3);
        assertArrayClose(new double[] {1 / (1 + Math.E), Math.E / (1 + Math.E), 0, 1.0 / 3, 1.0 / 3, 1.0 / 3}, x, 1e-7,
                "softmax");
    }
}
