package dev.recurrent.layers;

import dev.recurrent.kernels.KernelsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The minimal gated unit and the layer-normalised LSTM and GRU: forward against a plain double
 * re-computation of their equations, both kernel implementations against each other, parameter
 * counts and names, configs through the layer factory.
 */
class NormalizedAndMinimalCellsTest {
    static final int B = 2, T = 4, I = 3, H = 5;

    static Recurrent make(String kind) {
        switch (kind) {
            case "mgu":
                return MGU.builder(H).returnSequences(true).seed(3).build();
            case "layer_norm_lstm":
                return LayerNormLSTM.builder(H, 1e-3f).returnSequences(true).seed(3).build();
            default:
                return LayerNormGRU.builder(H, 1e-5f).returnSequences(true).seed(3).build();
        }
    }

    static Recurrent randomized(String kind, Random rnd) {
        Recurrent layer = make(kind).withKernels(KernelsProvider.scalar());
        layer.build(I);
        for (Parameter p : layer.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                p.value()[i] = (float) (rnd.nextGaussian() * 0.5);
            }
        }
        return layer;
    }

    static double sig(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** γ ⊙ (v − mean) / sqrt(var + ε) + β over v[from, to), γ and β read at the same columns. */
    static void layerNorm(double[] v, int from, int to, float[] gamma, float[] beta, double eps) {
        double mean = 0, var = 0;
        for (int k = from; k < to; k++) {
            mean += v[k];
        }
        mean /= to - from;
        for (int k = from; k < to; k++) {
            var += (v[k] - mean) * (v[k] - mean);
        }
        var /= to - from;
        for (int k = from; k < to; k++) {
            v[k] = gamma[k] * (v[k] - mean) / Math.sqrt(var + eps) + beta[k];
        }
    }

    /** The outputs h [T][H] of sample s, from the equations in double. */
    static double[][] reference(String kind, Recurrent layer, float[] x, int s) {
        List<Parameter> ps = layer.parameters();
        float[] w = ps.get(0).value(), u = ps.get(1).value(), bias = ps.get(2).value();
        int g = layer.cell().gates(), gh = g * H;
        double[] h = new double[H], c = new double[H];
        double[][] out = new double[T][];
        for (int t = 0; t < T; t++) {
            double[] zx = new double[gh], zh = new double[gh];
            for (int k = 0; k < gh; k++) {
                for (int i = 0; i < I; i++) {
                    zx[k] += x[(s * T + t) * I + i] * w[i * gh + k];
                }
                for (int m = 0; m < H; m++) {
                    zh[k] += h[m] * u[m * gh + k];
                }
            }
            double[] hn = new double[H];
            switch (kind) {
                case "mgu": {
                    double[] f = new double[H];
                    for (int j = 0; j < H; j++) {
                        f[j] = sig(zx[j] + bias[j] + zh[j]);
                    }
                    for (int j = 0; j < H; j++) {
                        double a = zx[H + j] + bias[H + j];
                        for (int m = 0; m < H; m++) {
                            a += f[m] * h[m] * u[m * gh + H + j];
                        }
                        hn[j] = (1 - f[j]) * h[j] + f[j] * Math.tanh(a);
                    }
                    break;
                }
                case "layer_norm_lstm": {
                    layerNorm(zx, 0, gh, ps.get(3).value(), ps.get(4).value(), 1e-3);
                    layerNorm(zh, 0, gh, ps.get(5).value(), ps.get(6).value(), 1e-3);
                    double[] cn = new double[H], o = new double[H];
                    for (int j = 0; j < H; j++) {
                        double i = sig(zx[j] + zh[j] + bias[j]), f = sig(zx[H + j] + zh[H + j] + bias[H + j]);
                        double gg = Math.tanh(zx[2 * H + j] + zh[2 * H + j] + bias[2 * H + j]);
                        o[j] = sig(zx[3 * H + j] + zh[3 * H + j] + bias[3 * H + j]);
                        cn[j] = f * c[j] + i * gg;
                    }
                    layerNorm(cn, 0, H, ps.get(7).value(), ps.get(8).value(), 1e-3);
                    for (int j = 0; j < H; j++) {
                        hn[j] = o[j] * Math.tanh(cn[j]);
                    }
                    c = cn;
                    break;
                }
                default: { // layer-normalised GRU
                    for (int k = 0; k < gh; k++) {
                        zx[k] += bias[k];
                    }
                    float[] xg = ps.get(3).value(), xb = ps.get(4).value(), rg = ps.get(5).value(), rb = ps.get(6).value();
                    layerNorm(zx, 0, 2 * H, xg, xb, 1e-5);
                    layerNorm(zx, 2 * H, 3 * H, xg, xb, 1e-5);
                    layerNorm(zh, 0, 2 * H, rg, rb, 1e-5);
                    layerNorm(zh, 2 * H, 3 * H, rg, rb, 1e-5);
                    for (int j = 0; j < H; j++) {
                        double z = sig(zx[j] + zh[j]), r = sig(zx[H + j] + zh[H + j]);
                        double n = Math.tanh(zx[2 * H + j] + r * zh[2 * H + j]);
                        hn[j] = z * h[j] + (1 - z) * n;
                    }
                }
            }
            h = hn;
            out[t] = hn;
        }
        return out;
    }

    static float[] gaussian(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    @ParameterizedTest
    @ValueSource(strings = {"mgu", "layer_norm_lstm", "layer_norm_gru"})
    void forwardMatchesTheEquations(String kind) {
        Random rnd = new Random(kind.hashCode());
        Recurrent layer = randomized(kind, rnd);
        float[] x = gaussian(rnd, B * T * I);
        float[] y = layer.forward(x, B, T, I).clone();
        for (int s = 0; s < B; s++) {
            double[][] ref = reference(kind, layer, x, s);
            for (int t = 0; t < T; t++) {
                for (int j = 0; j < H; j++) {
                    assertEquals(ref[t][j], y[(s * T + t) * H + j], 2e-6, kind + " sample " + s + " step " + t + " unit " + j);
                }
            }
            GateTrace trace = layer.gateTrace(s);
            assertEquals(layer.cell().gates(), trace.gateNames().length);
        }
    }

    /** The scalar kernels and the default ones give the same outputs and gradients. */
    @ParameterizedTest
    @ValueSource(strings = {"mgu", "layer_norm_lstm", "layer_norm_gru"})
    void bothKernelsAgree(String kind) {
        Random rnd = new Random(11);
        Recurrent scalar = randomized(kind, rnd);
        Recurrent other = make(kind).withKernels(KernelsProvider.get());
        other.build(I);
        for (int k = 0; k < scalar.parameters().size(); k++) {
            System.arraycopy(scalar.parameters().get(k).value(), 0, other.parameters().get(k).value(), 0,
                    scalar.parameters().get(k).size());
        }
        int batch = 37, steps = 6;   // more than one slice of the batch
        float[] x = gaussian(rnd, batch * steps * I), dy = gaussian(rnd, batch * steps * H);
        boolean[] mask = new boolean[batch * steps];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = i % 5 != 3;
        }
        float[] y1 = scalar.forward(x, batch, steps, I, mask, null, false).clone();
        float[] y2 = other.forward(x, batch, steps, I, mask, null, false).clone();
        assertArrayEquals(y1, y2, 1e-5f, kind + " output");
        scalar.zeroGrad();
        other.zeroGrad();
        assertArrayEquals(scalar.backward(dy), other.backward(dy), 1e-4f, kind + " input gradient");
        for (int k = 0; k < scalar.parameters().size(); k++) {
            assertArrayEquals(scalar.parameters().get(k).grad(), other.parameters().get(k).grad(), 1e-3f,
                    kind + " " + scalar.parameters().get(k).name());
        }
    }

    /** Gate saturation reads every cell's gates at their own width (it once assumed an LSTM's or a GRU's). */
    @ParameterizedTest
    @ValueSource(strings = {"mgu", "layer_norm_lstm", "layer_norm_gru", "peephole", "cifg"})
    void gateSaturationNamesEachCellsGates(String kind) {
        Recurrent layer = switch (kind) {
            case "peephole" -> PeepholeLSTM.builder(H).returnSequences(true).build();
            case "cifg" -> CifgLSTM.builder(H).returnSequences(true).build();
            default -> make(kind);
        };
        layer.withKernels(KernelsProvider.scalar()).keepForwardCaches(true);
        layer.forward(gaussian(new Random(2), B * T * I), B, T, I);
        List<String> names = GateSaturation.of(layer).stream().map(GateSaturation.Gate::name).toList();
        assertEquals(List.of(layer.gateTrace(0).gateNames()), names);
        for (GateSaturation.Gate g : GateSaturation.of(layer)) {
            assertTrue(g.saturated() >= 0 && g.saturated() <= 1, g.toString());
        }
    }

    @Test
    void parameterCountsAndNames() {
        Recurrent mgu = make("mgu"), lnLstm = make("layer_norm_lstm"), lnGru = make("layer_norm_gru");
        mgu.build(I);
        lnLstm.build(I);
        lnGru.build(I);
        assertEquals(2L * H * (I + H + 1), mgu.parameterCount());
        assertEquals(4L * H * (I + H + 1) + 18L * H, lnLstm.parameterCount());
        assertEquals(3L * H * (I + H + 1) + 12L * H, lnGru.parameterCount());
        assertEquals(List.of("kernel", "recurrent_kernel", "bias", "kernel_norm_gamma", "kernel_norm_beta",
                "recurrent_norm_gamma", "recurrent_norm_beta", "state_norm_gamma", "state_norm_beta"),
                lnLstm.parameters().stream().map(Parameter::name).toList());
        assertEquals(List.of("kernel", "recurrent_kernel", "bias", "kernel_norm_gamma", "kernel_norm_beta",
                "recurrent_norm_gamma", "recurrent_norm_beta"), lnGru.parameters().stream().map(Parameter::name).toList());
        // γ from 1, β from 0, the LSTM's forget bias at 1
        assertEquals(1f, lnLstm.parameters().get(3).value()[0]);
        assertEquals(0f, lnLstm.parameters().get(4).value()[0]);
        assertEquals(1f, lnLstm.parameters().get(2).value()[H]);
        assertEquals(0f, mgu.parameters().get(2).value()[0]);
        Recurrent noBias = LayerNormLSTM.builder(H).useBias(false).build();
        noBias.build(I);
        assertEquals(4L * H * (I + H) + 18L * H, noBias.parameterCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mgu", "layer_norm_lstm", "layer_norm_gru"})
    void configsRoundTripThroughTheLayerFactory(String kind) {
        Recurrent layer = make(kind);
        Map<String, Object> s = LayerFactory.serialize(layer);
        Layer back = LayerFactory.deserialize(s);
        assertEquals(layer.getClass(), back.getClass());
        assertEquals(layer.getConfig(), back.getConfig());
        Recurrent copy = ((Recurrent) back).withConfig(((Recurrent) back).config().withName("other"));
        assertEquals(layer.getClass(), copy.getClass());
        if (layer instanceof LayerNormGRU g) {
            assertEquals(1e-5f, g.normEpsilon());
            assertEquals(1e-5f, ((LayerNormGRU) back).normEpsilon());
            assertEquals(1e-5f, ((LayerNormGRU) copy).normEpsilon());
        }
    }

    @Test
    void badEpsilonAndProjectionSizesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerNormLSTM.builder(H, 0f).build());
        assertTrue(e.getMessage().contains("norm_epsilon"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ProjectedLSTM.of(H, 0));
        assertTrue(e.getMessage().contains("proj_size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ProjectedLSTM.builder(H, 2).returnState(true).build());
        assertTrue(e.getMessage().contains("finalStates"), e.getMessage());
        Map<String, Object> config = new java.util.LinkedHashMap<>(LayerFactory.serialize(ProjectedLSTM.of(H, 2)));
        Layer back = LayerFactory.deserialize(config);
        assertEquals(2, ((ProjectedLSTM) back).projectionSize());
        assertEquals(ProjectedLSTM.of(H, 2).getConfig(), back.getConfig());
    }
}
