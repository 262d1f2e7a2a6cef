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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The LSTM variants and the GRU with reset_after = false: forward against a plain re-computation of
 * their equations from the weights, gate traces against the same, parameter counts, and configs.
 */
class VariantsTest {
    static final int B = 2, T = 4, I = 3, H = 5;
    static final float TOL = 1e-5f;

    static Recurrent make(String kind) {
        switch (kind) {
            case "lstm":
                return LSTM.builder(H).returnSequences(true).seed(3).build();
            case "peephole_lstm":
                return PeepholeLSTM.builder(H).returnSequences(true).seed(3).build();
            case "cifg_lstm":
                return CifgLSTM.builder(H).returnSequences(true).seed(3).build();
            case "gru":
                return GRU.builder(H).returnSequences(true).seed(3).build();
            default:
                return GRU.builder(H).resetAfter(false).returnSequences(true).seed(3).build();
        }
    }

    static float sig(double v) {
        return (float) (1 / (1 + Math.exp(-v)));
    }

    /** Gates [T][G][H], c [T][H] (or null), h [T][H] of sample {@code s}, straight from the equations. */
    record Ref(float[][][] gates, float[][] c, float[][] h) {
    }

    static Ref reference(String kind, Recurrent layer, float[] x, int s) {
        List<Parameter> ps = layer.parameters();
        float[] w = ps.get(0).value(), u = ps.get(1).value(), bias = ps.get(2).value();
        float[] p = ps.size() > 3 ? ps.get(3).value() : null;
        int g = layer.cell().gates(), gh = g * H;
        float[] h = new float[H], c = new float[H];
        float[][][] gates = new float[T][g][H];
        float[][] cs = new float[T][H], hs = new float[T][H];
        for (int t = 0; t < T; t++) {
            double[] zx = new double[gh], zh = new double[gh];
            for (int k = 0; k < gh; k++) {
                for (int i = 0; i < I; i++) {
                    zx[k] += x[(s * T + t) * I + i] * w[i * gh + k];
                }
                zx[k] += bias[k];
                for (int m = 0; m < H; m++) {
                    zh[k] += h[m] * u[m * gh + k];
                }
            }
            float[] hn = new float[H], cn = new float[H];
            float[][] gt = gates[t];
            for (int j = 0; j < H; j++) {
                switch (kind) {
                    case "lstm":
                    case "peephole_lstm": {
                        double pi = p == null ? 0 : p[j], pf = p == null ? 0 : p[H + j], po = p == null ? 0 : p[2 * H + j];
                        float i = sig(zx[j] + zh[j] + pi * c[j]);
                        float f = sig(zx[H + j] + zh[H + j] + pf * c[j]);
                        float cc = (float) Math.tanh(zx[2 * H + j] + zh[2 * H + j]);
                        cn[j] = f * c[j] + i * cc;
                        float o = sig(zx[3 * H + j] + zh[3 * H + j] + po * cn[j]);
                        hn[j] = o * (float) Math.tanh(cn[j]);
                        gt[0][j] = i;
                        gt[1][j] = f;
                        gt[2][j] = cc;
                        gt[3][j] = o;
                        break;
                    }
                    case "cifg_lstm": {
                        float f = sig(zx[j] + zh[j]);
                        float cc = (float) Math.tanh(zx[H + j] + zh[H + j]);
                        float o = sig(zx[2 * H + j] + zh[2 * H + j]);
                        cn[j] = f * c[j] + (1 - f) * cc;
                        hn[j] = o * (float) Math.tanh(cn[j]);
                        gt[0][j] = f;
                        gt[1][j] = cc;
                        gt[2][j] = o;
                        break;
                    }
                    case "gru": {
                        float z = sig(zx[j] + zh[j] + bias[gh + j]);
                        float r = sig(zx[H + j] + zh[H + j] + bias[gh + H + j]);
                        float n = (float) Math.tanh(zx[2 * H + j] + r * (zh[2 * H + j] + bias[gh + 2 * H + j]));
                        hn[j] = z * h[j] + (1 - z) * n;
                        gt[0][j] = z;
                        gt[1][j] = r;
                        gt[2][j] = n;
                        break;
                    }
                    default: { // GRU, reset_after = false
                        float z = sig(zx[j] + zh[j]);
                        float r = sig(zx[H + j] + zh[H + j]);
                        gt[0][j] = z;
                        gt[1][j] = r;
                    }
                }
            }
            if (kind.equals("gru_reset_before")) {
                for (int j = 0; j < H; j++) {
                    double a = zx[2 * H + j];
                    for (int m = 0; m < H; m++) {
                        a += gt[1][m] * h[m] * u[m * gh + 2 * H + j];
                    }
                    float n = (float) Math.tanh(a);
                    gt[2][j] = n;
                    hn[j] = gt[0][j] * h[j] + (1 - gt[0][j]) * n;
                }
            }
            h = hn;
            c = cn;
            hs[t] = hn;
            cs[t] = cn;
        }
        return new Ref(gates, layer.cell().hasCellState() ? cs : null, hs);
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

    static float[] gaussian(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "peephole_lstm", "cifg_lstm", "gru", "gru_reset_before"})
    void forwardAndGateTraceMatchTheEquations(String kind) {
        Random rnd = new Random(kind.hashCode());
        Recurrent layer = randomized(kind, rnd);
        float[] x = gaussian(rnd, B * T * I);
        float[] y = layer.forward(x, B, T, I).clone();
        for (int s = 0; s < B; s++) {
            Ref ref = reference(kind, layer, x, s);
            GateTrace trace = layer.gateTrace(s);
            assertEquals(layer.cell().gates(), trace.gateNames().length);
            for (int t = 0; t < T; t++) {
                float[] out = java.util.Arrays.copyOfRange(y, (s * T + t) * H, (s * T + t + 1) * H);
                assertArrayEquals(ref.h()[t], out, TOL, kind + " output, sample " + s + " step " + t);
                assertArrayEquals(ref.h()[t], trace.hidden()[t], TOL);
                for (int k = 0; k < trace.gateNames().length; k++) {
                    assertArrayEquals(ref.gates()[t][k], trace.gates()[k][t], TOL,
                            kind + " gate " + trace.gateNames()[k] + ", step " + t);
                }
                if (ref.c() == null) {
                    assertNull(trace.cellState());
                } else {
                    assertArrayEquals(ref.c()[t], trace.cellState()[t], TOL, kind + " c, step " + t);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> layer.gateTrace(B));
    }

    @Test
    void gateTraceNamesTheGates() {
        Recurrent layer = randomized("cifg_lstm", new Random(1));
        layer.forward(new float[B * T * I], B, T, I);
        GateTrace trace = layer.gateTrace(0);
        assertArrayEquals(new String[] {"f", "c", "o"}, trace.gateNames());
        assertEquals(T, trace.gate("o").length);
        assertThrows(IllegalArgumentException.class, () -> trace.gate("i"));
        assertThrows(IllegalStateException.class, () -> make("lstm").gateTrace(0));
    }

    @Test
    void freshPeepholeLstmComputesWhatTheLstmComputes() {
        Random rnd = new Random(5);
        PeepholeLSTM peep = PeepholeLSTM.builder(H).returnSequences(true).seed(9).build();
        LSTM lstm = LSTM.builder(H).returnSequences(true).seed(9).build();
        peep.build(I);
        lstm.build(I);
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(lstm.parameters().get(k).value(), peep.parameters().get(k).value());
        }
        assertArrayEquals(new float[3 * H], peep.peephole().value());
        float[] x = gaussian(rnd, B * T * I);
        assertArrayEquals(lstm.forward(x, B, T, I), peep.forward(x, B, T, I), 1e-6f);
        // forget bias at 1, as the LSTM's
        assertEquals(1f, peep.parameters().get(2).value()[H]);
        assertThrows(IllegalArgumentException.class, () -> peep.setPeephole(new float[H]));
        float[] pv = gaussian(rnd, 3 * H);
        peep.setPeephole(pv);
        assertArrayEquals(pv, peep.peephole().value());
    }

    @Test
    void parameterCounts() {
        Recurrent peep = make("peephole_lstm"), cifg = make("cifg_lstm"), gru = make("gru_reset_before");
        peep.build(I);
        cifg.build(I);
        gru.build(I);
        assertEquals(4L * H * (I + H + 1) + 3L * H, peep.parameterCount());
        assertEquals(3L * H * (I + H + 1), cifg.parameterCount());
        assertEquals(3L * H * (I + H + 1), gru.parameterCount());
        assertEquals(List.of("kernel", "recurrent_kernel", "bias", "peephole"),
                peep.parameters().stream().map(Parameter::name).toList());
        assertArrayEquals(new int[] {3, H}, peep.parameters().get(3).shape());
        assertArrayEquals(new int[] {3 * H}, gru.parameters().get(2).shape());
        // CIFG: the forget gate is block 0, its bias starts at 1
        assertEquals(1f, cifg.parameters().get(2).value()[0]);
        assertEquals(0f, cifg.parameters().get(2).value()[H]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"peephole_lstm", "cifg_lstm", "gru", "gru_reset_before"})
    void configsRoundTripThroughTheLayerFactory(String kind) {
        Recurrent layer = make(kind);
        Map<String, Object> s = LayerFactory.serialize(layer);
        Layer back = LayerFactory.deserialize(s);
        assertEquals(layer.getClass(), back.getClass());
        assertEquals(layer.getConfig(), back.getConfig());
        if (layer instanceof GRU) {
            assertEquals(((GRU) layer).resetAfter(), ((GRU) back).resetAfter());
            assertEquals(((GRU) layer).resetAfter(), layer.getConfig().get("reset_after"));
        }
        Recurrent copy = ((Recurrent) back).withConfig(((Recurrent) back).config().withName("other"));
        assertEquals(layer.getClass(), copy.getClass());
        if (layer instanceof GRU) {
            assertEquals(((GRU) layer).resetAfter(), ((GRU) copy).resetAfter());
        }
        assertFalse(LayerFactory.CLASS_NAMES.isEmpty());
    }
}
