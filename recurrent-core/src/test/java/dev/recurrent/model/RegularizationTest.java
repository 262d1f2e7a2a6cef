package dev.recurrent.model;

import dev.recurrent.kernels.KernelsProvider;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.Shape;
import dev.recurrent.loss.MeanSquaredError;
import dev.recurrent.optim.SGD;
import dev.recurrent.regularizers.Regularizer;
import dev.recurrent.regularizers.Regularizers;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regularizers as Keras has them: the penalties' values and gradients, their defaults by name, and
 * in a model: added to the training loss, to the history's {@code loss} and {@code val_loss}, and
 * to the gradient (finite differences of the evaluated loss against one SGD step of fit).
 */
class RegularizationTest {
    private static final int B = 4, T = 5, F = 3;

    @Test
    void penaltiesAndGradientsByHand() {
        float[] w = {1, -2, 0};
        assertEquals(0.3, Regularizers.l1(0.1).penalty(w, 0, 3), 1e-12);
        assertEquals(2.5, Regularizers.l2(0.5).penalty(w, 0, 3), 1e-12);
        assertEquals(2.8, Regularizers.l1L2(0.1, 0.5).penalty(w, 0, 3), 1e-12);
        float[] g = new float[3];
        Regularizers.l1L2(0.1, 0.5).addGradient(w, 0, 3, 1, g, 0);
        assertArrayEquals(new float[] {1.1f, -2.1f, 0f}, g, 1e-6f);
    }

    @Test
    void namesTakeKerasDefaults() {
        assertEquals(new Regularizer("L1", 0.01, 0), Regularizers.byName("l1"));
        assertEquals(new Regularizer("L2", 0, 0.01), Regularizers.byName("l2"));
        assertEquals(new Regularizer("L1L2", 0.01, 0.01), Regularizers.byName("l1_l2"));
        // the class L1L2 defaults to no penalty where a factor is left out
        assertEquals(new Regularizer("L1L2", 0, 0.1),
                Regularizers.fromConfig(Map.of("class_name", "L1L2", "config", Map.of("l2", 0.1))));
        assertEquals(Regularizers.l2(0.2), Regularizers.fromConfig(Regularizers.l2(0.2).toConfig()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Regularizers.byName("l3"));
        assertEquals("expected a regularizer name, one of [l1, l2, l1_l2], got 'l3'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Regularizers.l1(-1));
    }

    /** The example of Keras' Regularizer docstring: kernel L1(0.01) 0.25, activity L2(0.01) 25.0 / batch 5. */
    @Test
    void kerasDocstringExample() {
        Dense dense = Dense.of(5).kernelRegularizer(Regularizers.l1(0.01)).activityRegularizer(Regularizers.l2(0.01));
        dense.build(Shape.of(5), 0);
        Arrays.fill(dense.parameters().get(0).value(), 1f);
        float[] x = new float[25];
        Arrays.fill(x, 2f);
        dense.forward(x, 5, null, false);
        assertEquals(0.25, dense.parameters().get(0).penalty(), 1e-6);
        assertEquals(5.0, dense.activityLoss(), 1e-5);
    }

    private static Sequential model() {
        Sequential m = new Sequential().input(T, F).seed(2)
                .add(LSTM.builder(3).kernelRegularizer(Regularizers.l2(0.05)).recurrentRegularizer(Regularizers.l1(0.02))
                        .biasRegularizer(Regularizers.l1L2(0.01, 0.03)).activityRegularizer(Regularizers.l2(0.1)).build()
                        .withKernels(KernelsProvider.scalar()))
                .add(Dense.of(2, "tanh").kernelRegularizer(Regularizers.l1(0.03)).biasRegularizer(Regularizers.l2())
                        .activityRegularizer(Regularizers.l1(0.05)));
        m.compile(new SGD(0.1), new MeanSquaredError());
        ModelDriver.randomizeWeights(m, new Random(8), 0.6);
        return m;
    }

    /** The loss written out by hand: mean squared error + every penalty, the activity ones over the batch. */
    private static double byHand(Sequential m, float[] x, float[] y) {
        LSTM lstm = (LSTM) m.layers().get(0);
        float[] h = lstm.forward(x, B, T, F).clone();
        float[] out = m.predict(Tensor.of(x, B, T, F), B).data();
        double mse = 0;
        for (int i = 0; i < out.length; i++) {
            mse += (out[i] - y[i]) * (double) (out[i] - y[i]);
        }
        mse /= out.length;
        List<Parameter> p = m.parameters();
        double penalty = 0.05 * sum(p.get(0).value(), 2) + 0.02 * sum(p.get(1).value(), 1)
                + 0.01 * sum(p.get(2).value(), 1) + 0.03 * sum(p.get(2).value(), 2)
                + 0.03 * sum(p.get(3).value(), 1) + 0.01 * sum(p.get(4).value(), 2);
        double activity = 0.1 * sum(h, 2) / B + 0.05 * sum(out, 1) / B;
        return mse + penalty + activity;
    }

    private static double sum(float[] v, int power) {
        double s = 0;
        for (float f : v) {
            s += power == 1 ? Math.abs(f) : (double) f * f;
        }
        return s;
    }

    @Test
    void historyLossValidationLossAndGradientIncludeThePenalties() {
        Random rnd = new Random(3);
        float[] x = ModelDriver.gaussian(rnd, B * T * F), y = ModelDriver.gaussian(rnd, B * 2);
        Tensor tx = Tensor.of(x, B, T, F), ty = Tensor.of(y, B, 2);
        Sequential m = model();
        List<float[]> before = m.getWeights();
        double expectedBefore = byHand(m, x, y);
        assertEquals(expectedBefore, m.evaluate(tx, ty, B).get("loss"), 1e-5 * expectedBefore);
        double dataOnly = m.evaluate(tx, ty, B).get("loss") - Regularization.penalty(m.layers(), m.parameters());
        assertTrue(expectedBefore - dataOnly > 0.05, "the penalties are a visible part of the loss");

        History h = m.fit(tx, ty, FitOptions.defaults().epochs(1).batchSize(B).shuffle(false).validationData(tx, ty));
        assertEquals(expectedBefore, h.get("loss").get(0), 1e-5 * expectedBefore);
        double expectedAfter = byHand(m, x, y);
        assertEquals(expectedAfter, h.get("val_loss").get(0), 1e-5 * expectedAfter);

        // one SGD step moved each weight by −lr·g; g must be the gradient of the whole (penalized) loss
        List<float[]> after = m.getWeights();
        m.setWeights(before);
        List<String> bad = new ArrayList<>();
        for (int k = 0; k < before.size(); k++) {
            float[] g = new float[before.get(k).length];
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) ((before.get(k)[i] - (double) after.get(k)[i]) / 0.1);
            }
            bad.addAll(ModelDriver.check(m.parameters().get(k).toString(), m.parameters().get(k).value(), g,
                    () -> m.evaluate(tx, ty, B).get("loss")));
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }
}
