package dev.recurrent.loss;

import org.junit.jupiter.api.Test;

import static dev.recurrent.loss.LossTesting.assertAllFinite;
import static dev.recurrent.loss.LossTesting.assertArrayClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Logits of ±100 and probabilities of exactly 0 and 1 give a finite loss and gradient. */
class LossExtremesTest {
    /** −log(1e-7f), the most one clipped element can cost. */
    private static final double MAX_CLIPPED = -Math.log(Loss.EPSILON);

    @Test
    void binaryLogits() {
        float[] x = {100f, -100f, 100f, -100f};
        float[] z = {0f, 1f, 1f, 0f};
        float[] grad = new float[4];
        double loss = new BinaryCrossentropy(true).compute(x, z, null, 1, 4, grad);
        // elements: 100, 100, ~0, ~0 → mean 50
        assertEquals(50.0, loss, 1e-9);
        // (σ(x) − z) / 4: [1, −1, 0, 0] / 4
        assertArrayClose(new double[] {0.25, -0.25, 0, 0}, grad, 1e-12, "grad");
    }

    @Test
    void binaryProbabilities() {
        float[] p = {0f, 1f, 0f, 1f};
        float[] z = {1f, 0f, 0f, 1f};
        float[] grad = new float[4];
        double loss = new BinaryCrossentropy().compute(p, z, null, 1, 4, grad);
        // Clipped to [ε, 1 − ε] in float32: wrong at 0 costs −log ε = 16.118; wrong at 1 costs
        // −log(1 − 0.99999988f) = −log(1.1920929e-7) = 15.942; right and certain costs ~1e-7.
        double eps = Loss.EPSILON, top = Loss.ONE_MINUS_EPSILON;
        double expected = (-Math.log(eps) - Math.log(1 - top) - Math.log(1 - eps) - Math.log(top)) / 4;
        assertEquals(expected, loss, 1e-9);
        assertEquals((16.1180957 + 15.9423847) / 4, loss, 1e-6);
        // every input is outside [ε, 1 − ε]: the clip's gradient is 0
        assertArrayClose(new double[] {0, 0, 0, 0}, grad, 0, "grad");
    }

    @Test
    void clipBoundsAreKerasFloat32() {
        assertEquals(1e-7f, Loss.EPSILON);
        assertEquals(0.99999988f, Loss.ONE_MINUS_EPSILON);
        // a probability just inside the bound still has a gradient, one just outside has none
        float[] grad = new float[2];
        new BinaryCrossentropy().compute(new float[] {Loss.EPSILON, Math.nextDown(Loss.EPSILON)}, new float[] {1, 1},
                null, 1, 2, grad);
        assertTrue(grad[0] < -1e6, "gradient at ε: " + grad[0]);
        assertEquals(0f, grad[1]);
    }

    @Test
    void categoricalLogits() {
        float[] x = {100f, -100f, 0f, -100f, 100f, 100f};
        float[] t = {0f, 1f, 0f, 0f, 1f, 0f};
        float[] grad = new float[6];
        double loss = new CategoricalCrossentropy(true).compute(x, t, null, 2, 3, grad);
        // row 0: lse ≈ 100, l = 200; row 1: lse = 100 + log 2, l = log 2
        assertEquals((200 + Math.log(2)) / 2, loss, 1e-9);
        assertAllFinite(grad, "grad");
        assertArrayClose(new double[] {0.5, -0.5, 0, 0, -0.25, 0.25}, grad, 1e-12, "grad");

        float[] sparseGrad = new float[6];
        double sparse = new SparseCategoricalCrossentropy(true).compute(x, new float[] {1, 1}, null, 2, 3, sparseGrad);
        assertEquals(loss, sparse, 1e-9);
        assertArrayClose(new double[] {0.5, -0.5, 0, 0, -0.25, 0.25}, sparseGrad, 1e-12, "sparse grad");
    }

    @Test
    void categoricalProbabilities() {
        float[] p = {1f, 0f, 0f, 0f, 1f, 0f};
        float[] t = {0f, 1f, 0f, 0f, 1f, 0f};
        float[] grad = new float[6];
        double loss = new CategoricalCrossentropy().compute(p, t, null, 2, 3, grad);
        // row 0 is certain and wrong: −log ε; row 1 certain and right: −log(1 − ε)
        assertEquals((MAX_CLIPPED - Math.log(Loss.ONE_MINUS_EPSILON)) / 2, loss, 1e-6);
        // the target entries are outside the clip range, so no target lies inside: the gradient is 0
        assertArrayClose(new double[] {0, 0, 0, 0, 0, 0}, grad, 0, "grad");

        float[] sparseGrad = new float[6];
        double sparse = new SparseCategoricalCrossentropy().compute(p, new float[] {1, 1}, null, 2, 3, sparseGrad);
        assertEquals(loss, sparse, 1e-9);
        assertArrayClose(new double[] {0, 0, 0, 0, 0, 0}, sparseGrad, 0, "sparse grad");
    }

    @Test
    void fusedPathKeepsGrowingPastTheClip() {
        // With logits, the loss of a certain wrong answer is not capped at −log ε, and the gradient
        // still pushes (the clipped probability path has a zero gradient there).
        float[] grad = new float[2];
        double loss = new SparseCategoricalCrossentropy(true).compute(new float[] {50f, 0f}, new float[] {1}, null, 1, 2,
                grad);
        assertEquals(50.0, loss, 1e-9);
        assertTrue(loss > MAX_CLIPPED);
        assertArrayClose(new double[] {1, -1}, grad, 1e-12, "grad");
    }
}
