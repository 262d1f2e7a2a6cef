package dev.recurrent.layers;

import dev.recurrent.init.Initializer;
import dev.recurrent.init.Initializers;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The builder options use_bias, the initializers, zero_output_for_mask and reset_after: what they
 * make, how they refuse bad values, and the generic forward call after {@code build(int)}.
 */
class RecurrentBuilderOptionsTest {

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void initializersFillTheWeightsAndTheForgetGateKeepsItsOne() {
        LSTM lstm = LSTM.builder(2).kernelInitializer("ones").recurrentInitializer(Initializers.constant(-0.5))
                .biasInitializer(Initializers.constant(0.25)).build();
        lstm.build(3);
        for (float v : lstm.parameters().get(0).value()) {
            assertEquals(1f, v);
        }
        for (float v : lstm.parameters().get(1).value()) {
            assertEquals(-0.5f, v);
        }
        assertArrayEquals(new float[] {0.25f, 0.25f, 1f, 1f, 0.25f, 0.25f, 0.25f, 0.25f}, lstm.parameters().get(2).value());
    }

    @Test
    void defaultInitializersDrawWhatTheyDrewBefore() {
        // the defaults named explicitly draw the same weights as the defaults left out
        LSTM implicit = LSTM.builder(3).seed(9).build();
        LSTM named = LSTM.builder(3).seed(9).kernelInitializer("glorot_uniform").recurrentInitializer("orthogonal")
                .biasInitializer("zeros").build();
        implicit.build(4);
        named.build(4);
        for (int p = 0; p < 3; p++) {
            assertArrayEquals(implicit.parameters().get(p).value(), named.parameters().get(p).value());
        }
        assertEquals(WeightOptions.DEFAULTS, implicit.config().weights());
    }

    @Test
    void refusesBadOptionsNamingLayerArgumentAndValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LSTM.builder(2).name("enc").kernelInitializer("glorot"));
        assertTrue(e.getMessage().startsWith("enc: received an invalid value for argument `kernel_initializer`,"
                + " expected an initializer name, one of [zeros, ones,"), e.getMessage());
        assertTrue(e.getMessage().endsWith("got 'glorot'"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> GRU.builder(2).biasInitializer("orthogonal").build());
        assertEquals("gru: received an invalid value for argument `bias_initializer`, expected an initializer for a"
                + " 1-D weight, got orthogonal (it needs a 2-D weight)", e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> SimpleRNN.builder(2).recurrentInitializer((Initializer) null).build());
        assertEquals("simple_rnn: received an invalid value for argument `recurrent_initializer`, expected an"
                + " initializer, got null", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> LSTM.builder(2).resetAfter(false).build());
        assertEquals("lstm: received an invalid value for argument `reset_after`, expected true (the argument of a"
                + " GRU), got false", e.getMessage());
    }

    @Test
    void resetAfterIsABuilderOptionAndTheOldFormStillWorks() {
        GRU before = GRU.builder(3).resetAfter(false).seed(2).build();
        @SuppressWarnings("deprecation")
        GRU old = GRU.builder(3, false).seed(2).build();
        assertFalse(before.resetAfter());
        assertFalse(old.resetAfter());
        assertEquals(before.getConfig(), old.getConfig());
        before.build(2);
        assertArrayEquals(new int[] {9}, before.parameters().get(2).shape());
        assertFalse(((GRU) before.withConfig(before.config().withName("copy"))).resetAfter());
    }

    @Test
    void withoutBiasSetWeightsTakesNoBias() {
        GRU gru = GRU.builder(2).useBias(false).build();
        gru.build(3);
        float[] k = random(3 * 6, 1), r = random(2 * 6, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> gru.setWeights(k, r, new float[12]));
        assertEquals("gru: the layer has no bias (use_bias = false), got a bias of 12 values; pass null", e.getMessage());
        gru.setWeights(k, r, null);
        assertArrayEquals(k, gru.parameters().get(0).value());
        assertEquals(2, gru.parameters().size());
    }

    @Test
    void zeroOutputForMaskZeroesMaskedStepsAndCarriesTheState() {
        float[] x = random(2 * 4 * 3, 5);
        boolean[] mask = {true, false, true, true, true, true, false, false};
        LSTM plain = LSTM.builder(2).returnSequences(true).returnState(true).seed(1).build();
        LSTM zeroed = LSTM.builder(2).returnSequences(true).returnState(true).zeroOutputForMask(true).seed(1).build();
        float[] a = plain.forward(x, 2, 4, 3, mask, null, false).clone();
        float[] b = zeroed.forward(x, 2, 4, 3, mask, null, false).clone();
        for (int s = 0; s < 8; s++) {
            for (int u = 0; u < 2; u++) {
                assertEquals(mask[s] ? a[s * 2 + u] : 0f, b[s * 2 + u], "sample-step " + s);
            }
        }
        assertArrayEquals(plain.finalStates()[0], zeroed.finalStates()[0]);
        assertArrayEquals(plain.finalStates()[1], zeroed.finalStates()[1]);
    }

    @Test
    void theGenericForwardWorksAfterBuildAlone() {
        SimpleRNN rnn = SimpleRNN.builder(3).returnSequences(true).seed(4).build();
        IllegalStateException unbuilt = assertThrows(IllegalStateException.class,
                () -> rnn.forward(new float[12], 2, null, false));
        assertTrue(unbuilt.getMessage().startsWith("simple_rnn: the layer is not built yet"), unbuilt.getMessage());
        rnn.build(2);
        float[] x = random(2 * 5 * 2, 3);
        float[] generic = rnn.forward(x, 2, null, false).clone();
        assertArrayEquals(rnn.forward(x, 2, 5, 2).clone(), generic);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rnn.forward(new float[7], 2, null, false));
        assertEquals("simple_rnn: expected input [2, timesteps, 2] (a multiple of 4 values), got 7 values", e.getMessage());
    }
}
