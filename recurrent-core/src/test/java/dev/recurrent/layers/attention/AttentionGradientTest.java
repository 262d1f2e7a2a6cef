package dev.recurrent.layers.attention;

import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.Shape;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite-difference checks of the backward pass, for every input (query, value, key) and every
 * weight, of the loss {@code L = Σ output·G + Σ scores·H}, with query and value masks and the causal
 * mask on, for each layer and score mode, with and without a key, and with dropout (its mask drawn
 * again from the same seed at every evaluation).
 */
class AttentionGradientTest {
    static final int B = 2, TQ = 4, TV = 4, D = 3;
    static final boolean[] QUERY_MASK = {true, true, false, true, true, false, true, true};
    static final boolean[] VALUE_MASK = {true, true, false, true, true, true, true, false};

    record Setup(String label, Supplier<AttentionLayer> layer, boolean withKey, boolean causal, float dropout) {
    }

    static List<Setup> setups() {
        List<Setup> s = new ArrayList<>();
        for (boolean key : new boolean[]{false, true}) {
            for (boolean causal : new boolean[]{false, true}) {
                String tag = (key ? " key" : " no key") + (causal ? " causal" : "");
                s.add(new Setup("dot" + tag, () -> new Attention(), key, causal, 0f));
                s.add(new Setup("dot scale" + tag, () -> new Attention("attention", true, "dot", 0f), key, causal, 0f));
                s.add(new Setup("concat" + tag, () -> new Attention("attention", false, "concat", 0f), key, causal, 0f));
                s.add(new Setup("concat scale" + tag, () -> new Attention("attention", true, "concat", 0f), key, causal, 0f));
                s.add(new Setup("additive" + tag, () -> new AdditiveAttention(), key, causal, 0f));
                s.add(new Setup("additive no scale" + tag, () -> new AdditiveAttention("a", false, 0f), key, causal, 0f));
            }
        }
        s.add(new Setup("dot scale dropout", () -> new Attention("attention", true, "dot", 0.3f), true, true, 0.3f));
        s.add(new Setup("additive dropout", () -> new AdditiveAttention("a", true, 0.3f), true, false, 0.3f));
        return s;
    }

    @TestFactory
    List<DynamicTest> backwardMatchesFiniteDifferences() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Setup s : setups()) {
            tests.add(DynamicTest.dynamicTest(s.label(), () -> check(s)));
        }
        return tests;
    }

    static void check(Setup s) {
        AttentionLayer layer = s.layer().get();
        layer.build(Shape.of(TQ, D), Shape.of(TV, D), s.withKey() ? Shape.of(TV, D) : null, 7L);
        Random r = new Random(11);
        float[] q = random(r, B * TQ * D), v = random(r, B * TV * D), k = s.withKey() ? random(r, B * TV * D) : null;
        float[] g = random(r, B * TQ * D), h = random(r, B * TQ * TV);
        for (Parameter p : layer.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                p.value()[i] += (float) (0.3 * r.nextGaussian());
            }
        }
        boolean training = s.dropout() > 0f;
        long dropoutSeed = 99;
        DoubleSupplier loss = () -> {
            layer.random().setSeed(dropoutSeed);
            float[] out = layer.forward(q, v, k, QUERY_MASK, VALUE_MASK, B, training, s.causal());
            return dot(out, g) + dot(layer.scores(), h);
        };
        loss.getAsDouble();
        layer.zeroGrad();
        layer.backward(g, h);
        List<String> bad = new ArrayList<>();
        bad.addAll(FiniteDifferences.check("query", q, layer.queryGradient().clone(), loss));
        bad.addAll(FiniteDifferences.check("value", v, layer.valueGradient().clone(), loss));
        if (k != null) {
            bad.addAll(FiniteDifferences.check("key", k, layer.keyGradient().clone(), loss));
        }
        for (Parameter p : layer.parameters()) {
            bad.addAll(FiniteDifferences.check(p.name(), p.value(), p.grad().clone(), loss));
        }
        assertTrue(bad.isEmpty(), s.label() + ":\n" + String.join("\n", bad));
    }

    @Test
    void theQueryGradientOfMaskedQueryStepsIsZeroAndTheScoresAloneStillReachTheInputs() {
        AttentionLayer layer = new Attention("attention", true, "dot", 0f);
        layer.build(Shape.of(TQ, D), Shape.of(TV, D), null, 3L);
        Random r = new Random(5);
        float[] q = random(r, B * TQ * D), v = random(r, B * TV * D);
        layer.forward(q, v, null, QUERY_MASK, null, B, false, false);
        layer.zeroGrad();
        layer.backward(new float[B * TQ * D], random(r, B * TQ * TV));
        double norm = 0;
        for (float x : layer.queryGradient()) {
            norm += x * x;
        }
        assertTrue(norm > 0, "the scores' gradient must reach the query");
        layer.forward(q, v, null, QUERY_MASK, null, B, false, false);
        layer.backward(random(r, B * TQ * D), null);
        float[] dq = layer.queryGradient();
        for (int row = 0; row < B * TQ; row++) {
            for (int c = 0; c < D; c++) {
                if (!QUERY_MASK[row]) {
                    assertEquals(0f, dq[row * D + c], "query row " + row + " is masked");
                }
            }
        }
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < b.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }
}
