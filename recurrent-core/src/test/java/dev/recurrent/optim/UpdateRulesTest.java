package dev.recurrent.optim;

import dev.recurrent.layers.Parameter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first three updates of every optimizer variant equal Keras 3's update rule, written out
 * below in double arithmetic as plain, independent loops (the textbook form where it is
 * algebraically equal to Keras'). Gradients change each step and include a zero, tiny values (which
 * tell where ε sits) and a sign flip.
 *
 * <p>Tolerances: each weight within 1e-6 relative (absolute below magnitude 1); each total update
 * {@code w_t − w_0} within 1e-4 relative plus one float rounding of w per step. float32 rounding
 * explains up to ~2e-5 of the former, e.g. Adam's {@code 1 − 0.999f^t}; a formula difference, such
 * as ε outside instead of inside a square root, is far larger.
 */
class UpdateRulesTest {

    /** One step of a reference rule over all elements of all parameters, flattened. */
    interface Reference {
        void step(int t, double[] w, double[] g);
    }

    @Test
    void sgd() {
        double lr = 0.1;
        check(SGD.builder().learningRate(lr).build(), (t, w, g) -> {
            for (int j = 0; j < w.length; j++) {
                w[j] -= lr * g[j];
            }
        });
    }

    @Test
    void sgdDefaultLearningRate() {
        double lr = 0.01;
        check(new SGD(), (t, w, g) -> {
            for (int j = 0; j < w.length; j++) {
                w[j] -= lr * g[j];
            }
        });
    }

    @Test
    void sgdMomentum() {
        double lr = 0.1, mu = 0.9;
        double[] m = new double[10];
        check(SGD.builder().learningRate(lr).momentum(mu).build(), (t, w, g) -> {
            for (int j = 0; j < w.length; j++) {
                m[j] = mu * m[j] - lr * g[j];
                w[j] += m[j];
            }
        });
    }

    @Test
    void sgdNesterov() {
        double lr = 0.1, mu = 0.9;
        double[] m = new double[10];
        check(SGD.builder().learningRate(lr).momentum(mu).nesterov(true).build(), (t, w, g) -> {
            for (int j = 0; j < w.length; j++) {
                m[j] = mu * m[j] - lr * g[j];
                w[j] += mu * m[j] - lr * g[j];
            }
        });
    }

    @Test
    void rmsprop() {
        check(new RMSprop(), rmspropReference(0.001, 0.9, 0.0, 1e-7, false));
        check(RMSprop.builder().learningRate(0.01).rho(0.8).build(), rmspropReference(0.01, 0.8, 0.0, 1e-7, false));
    }

    @Test
    void rmspropMomentum() {
        check(RMSprop.builder().learningRate(0.01).momentum(0.5).build(),
                rmspropReference(0.01, 0.9, 0.5, 1e-7, false));
    }

    @Test
    void rmspropCentered() {
        check(RMSprop.builder().learningRate(0.01).centered(true).build(),
                rmspropReference(0.01, 0.9, 0.0, 1e-7, true));
    }

    @Test
    void rmspropCenteredWithMomentum() {
        check(RMSprop.builder().learningRate(0.01).centered(true).momentum(0.3).epsilon(1e-6).build(),
                rmspropReference(0.01, 0.9, 0.3, 1e-6, true));
    }

    private static Reference rmspropReference(double lr, double rho, double mu, double eps, boolean centered) {
        double[] v = new double[10];
        double[] a = new double[10];
        double[] mom = new double[10];
        return (t, w, g) -> {
            for (int j = 0; j < w.length; j++) {
                v[j] = rho * v[j] + (1 - rho) * g[j] * g[j];
                double d;
                if (centered) {
                    a[j] = rho * a[j] + (1 - rho) * g[j];
                    d = v[j] - a[j] * a[j] + eps;
                } else {
                    d = v[j] + eps;
                }
                double inc = lr * g[j] / Math.sqrt(d);
                if (mu > 0) {
                    mom[j] = mu * mom[j] + inc;
                    w[j] -= mom[j];
                } else {
                    w[j] -= inc;
                }
            }
        };
    }

    @Test
    void adam() {
        check(new Adam(), adamReference(0.001, 0.9, 0.999, 1e-7, false, 0));
        check(Adam.builder().learningRate(0.01).beta1(0.8).beta2(0.99).epsilon(1e-5).build(),
                adamReference(0.01, 0.8, 0.99, 1e-5, false, 0));
    }

    @Test
    void adamAmsgrad() {
        check(Adam.builder().learningRate(0.01).amsgrad(true).build(),
                adamReference(0.01, 0.9, 0.999, 1e-7, true, 0));
    }

    @Test
    void adamW() {
        check(new AdamW(), adamReference(0.001, 0.9, 0.999, 1e-7, false, 0.004));
        check(AdamW.builder().learningRate(0.01).weightDecay(0.1).build(),
                adamReference(0.01, 0.9, 0.999, 1e-7, false, 0.1));
        check(AdamW.builder().learningRate(0.01).weightDecay(0.1).amsgrad(true).build(),
                adamReference(0.01, 0.9, 0.999, 1e-7, true, 0.1));
    }

    @Test
    void weightDecayOnAnotherOptimizer() {
        double lr = 0.1, wd = 0.5;
        check(SGD.builder().learningRate(lr).weightDecay(wd).build(), (t, w, g) -> {
            for (int j = 0; j < w.length; j++) {
                w[j] -= w[j] * wd * lr;
                w[j] -= lr * g[j];
            }
        });
    }

    /** Keras' Adam: alpha = lr·sqrt(1−β2^t)/(1−β1^t); w −= alpha·m/(sqrt(v)+ε); AdamW decays w first. */
    private static Reference adamReference(double lr, double b1, double b2, double eps, boolean amsgrad, double wd) {
        double[] m = new double[10];
        double[] v = new double[10];
        double[] vHat = new double[10];
        return (t, w, g) -> {
            int step = t + 1;
            double alpha = lr * Math.sqrt(1 - Math.pow(b2, step)) / (1 - Math.pow(b1, step));
            for (int j = 0; j < w.length; j++) {
                w[j] -= w[j] * wd * lr;
                m[j] = b1 * m[j] + (1 - b1) * g[j];
                v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j];
                vHat[j] = Math.max(vHat[j], v[j]);
                double denominator = Math.sqrt(amsgrad ? vHat[j] : v[j]) + eps;
                w[j] -= alpha * m[j] / denominator;
            }
        };
    }

    @Test
    void adagrad() {
        check(new Adagrad(), adagradReference(0.001, 0.1, 1e-7));
        check(Adagrad.builder().learningRate(0.1).initialAccumulatorValue(0.01).epsilon(1e-6).build(),
                adagradReference(0.1, 0.01, 1e-6));
    }

    private static Reference adagradReference(double lr, double init, double eps) {
        double[] acc = new double[10];
        java.util.Arrays.fill(acc, init);
        return (t, w, g) -> {
            for (int j = 0; j < w.length; j++) {
                acc[j] += g[j] * g[j];
                w[j] -= lr * g[j] / Math.sqrt(acc[j] + eps);
            }
        };
    }

    /** A schedule is evaluated at the iteration count before each update. */
    @Test
    void scheduleDrivesTheLearningRate() {
        ExponentialDecay schedule = new ExponentialDecay(0.1, 1, 0.5);
        check(SGD.builder().learningRate(schedule).build(), (t, w, g) -> {
            double lr = 0.1 * Math.pow(0.5, t);
            for (int j = 0; j < w.length; j++) {
                w[j] -= lr * g[j];
            }
        });
    }

    static void check(Optimizer optimizer, Reference reference) {
        List<Parameter> ps = Params.standard();
        double[] w0 = Params.flatten(Params.W0);
        double[] w = w0.clone();
        for (int t = 0; t < 3; t++) {
            float[][] g = Params.gradients(t);
            Params.setGradients(ps, g);
            optimizer.step(ps);
            reference.step(t, w, Params.flatten(g));
            double[] actual = Params.flatten(Params.values(ps));
            for (int j = 0; j < w.length; j++) {
                String where = optimizer + ", step " + (t + 1) + ", element " + j;
                assertEquals(w[j], actual[j], 1e-6 * Math.max(1, Math.abs(w[j])), where);
                double expectedDelta = w[j] - w0[j];
                double actualDelta = actual[j] - w0[j];
                // each step rounds w to float once: allow those roundings on top
                double ulps = (t + 1) * Math.ulp((float) Math.max(Math.abs(w[j]), Math.abs(w0[j])));
                assertEquals(expectedDelta, actualDelta, 1e-4 * Math.abs(expectedDelta) + ulps,
                        where + ": update");
            }
        }
        assertEquals(3, optimizer.iterations());
        assertTrue(optimizer.isBuilt());
    }
}
