package dev.recurrent.layers;

import dev.recurrent.kernels.KernelsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recorded per-step norms ‖∂L/∂h_t‖ (and ‖∂L/∂c_t‖) equal the norms of finite-difference
 * derivatives of the loss with respect to an additive perturbation of the state after step t; and
 * recording changes nothing.
 */
class StepGradientNormTest {
    private static final int B = 2, T = 6, IN = 3, H = 3;

    /** L = Σ w ⊙ h_T of the layer run over x[t0, T) from the given initial state. */
    private static double tailLoss(String cell, Recurrent weights, float[] x, int t0, float[][] state, float[] w) {
        Recurrent tail = RecurrentTestSupport.copyWeights(weights, RecurrentGradientTest.builder(cell).build())
                .withKernels(KernelsProvider.scalar());
        float[] xs = RecurrentTestSupport.sliceTime(x, B, T, IN, t0, T);
        float[] y = tail.forward(xs, B, T - t0, IN, null, state, false);
        double l = 0;
        for (int i = 0; i < y.length; i++) {
            l += (double) w[i] * y[i];
        }
        return l;
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple_rnn", "lstm", "gru"})
    void recordedNormsMatchFiniteDifferences(String cell) {
        Random rnd = new Random(3);
        float[] x = RecurrentGradientTest.gaussian(rnd, B * T * IN);
        float[] w = RecurrentGradientTest.gaussian(rnd, B * H);
        Recurrent layer = RecurrentGradientTest.builder(cell).seed(5).build().withKernels(KernelsProvider.scalar());
        layer.build(IN);
        layer.recordStepGradientNorms(true);
        layer.forward(x, B, T, IN);
        layer.backward(w);
        double[] hNorms = layer.stepGradientNorms();
        double[] cNorms = layer.stepCellGradientNorms();
        assertEquals(T, hNorms.length);
        assertEquals(cell.equals("lstm"), cNorms != null);

        double eps = 1e-2;
        for (int t = 0; t < T - 1; t++) {
            // the states after step t, from the head x[0, t]
            Recurrent head = RecurrentTestSupport.copyWeights(layer, RecurrentGradientTest.builder(cell).build())
                    .withKernels(KernelsProvider.scalar());
            head.forward(RecurrentTestSupport.sliceTime(x, B, T, IN, 0, t + 1), B, t + 1, IN);
            float[][] states = head.finalStates();
            for (int s = 0; s < states.length; s++) {
                double sq = 0;
                for (int e = 0; e < B * H; e++) {
                    float[][] plus = {states[0].clone(), states.length > 1 ? states[1].clone() : null};
                    float[][] minus = {states[0].clone(), states.length > 1 ? states[1].clone() : null};
                    plus[s][e] += (float) eps;
                    minus[s][e] -= (float) eps;
                    float[][] p = states.length > 1 ? plus : new float[][] {plus[0]};
                    float[][] m = states.length > 1 ? minus : new float[][] {minus[0]};
                    double d = (tailLoss(cell, layer, x, t + 1, p, w) - tailLoss(cell, layer, x, t + 1, m, w)) / (2 * eps);
                    sq += d * d;
                }
                double expected = Math.sqrt(sq);
                double recorded = s == 0 ? hNorms[t] : cNorms[t];
                assertEquals(expected, recorded, 1e-3 + 1e-2 * expected, cell + " state " + s + " step " + t);
            }
        }
        // the last step: the gradient of L = Σ w ⊙ h_T is w itself
        double wn = 0;
        for (float v : w) {
            wn += v * v;
        }
        assertEquals(Math.sqrt(wn), hNorms[T - 1], 1e-6);
        assertTrue(hNorms[0] > 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple_rnn", "lstm", "gru"})
    void recordingChangesNothing(String cell) {
        Random rnd = new Random(8);
        float[] x = RecurrentGradientTest.gaussian(rnd, B * T * IN);
        float[] dy = RecurrentGradientTest.gaussian(rnd, B * T * H);
        float[][] runs = new float[2][];
        float[][] grads = new float[2][];
        for (int on = 0; on < 2; on++) {
            Recurrent layer = RecurrentGradientTest.builder(cell).seed(5).returnSequences(true).build();
            layer.build(IN);
            layer.recordStepGradientNorms(on == 1);
            layer.forward(x, B, T, IN);
            runs[on] = layer.backward(dy).clone();
            List<Parameter> ps = layer.parameters();
            grads[on] = concat(ps.get(0).grad(), ps.get(1).grad(), ps.get(2).grad());
            if (on == 0) {
                assertNull(layer.stepGradientNorms());
            } else {
                assertEquals(T, layer.stepGradientNorms().length);
            }
        }
        assertArrayEquals(runs[0], runs[1]);
        assertArrayEquals(grads[0], grads[1]);
    }

    @Test
    void gateSaturationCountsTheSaturatedShare() {
        Random rnd = new Random(1);
        float[] x = RecurrentGradientTest.gaussian(rnd, B * T * IN);
        Recurrent lstm = RecurrentGradientTest.builder("lstm").seed(2).build();
        assertThrows(IllegalStateException.class, () -> GateSaturation.of(lstm.withKernels(KernelsProvider.scalar())));
        lstm.build(IN);
        int gh = 4 * H;
        // huge positive weights and bias: every gate (and the candidate) saturates high
        float[] k = new float[IN * gh], u = new float[H * gh], b = new float[gh];
        java.util.Arrays.fill(b, 50f);
        lstm.setWeights(k, u, b);
        lstm.forward(x, B, T, IN);
        List<GateSaturation.Gate> gates = GateSaturation.of(lstm);
        assertEquals(List.of("i", "f", "c", "o"), gates.stream().map(GateSaturation.Gate::name).toList());
        for (GateSaturation.Gate g : gates) {
            assertEquals(1.0, g.high(), 0.0, g.name());
            assertEquals(0.0, g.low(), 0.0, g.name());
        }
        // zero weights and bias: sigmoid gates at 0.5, candidate at 0: nothing saturated
        java.util.Arrays.fill(b, 0f);
        lstm.setWeights(k, u, b);
        lstm.forward(x, B, T, IN);
        for (GateSaturation.Gate g : GateSaturation.of(lstm)) {
            assertEquals(0.0, g.saturated(), 0.0, g.name());
        }
        Recurrent gru = RecurrentGradientTest.builder("gru").seed(2).build();
        gru.forward(x, B, T, IN);
        assertEquals(List.of("z", "r", "h"), GateSaturation.of(gru).stream().map(GateSaturation.Gate::name).toList());
        for (GateSaturation.Gate g : GateSaturation.of(gru)) {
            assertTrue(g.saturated() >= 0 && g.saturated() <= 1);
        }
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
