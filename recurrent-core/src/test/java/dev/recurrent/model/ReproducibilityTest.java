package dev.recurrent.model;

import dev.recurrent.tensor.Tensor;
import dev.recurrent.kernels.KernelsProvider;
import dev.recurrent.kernels.Parallel;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Dropout;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.loss.SparseCategoricalCrossentropy;
import dev.recurrent.optim.Adam;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Same seed, same thread count: the same weights after training, bit for bit, with shuffling,
 * Dropout and LSTM input and recurrent dropout all drawing random numbers. (The thread count is
 * fixed for the JVM: {@code recurrent.threads}; this JVM runs with {@link Parallel#threads()}.)
 *
 * <p>The recurrent layers here run the scalar kernels: the Vector API kernels' tanh and exp
 * ({@code VectorOperators.TANH/EXP}) give other bits once C2 compiles them to SVML stubs than in
 * the interpreted fallback, so with them a run's result depends on JIT timing; see
 * {@link #defaultKernelsAreReproducibleAfterWarmUp}.
 */
class ReproducibilityTest {

    static <L extends Recurrent> L scalar(L layer) {
        layer.withKernels(KernelsProvider.scalar());
        return layer;
    }

    static Bidirectional scalar(Bidirectional layer) {
        layer.forwardLayer().withKernels(KernelsProvider.scalar());
        layer.backwardLayer().withKernels(KernelsProvider.scalar());
        return layer;
    }

    static Tensor[] data(int n, int steps, int features, int classes, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[n * steps * features], y = new float[n * classes];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            y[i * classes + rnd.nextInt(classes)] = 1f;
        }
        return new Tensor[] {Tensor.of(x, n, steps, features), Tensor.of(y, n, classes)};
    }

    static Sequential model(long seed) {
        return new Sequential().input(6, 3).seed(seed)
                .add(scalar(LSTM.builder(16).returnSequences(true).dropout(0.2f).recurrentDropout(0.2f).build()))
                .add(new Dropout(0.3f))
                .add(scalar(LSTM.builder(8).dropout(0.1f).build()))
                .add(Dense.of(3, "softmax"))
                .compile(new Adam(0.01), new CategoricalCrossentropy(), "accuracy");
    }

    static FitOptions options() {
        return FitOptions.defaults().epochs(3).batchSize(8).shuffle(true).validationSplit(0.2);
    }

    static void assertSameWeights(Sequential a, Sequential b) {
        List<float[]> wa = a.getWeights(), wb = b.getWeights();
        assertEquals(wa.size(), wb.size());
        for (int i = 0; i < wa.size(); i++) {
            assertArrayEquals(wa.get(i), wb.get(i), "weight " + i + " (" + a.parameters().get(i) + ") differs");
        }
    }

    static boolean sameWeights(Sequential a, Sequential b) {
        List<float[]> wa = a.getWeights(), wb = b.getWeights();
        for (int i = 0; i < wa.size(); i++) {
            if (!Arrays.equals(wa.get(i), wb.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void sameSeedSameWeightsAndHistoryBitForBit() {
        Tensor[] d = data(45, 6, 3, 3, 1);
        Sequential a = model(5), b = model(5);
        assertSameWeights(a, b);
        History ha = a.fit(d[0], d[1], options());
        History hb = b.fit(d[0], d[1], options());
        assertSameWeights(a, b);
        for (String k : ha.keys()) {
            assertEquals(ha.get(k), hb.get(k), k);
        }
        assertFalse(sameWeights(a, model(5)), "training changed the weights");
        assertArrayEquals(a.predict(d[0], 7).data(), b.predict(d[0], 7).data());
    }

    @Test
    void dropoutAndShuffleDrawFromTheSeed() {
        Tensor[] d = data(45, 6, 3, 3, 2);
        Sequential a = model(5), b = model(5);
        // c starts from a's weights, but its generators are seed 6's
        Sequential c = model(6);
        c.setWeights(a.getWeights());
        a.fit(d[0], d[1], options());
        c.fit(d[0], d[1], options());
        assertFalse(sameWeights(a, c), "same initial weights, other seed: other shuffles and dropout masks");
        b.fit(d[0], d[1], options());
        assertSameWeights(a, b);
    }

    @Test
    void differentSeedDifferentWeights() {
        Sequential a = model(5), b = model(6);
        assertFalse(sameWeights(a, b), "initial weights");
        Tensor[] d = data(45, 6, 3, 3, 3);
        a.fit(d[0], d[1], options());
        b.fit(d[0], d[1], options());
        assertFalse(sameWeights(a, b), "after training");
    }

    @Test
    void predictAndEvaluateAreDeterministic() {
        Tensor[] d = data(20, 6, 3, 3, 4);
        Sequential m = model(7);
        m.fit(d[0], d[1], FitOptions.defaults().epochs(1).batchSize(8));
        float[] p1 = m.predict(d[0], 8).data().clone();
        float[] p2 = m.predict(d[0], 8).data().clone();
        assertArrayEquals(p1, p2, "dropout is off at inference");
        assertEquals(m.evaluate(d[0], d[1], 8), m.evaluate(d[0], d[1], 8));
        List<float[]> before = m.getWeights();
        m.predict(d[0], 8);
        m.evaluate(d[0], d[1], 8);
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), m.getWeights().get(i), "predict and evaluate leave weight " + i);
        }
    }

    /** A batch large enough that the time loop's gate math is split across the threads (B·4H ≥ 2^14). */
    @Test
    void parallelTimeStepsAreReproducible() {
        Tensor[] d = data(64, 5, 8, 4, 5);
        List<Sequential> models = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Sequential m = new Sequential().input(5, 8).seed(9)
                    .add(scalar(LSTM.builder(64).returnSequences(true).dropout(0.1f).build()))
                    .add(scalar(new Bidirectional(GRU.of(32))))
                    .add(Dense.of(4, "softmax"))
                    .compile(new Adam(), new CategoricalCrossentropy());
            m.fit(d[0], d[1], FitOptions.defaults().epochs(2).batchSize(64));
            models.add(m);
        }
        assertSameWeights(models.get(0), models.get(1));
        assertTrue(Parallel.threads() >= 1);
    }

    /**
     * The same training four times in one JVM with the default kernels: the later runs run
     * JIT-compiled code, and must still give the first run's bits.
     */
    @Test
    void defaultKernelsAreReproducibleAfterWarmUp() {
        Tensor[] d = data(45, 6, 3, 3, 6);
        List<float[]> first = null;
        for (int run = 0; run < 4; run++) {
            Sequential m = new Sequential().input(6, 3).seed(5)
                    .add(LSTM.builder(16).returnSequences(true).dropout(0.2f).build())
                    .add(GRU.of(8))
                    .add(Dense.of(3, "softmax"))
                    .compile(new Adam(0.01), new CategoricalCrossentropy(), "accuracy");
            m.fit(d[0], d[1], options().epochs(4));
            if (first == null) {
                first = m.getWeights();
                continue;
            }
            List<float[]> w = m.getWeights();
            for (int i = 0; i < w.size(); i++) {
                assertArrayEquals(first.get(i), w.get(i), "run " + run + ", weight " + i + " (kernels "
                        + KernelsProvider.get().name() + ")");
            }
        }
    }

    /** Every layer's weights come from its own stream: no two kernels are drawn from the same numbers. */
    @Test
    void layersDrawIndependentInitialWeights() {
        Sequential m = new Sequential().input(5, 4).seed(3)
                .add(new Bidirectional(GRU.builder(4).returnSequences(true).build()))
                .add(LSTM.builder(4).returnSequences(true).build())
                .add(LSTM.of(4))
                .add(Dense.of(4, "softmax"))
                .compile(new Adam(), new SparseCategoricalCrossentropy());
        List<Parameter> kernels = new ArrayList<>();
        for (Parameter p : m.parameters()) {
            if (p.name().equals("kernel")) {
                kernels.add(p);
            }
        }
        assertEquals(5, kernels.size());
        for (int i = 0; i < kernels.size(); i++) {
            for (int j = i + 1; j < kernels.size(); j++) {
                double r = correlationOfFirst(kernels.get(i).value(), kernels.get(j).value(), 12);
                assertTrue(Math.abs(r) < 0.99, "kernels " + i + " and " + j + " start from the same random numbers"
                        + " (correlation " + r + " over their first 12 values)");
            }
        }
        assertNotEquals(0f, kernels.get(0).value()[0]);
    }

    static double correlationOfFirst(float[] a, float[] b, int n) {
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
