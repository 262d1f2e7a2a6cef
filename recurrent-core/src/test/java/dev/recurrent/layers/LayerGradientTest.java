package dev.recurrent.layers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;

import static dev.recurrent.layers.RecurrentGradientTest.dot;
import static dev.recurrent.layers.RecurrentGradientTest.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite-difference checks of the non-recurrent layers driven alone: Dense with each activation
 * (on vectors and on sequences), its logits path, Dropout with a fixed mask, Flatten, RepeatVector,
 * TimeDistributed and Embedding. The loss is {@code L = Σ y ⊙ R} with a fixed random R, so every
 * output value carries its own weight.
 */
class LayerGradientTest {
    static final int B = 3;

    /** Checks dL/dx and every parameter gradient of {@code layer} for L = Σ forward(x) ⊙ R. */
    static void assertGradients(String label, Layer layer, float[] x, int batch, boolean training, Runnable beforeForward,
                                Random rnd) {
        int outSize = batch * layer.outputShape().size();
        float[] r = gaussian(rnd, outSize);
        DoubleSupplier loss = () -> {
            beforeForward.run();
            return dot(layer.forward(x, batch, null, training), r);
        };
        loss.getAsDouble();
        layer.zeroGrad();
        float[] dx = layer.backward(r).clone();
        List<String> bad = new ArrayList<>(FiniteDifferences.check("x", x, dx, loss));
        for (Parameter p : layer.parameters()) {
            bad.addAll(FiniteDifferences.check(p.name(), p.value(), p.grad().clone(), loss));
        }
        assertTrue(bad.isEmpty(), label + ": " + bad.size() + " gradient(s) off:\n" + String.join("\n", bad));
    }

    /** Inputs whose pre-activations x·W + b all lie at least {@code margin} from 0 (relu's kink). */
    static float[] inputAwayFromZero(Dense d, int batch, double margin, Random rnd) {
        int in = d.inputShape().size();
        for (int attempt = 0; attempt < 10_000; attempt++) {
            float[] x = gaussian(rnd, batch * in);
            d.forward(x, batch, null, false);
            float[] z = d.logits();
            boolean ok = true;
            for (int i = 0; i < batch * d.outputShape().size(); i++) {
                ok &= Math.abs(z[i]) >= margin;
            }
            if (ok) {
                return x;
            }
        }
        throw new AssertionError("no input with pre-activations away from 0");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"linear", "relu", "sigmoid", "tanh", "softmax", "hard_sigmoid", "hard_sigmoid_keras2"})
    void denseOnVectors(String activation) {
        Random rnd = new Random(activation.hashCode());
        Dense d = Dense.of(4, activation);
        d.build(Shape.of(3), 5);
        for (Parameter p : d.parameters()) {
            float[] v = p.value();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (rnd.nextGaussian() * 0.7);
            }
        }
        // relu and hard_sigmoid have kinks; keep every pre-activation (and its ±step moves) clear of them
        float[] x = activation.equals("relu") ? inputAwayFromZero(d, B, 0.2, rnd)
                : activation.startsWith("hard_sigmoid") ? scaled(gaussian(rnd, B * 3), 0.5f) : gaussian(rnd, B * 3);
        assertGradients("Dense(" + activation + ")", d, x, B, true, () -> { }, rnd);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"linear", "tanh", "softmax"})
    void denseOnSequences(String activation) {
        Random rnd = new Random(7 + activation.hashCode());
        Dense d = Dense.of(3, activation);
        assertEquals(Shape.of(5, 3), d.build(Shape.of(5, 4), 9), "Dense acts on the last axis");
        assertGradients("Dense(" + activation + ") on (5, 4)", d, gaussian(rnd, B * 5 * 4), B, true, () -> { }, rnd);
    }

    @Test
    void denseLogitsPathIsTheGradientOfTheLogits() {
        Random rnd = new Random(3);
        Dense d = Dense.of(4, "softmax");
        d.build(Shape.of(3), 1);
        float[] x = gaussian(rnd, B * 3), r = gaussian(rnd, B * 4);
        DoubleSupplier loss = () -> {
            d.forward(x, B, null, true);
            return dot(d.logits(), r);
        };
        loss.getAsDouble();
        d.zeroGrad();
        float[] dx = d.backwardFromLogits(r).clone();
        List<String> bad = new ArrayList<>(FiniteDifferences.check("x", x, dx, loss));
        for (Parameter p : d.parameters()) {
            bad.addAll(FiniteDifferences.check(p.name(), p.value(), p.grad().clone(), loss));
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
        assertEquals("softmax", d.outputActivation());
        assertEquals("sigmoid", Dense.of(1, "sigmoid").outputActivation());
        assertNull(Dense.of(1, "tanh").outputActivation(), "tanh is no probability: no fused loss");
    }

    @Test
    void dropoutInTrainingWithAFixedMask() {
        Random rnd = new Random(4);
        Dropout drop = new Dropout(0.4f);
        Shape s = Shape.of(4, 5);
        drop.build(s, 17);
        float[] x = gaussian(rnd, B * 20);
        // rebuilding with the same seed redraws the same mask, so the loss is a fixed function of x
        assertGradients("Dropout(0.4), training", drop, x, B, true, () -> drop.build(s, 17), rnd);

        drop.build(s, 17);
        float[] y = drop.forward(x, B, null, true).clone();
        int dropped = 0;
        for (int i = 0; i < x.length; i++) {
            if (y[i] == 0f) {
                dropped++;
            } else {
                assertEquals(x[i] / 0.6f, y[i], 1e-6f * Math.abs(y[i]), "kept values are scaled by 1/(1 − rate)");
            }
        }
        assertTrue(dropped > 10 && dropped < 40, "about 40% of 60 dropped, got " + dropped);
        float[] again = drop.forward(x, B, null, true).clone();
        assertNotEquals(java.util.Arrays.toString(y), java.util.Arrays.toString(again), "each training call draws a new mask");
    }

    @Test
    void dropoutAtInferenceIsTheIdentity() {
        Random rnd = new Random(5);
        Dropout drop = new Dropout(0.5f);
        drop.build(Shape.of(6), 1);
        float[] x = gaussian(rnd, B * 6);
        assertArrayEquals(x, drop.forward(x, B, null, false));
        float[] dy = gaussian(rnd, B * 6);
        assertArrayEquals(dy, drop.backward(dy));
    }

    @Test
    void flatten() {
        Random rnd = new Random(6);
        Flatten f = new Flatten();
        assertEquals(Shape.of(12), f.build(Shape.of(3, 4), 0));
        assertGradients("Flatten", f, gaussian(rnd, B * 12), B, true, () -> { }, rnd);
        assertNull(f.outputMask(new boolean[B * 3]), "Flatten drops the time axis and the mask");
    }

    @Test
    void repeatVector() {
        Random rnd = new Random(7);
        RepeatVector rv = new RepeatVector(4);
        assertEquals(Shape.of(4, 5), rv.build(Shape.of(5), 0));
        float[] x = gaussian(rnd, B * 5);
        assertGradients("RepeatVector(4)", rv, x, B, true, () -> { }, rnd);
        float[] y = rv.forward(x, B, null, false);
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < 4; t++) {
                for (int j = 0; j < 5; j++) {
                    assertEquals(x[b * 5 + j], y[(b * 4 + t) * 5 + j], "sample " + b + " step " + t);
                }
            }
        }
    }

    @Test
    void timeDistributedDense() {
        Random rnd = new Random(8);
        TimeDistributed td = new TimeDistributed(Dense.of(3, "tanh"));
        assertEquals(Shape.of(4, 3), td.build(Shape.of(4, 2), 3));
        assertEquals(2, td.parameters().size());
        assertSame(td.parameters().get(0), td.inner().parameters().get(0), "the inner layer's weights");
        assertGradients("TimeDistributed(Dense(tanh))", td, gaussian(rnd, B * 4 * 2), B, true, () -> { }, rnd);
    }

    @Test
    void embeddingAccumulatesRepeatedIds() {
        Random rnd = new Random(9);
        Embedding e = new Embedding(5, 3, false);
        e.build(Shape.of(4), 2);
        float[] ids = {1, 1, 4, 0, 2, 2, 2, 1, 0, 3, 1, 4};
        float[] r = gaussian(rnd, B * 4 * 3);
        DoubleSupplier loss = () -> dot(e.forward(ids, B, null, true), r);
        loss.getAsDouble();
        e.zeroGrad();
        float[] dx = e.backward(r);
        for (float v : dx) {
            assertEquals(0f, v, "token ids have no gradient");
        }
        Parameter w = e.parameters().get(0);
        List<String> bad = FiniteDifferences.check("embeddings", w.value(), w.grad().clone(), loss);
        assertTrue(bad.isEmpty(), String.join("\n", bad));
        assertNull(e.outputMask(null), "without maskZero there is no mask");
    }

    @Test
    void bidirectionalLastStepConcat() {
        Random rnd = new Random(10);
        Bidirectional bi = new Bidirectional(LSTM.of(3));
        bi.forwardLayer().withKernels(dev.recurrent.kernels.KernelsProvider.scalar());
        bi.backwardLayer().withKernels(dev.recurrent.kernels.KernelsProvider.scalar());
        assertEquals(Shape.of(6), bi.build(Shape.of(4, 2), 3));
        for (Parameter p : bi.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                p.value()[i] = (float) (rnd.nextGaussian() * 0.5);
            }
        }
        assertGradients("Bidirectional(LSTM), last step", bi, gaussian(rnd, B * 4 * 2), B, true, () -> { }, rnd);
    }

    /**
     * Keras' Bidirectional forces {@code zero_output_for_mask} on both directions when it returns
     * sequences: the merged output is 0 at masked steps (a plain RNN repeats the previous output
     * there). Layers that drop the mask (Flatten) would otherwise see the carried outputs.
     */
    @Test
    void bidirectionalSequencesAreZeroAtMaskedSteps() {
        Random rnd = new Random(11);
        for (Bidirectional.Merge merge : Bidirectional.Merge.values()) {
            Bidirectional bi = new Bidirectional(GRU.builder(3).returnSequences(true).build(), merge);
            bi.forwardLayer().withKernels(dev.recurrent.kernels.KernelsProvider.scalar());
            bi.backwardLayer().withKernels(dev.recurrent.kernels.KernelsProvider.scalar());
            Shape out = bi.build(Shape.of(5, 2), 4);
            int width = out.last();
            float[] x = gaussian(rnd, 2 * 5 * 2);
            boolean[] mask = {true, true, true, true, true, false, true, true, false, false};
            float[] y = bi.forward(x, 2, mask, false).clone();
            for (int r = 0; r < 10; r++) {
                for (int j = 0; j < width; j++) {
                    if (!mask[r]) {
                        assertEquals(0f, y[r * width + j], merge + ": output at masked (sample " + r / 5 + ", step "
                                + r % 5 + ")");
                    } else {
                        assertNotEquals(0f, y[r * width + j], merge + ": output at a real step");
                    }
                }
            }
            // and the gradient is that of this output: finite differences through the zeroed rows
            float[] rr = gaussian(rnd, 10 * width);
            DoubleSupplier loss = () -> dot(bi.forward(x, 2, mask, true), rr);
            loss.getAsDouble();
            bi.zeroGrad();
            float[] dx = bi.backward(rr).clone();
            List<String> bad = new ArrayList<>(FiniteDifferences.check("x", x, dx, loss));
            for (Parameter p : bi.parameters()) {
                bad.addAll(FiniteDifferences.check(p.name(), p.value(), p.grad().clone(), loss));
            }
            assertTrue(bad.isEmpty(), merge + ": " + String.join("\n", bad));
        }
    }

    static float[] scaled(float[] v, float s) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= s;
        }
        return v;
    }
}
