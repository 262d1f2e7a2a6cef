package dev.recurrent.model;

import dev.recurrent.tensor.Tensor;
import dev.recurrent.kernels.KernelsProvider;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.RepeatVector;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.loss.BinaryCrossentropy;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.loss.Loss;
import dev.recurrent.loss.MeanSquaredError;
import dev.recurrent.loss.SparseCategoricalCrossentropy;
import dev.recurrent.optim.SGD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;

import static dev.recurrent.model.ModelDriver.gaussian;
import static dev.recurrent.model.ModelDriver.oneHot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite-difference checks of a whole model's gradient (every parameter, and the input where it
 * is a real number), with the layers driven as {@code Sequential.trainStep} drives them, fused
 * logits path included; and a check that one {@code fit} step with SGD moves every weight by
 * exactly {@code −lr·g} for that gradient.
 */
class ModelGradientTest {

    /** A model, its data and its loss, ready to check. */
    record Case(String label, Sequential model, Loss loss, float[] x, int batch, boolean[] mask, float[] y,
                boolean inputGradient) {
    }

    // ------------------------------------------------------------------ the models

    /** Token ids [4, 5] over a vocabulary of 6, zero-padded: before, a hole, after, all but one step. */
    static final float[] IDS = {
            0, 0, 2, 3, 1,
            4, 5, 1, 2, 3,
            0, 0, 0, 0, 5,
            3, 0, 2, 0, 0};

    static LSTM scalarLstm(int units, boolean sequences) {
        return (LSTM) LSTM.builder(units).returnSequences(sequences).build().withKernels(KernelsProvider.scalar());
    }

    /** (a) Embedding(maskZero) → LSTM → Dense(sigmoid), binary cross-entropy. */
    static Case imdbLike() {
        Sequential m = new Sequential().input(5).seed(3)
                .add(new Embedding(6, 3, true))
                .add(scalarLstm(3, false))
                .add(Dense.of(1, "sigmoid"));
        ModelDriver.randomizeWeights(m, new Random(11), 0.6);
        return new Case("Embedding(maskZero) → LSTM → Dense(sigmoid)", m, new BinaryCrossentropy(), IDS.clone(), 4, null,
                new float[] {1, 0, 1, 0}, false);
    }

    /** (a, per step) Embedding(maskZero) → LSTM(sequences) → TimeDistributed(Dense(softmax)); padded steps' targets out of range. */
    static Case maskedSequenceOutput() {
        Sequential m = new Sequential().input(5).seed(4)
                .add(new Embedding(6, 3, true))
                .add(scalarLstm(3, true))
                .add(new TimeDistributed(Dense.of(3, "softmax")));
        ModelDriver.randomizeWeights(m, new Random(12), 0.6);
        Random rnd = new Random(5);
        float[] y = new float[IDS.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = IDS[i] == 0 ? 99 : rnd.nextInt(3);   // never read where the mask is off
        }
        return new Case("Embedding(maskZero) → LSTM(sequences) → TimeDistributed(Dense(softmax)), masked loss", m,
                new SparseCategoricalCrossentropy(), IDS.clone(), 4, null, y, false);
    }

    /** (b) Bidirectional(GRU(3, sequences), merge) → Dense(2), mean squared error; optionally masked. */
    static Case bidirectional(Bidirectional.Merge merge, boolean masked) {
        GRU gru = GRU.builder(3).returnSequences(true).build();
        Bidirectional bi = new Bidirectional(gru, merge);
        bi.forwardLayer().withKernels(KernelsProvider.scalar());
        bi.backwardLayer().withKernels(KernelsProvider.scalar());
        Sequential m = new Sequential().input(4, 3).seed(5).add(bi).add(Dense.of(2));
        ModelDriver.randomizeWeights(m, new Random(13 + merge.ordinal()), 0.6);
        Random rnd = new Random(6);
        boolean[] mask = null;
        if (masked) {
            // sample 0 whole, sample 1 padded at the end
            mask = new boolean[] {true, true, true, true, true, true, false, false};
        }
        return new Case("Bidirectional(GRU, " + merge + ")" + (masked ? ", masked input" : "") + " → Dense", m,
                new MeanSquaredError(), gaussian(rnd, 2 * 4 * 3), 2, mask, gaussian(rnd, 2 * 4 * 2), true);
    }

    /** (c) the addition encoder-decoder: LSTM(8) → RepeatVector(4) → LSTM(8, sequences) → TimeDistributed(Dense(12, softmax)). */
    static Case addition() {
        Sequential m = new Sequential().input(7, 12).seed(6)
                .add(scalarLstm(8, false))
                .add(new RepeatVector(4))
                .add(scalarLstm(8, true))
                .add(new TimeDistributed(Dense.of(12, "softmax")));
        ModelDriver.randomizeWeights(m, new Random(14), 0.4);
        Random rnd = new Random(7);
        return new Case("addition encoder-decoder", m, new CategoricalCrossentropy(), oneHot(rnd, 3 * 7, 12), 3, null,
                oneHot(rnd, 3 * 4, 12), true);
    }

    // ------------------------------------------------------------------ the checks

    /** Checks every parameter (and the input) of {@code c} against central differences; returns the driver. */
    static ModelDriver assertGradients(Case c, boolean fuse) {
        ModelDriver d = new ModelDriver(c.model(), c.loss(), fuse);
        DoubleSupplier loss = () -> d.forwardLoss(c.x(), c.batch(), c.mask(), c.y());
        loss.getAsDouble();
        float[] dx = d.backward();
        List<String> bad = new ArrayList<>(), weak = new ArrayList<>();
        for (Layer l : d.layers) {
            for (Parameter p : l.parameters()) {
                float[] g = p.grad().clone();
                String what = l.name() + "." + p.name();
                bad.addAll(ModelDriver.check(what, p.value(), g, loss));
                if (maxAbs(g) < SIGNAL) {
                    weak.add(what + " (max |g| " + maxAbs(g) + ")");
                }
            }
        }
        if (c.inputGradient()) {
            bad.addAll(ModelDriver.check("x", c.x(), dx, loss));
            if (maxAbs(dx) < SIGNAL) {
                weak.add("x (max |g| " + maxAbs(dx) + ")");
            }
        }
        assertTrue(bad.isEmpty(), c.label() + (fuse ? " (fused logits)" : " (on probabilities)") + ": " + bad.size()
                + " gradient(s) off:\n" + String.join("\n", bad));
        assertTrue(weak.isEmpty(), c.label() + ": almost no gradient, so the check would be vacuous: " + weak);
        return d;
    }

    /** Every checked gradient must reach this somewhere, well above the absolute tolerance. */
    static final double SIGNAL = 20 * ModelDriver.ABS_TOL;

    static double maxAbs(float[] v) {
        double m = 0;
        for (float f : v) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }

    @ParameterizedTest(name = "fused = {0}")
    @ValueSource(booleans = {true, false})
    void embeddingLstmSigmoidWithPadding(boolean fuse) {
        Case c = imdbLike();
        ModelDriver d = assertGradients(c, fuse);
        assertEquals(fuse, d.logitLoss != null, "Sequential fuses sigmoid + binary_crossentropy");
        // the padding token's row gets no gradient: masked steps carry the state through
        float[] g = c.model().layer("embedding").parameters().get(0).grad();
        for (int j = 0; j < 3; j++) {
            assertEquals(0f, g[j], "embeddings[0, " + j + "] (padding id) must get no gradient");
        }
    }

    @ParameterizedTest(name = "fused = {0}")
    @ValueSource(booleans = {true, false})
    void maskedSequenceLossIgnoresPaddedSteps(boolean fuse) {
        assertGradients(maskedSequenceOutput(), fuse);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Bidirectional.Merge.class)
    void bidirectionalGruEachMergeMode(Bidirectional.Merge merge) {
        assertGradients(bidirectional(merge, false), true);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Bidirectional.Merge.class, names = {"CONCAT", "MUL"})
    void bidirectionalGruMaskedInput(Bidirectional.Merge merge) {
        Case c = bidirectional(merge, true);
        assertGradients(c, true);
        // padded input steps (sample 1, steps 2 and 3) get no input gradient
        ModelDriver d = new ModelDriver(c.model(), c.loss(), true);
        d.forwardLoss(c.x(), c.batch(), c.mask(), c.y());
        float[] dx = d.backward();
        for (int i = (4 + 2) * 3; i < 2 * 4 * 3; i++) {
            assertEquals(0f, dx[i], "dx[" + i + "] at a masked step");
        }
    }

    @ParameterizedTest(name = "fused = {0}")
    @ValueSource(booleans = {true, false})
    void additionEncoderDecoder(boolean fuse) {
        ModelDriver d = assertGradients(addition(), fuse);
        assertEquals(fuse, d.logitLoss != null, "Sequential fuses softmax + categorical_crossentropy");
    }

    @Test
    void fusedAndUnfusedGradientsAgree() {
        Case c = addition();
        ModelDriver fused = new ModelDriver(c.model(), c.loss(), true);
        double lf = fused.forwardLoss(c.x(), c.batch(), null, c.y());
        float[] dxf = fused.backward();
        List<float[]> gf = fused.gradients();
        ModelDriver plain = new ModelDriver(c.model(), c.loss(), false);
        double lp = plain.forwardLoss(c.x(), c.batch(), null, c.y());
        float[] dxp = plain.backward();
        List<float[]> gp = plain.gradients();
        assertEquals(lp, lf, 1e-5 * Math.abs(lp), "loss on logits vs on probabilities");
        assertClose("x", dxp, dxf, 1e-5);
        for (int i = 0; i < gf.size(); i++) {
            assertClose("parameter " + i, gp.get(i), gf.get(i), 1e-5);
        }
    }

    static void assertClose(String what, float[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            assertTrue(Math.abs(e - a) <= tol * (1 + Math.abs(e)), what + "[" + i + "]: expected " + e + ", got " + a);
        }
    }

    // ------------------------------------------------------------------ fit uses this gradient

    /** One fit step (one batch of every sample, SGD, no momentum) moves each weight by −lr·g of the driven gradient. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"imdb", "masked", "bidirectional", "addition"})
    void oneSgdStepOfFitIsMinusLearningRateTimesTheGradient(String which) {
        Case c = switch (which) {
            case "imdb" -> imdbLike();
            case "masked" -> maskedSequenceOutput();
            case "bidirectional" -> bidirectional(Bidirectional.Merge.SUM, false);
            default -> addition();
        };
        double lr = 0.05;
        Sequential m = c.model();
        ModelDriver d = new ModelDriver(m, c.loss(), true);
        double expectedLoss = d.forwardLoss(c.x(), c.batch(), c.mask(), c.y());
        d.backward();
        List<float[]> g = d.gradients();
        List<float[]> before = m.getWeights();

        m.compile(new SGD(lr), c.loss());
        int[] xShape = new int[m.inputShape().rank() + 1];
        xShape[0] = c.batch();
        System.arraycopy(m.inputShape().dims(), 0, xShape, 1, m.inputShape().rank());
        int ySample = c.y().length / c.batch();
        History h = m.fit(Tensor.of(c.x(), xShape), Tensor.of(c.y(), c.batch(), ySample),
                FitOptions.defaults().epochs(1).batchSize(c.batch()).shuffle(false));

        List<float[]> after = m.getWeights();
        float lrF = (float) lr;
        for (int i = 0; i < before.size(); i++) {
            float[] w0 = before.get(i), w1 = after.get(i), gi = g.get(i);
            for (int j = 0; j < w0.length; j++) {
                float expected = w0[j] - gi[j] * lrF;
                assertEquals(expected, w1[j], 1e-6f * (1 + Math.abs(expected)),
                        c.label() + ": weight " + i + "[" + j + "] after one SGD step");
            }
        }
        assertEquals(expectedLoss, h.last("loss"), 1e-6 * (1 + expectedLoss), "the epoch loss is the loss before the step");
    }
}
