package dev.recurrent.model;

import dev.recurrent.kernels.KernelsProvider;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Parameter;
import dev.recurrent.loss.MeanSquaredError;
import dev.recurrent.optim.SGD;
import dev.recurrent.regularizers.Constraint;
import dev.recurrent.regularizers.Constraints;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keras' weight constraints against values worked out by hand, and applied by a model after each
 * optimizer update to the kernel, recurrent kernel and bias of recurrent and Dense layers.
 */
class ConstraintsTest {
    /** [[3, 0], [4, 1]]: column norms 5 and 1, row norms 3 and √17. */
    private static float[] kernel() {
        return new float[] {3, 0, 4, 1};
    }

    private static float[] applied(Constraint c, float[] w, int... shape) {
        c.apply(w, shape);
        return w;
    }

    @Test
    void eachConstraintByHand() {
        // max_norm(2): the first column (norm 5) is scaled to norm 2, the second (norm 1) kept
        assertArrayEquals(new float[] {1.2f, 0, 1.6f, 1}, applied(Constraints.maxNorm(), kernel(), 2, 2), 1e-6f);
        // unit_norm: every column to norm 1
        assertArrayEquals(new float[] {0.6f, 0, 0.8f, 1}, applied(Constraints.unitNorm(), kernel(), 2, 2), 1e-6f);
        // min_max_norm(0, 1, 1): column 1 to norm 1, column 2 already in [0, 1]
        assertArrayEquals(new float[] {0.6f, 0, 0.8f, 1}, applied(Constraints.minMaxNorm(), kernel(), 2, 2), 1e-6f);
        // min_max_norm(2, 3, rate 0.5): column 1 norm 5 → 0.5·3 + 0.5·5 = 4; column 2 norm 1 → 0.5·2 + 0.5·1 = 1.5
        assertArrayEquals(new float[] {2.4f, 0, 3.2f, 1.5f},
                applied(Constraints.minMaxNorm(2, 3, 0.5, 0), kernel(), 2, 2), 1e-6f);
        // non_neg
        assertArrayEquals(new float[] {0, 2, 0, 0.5f}, applied(Constraints.nonNeg(), new float[] {-1, 2, -0.1f, 0.5f}, 4), 0f);
        // axis 1 (and −1): the rows, norms 3 and √17
        float s = (float) Math.sqrt(17);
        assertArrayEquals(new float[] {1, 0, 4 / s, 1 / s}, applied(Constraints.unitNorm(1), kernel(), 2, 2), 1e-6f);
        assertArrayEquals(new float[] {2, 0, 8 / s, 2 / s}, applied(Constraints.maxNorm(2, -1), kernel(), 2, 2), 1e-6f);
        // a bias [2]: its whole norm
        assertArrayEquals(new float[] {1.2f, 1.6f}, applied(Constraints.maxNorm(), new float[] {3, 4}, 2), 1e-6f);
        // a GRU bias [2, 3]: the norms over its two rows
        assertArrayEquals(new float[] {0.6f, 1, 0, 0.8f, 0, 1},
                applied(Constraints.unitNorm(), new float[] {3, 2, 0, 4, 0, 5}, 2, 3), 1e-6f);
    }

    @Test
    void namesConfigsAndBadAxes() {
        assertEquals(Constraints.maxNorm(2, 0), Constraints.byName("max_norm"));
        assertEquals(Constraints.minMaxNorm(0, 1, 1, 0), Constraints.byName("MinMaxNorm"));
        assertEquals(Constraints.unitNorm(0), Constraints.byName("unit_norm"));
        assertEquals(Constraints.nonNeg(), Constraints.byName("non_neg"));
        Constraint c = Constraints.minMaxNorm(0.5, 2, 0.7, 1);
        assertEquals(c, Constraints.fromConfig(c.toConfig()));
        assertEquals(Constraints.maxNorm(3, 0),
                Constraints.fromConfig(Map.of("class_name", "MaxNorm", "config", Map.of("max_value", 3))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LSTM.builder(2).biasConstraint(Constraints.unitNorm(1)).build().build(3));
        assertEquals("lstm: the bias_constraint's axis 1 does not exist in bias of shape [8]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Constraints.byName("max"));
        assertTrue(e.getMessage().startsWith("expected a constraint name, one of [max_norm,"), e.getMessage());
    }

    @Test
    void appliedAfterEachOptimizerUpdate() {
        Sequential m = new Sequential().input(4, 3).seed(1)
                .add(LSTM.builder(3).kernelConstraint(Constraints.maxNorm(0.5, 0)).recurrentConstraint("non_neg")
                        .biasConstraint(Constraints.unitNorm()).returnSequences(true).build()
                        .withKernels(KernelsProvider.scalar()))
                .add(GRU.builder(2).resetAfter(true).biasConstraint("max_norm").build())
                .add(Dense.of(2).kernelConstraint(Constraints.minMaxNorm(1, 2, 1, 0)).biasConstraint(Constraints.nonNeg()));
        m.compile(new SGD(0.5), new MeanSquaredError());
        ModelDriver.randomizeWeights(m, new Random(4), 1.5);
        Random rnd = new Random(6);
        Tensor x = Tensor.of(ModelDriver.gaussian(rnd, 5 * 4 * 3), 5, 4, 3);
        Tensor y = Tensor.of(ModelDriver.gaussian(rnd, 5 * 2), 5, 2);
        List<float[]> before = m.getWeights();
        m.trainOnBatch(x, y);
        List<Parameter> params = m.parameters();
        for (int k = 0; k < params.size(); k++) {
            Parameter p = params.get(k);
            // what SGD makes of the weight, then the constraint (itself checked by hand above)
            float[] expected = before.get(k).clone();
            for (int i = 0; i < expected.length; i++) {
                expected[i] -= 0.5f * p.grad()[i];
            }
            if (p.constraint() != null) {
                p.constraint().apply(expected, p.shape());
            }
            assertArrayEquals(expected, p.value(), 1e-6f, p.toString());
        }
        float[] kernel = params.get(0).value();
        for (int col = 0; col < 12; col++) {
            double n = 0;
            for (int row = 0; row < 3; row++) {
                n += kernel[row * 12 + col] * kernel[row * 12 + col];
            }
            assertTrue(Math.sqrt(n) <= 0.5 + 1e-6, "kernel column " + col + " norm " + Math.sqrt(n));
        }
        for (float v : params.get(1).value()) {
            assertTrue(v >= 0, "recurrent kernel value " + v);
        }
        assertEquals(1.0, Math.sqrt(sumSquares(params.get(2).value())), 1e-6);
        for (float v : params.get(7).value()) {
            assertTrue(v >= 0, "Dense bias value " + v);
        }
    }

    private static double sumSquares(float[] v) {
        double s = 0;
        for (float f : v) {
            s += (double) f * f;
        }
        return s;
    }
}
