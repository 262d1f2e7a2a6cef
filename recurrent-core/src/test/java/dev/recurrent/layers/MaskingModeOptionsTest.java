package dev.recurrent.layers;

import dev.recurrent.kernels.Activation;
import dev.recurrent.regularizers.Regularizers;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code zeroOutputForMask} and the masking mode are one option; the activity penalty of the
 * wrappers is their inner layers', over the rows each ran on.
 */
class MaskingModeOptionsTest {
    @Test
    void zeroOutputForMaskIsTheZeroOutputMode() {
        RecurrentConfig c = LSTM.builder(2).zeroOutputForMask(true).build().config();
        assertEquals(MaskingMode.ZERO_OUTPUT, c.masking());
        assertTrue(c.zeroOutputForMask());
        assertEquals(MaskingMode.KERAS, LSTM.builder(2).zeroOutputForMask(true).zeroOutputForMask(false).build()
                .config().masking());
        assertTrue(GRU.builder(2).masking(MaskingMode.ZERO_OUTPUT).build().config().zeroOutputForMask());
        // false leaves another mode alone
        assertEquals(MaskingMode.DL4J, SimpleRNN.builder(2).masking(MaskingMode.DL4J).zeroOutputForMask(false).build()
                .config().masking());
        assertFalse(SimpleRNN.builder(2).masking(MaskingMode.DL4J).build().config().zeroOutputForMask());
        // the constructor with the boolean still reads as before
        RecurrentConfig old = new RecurrentConfig("lstm", 2, Activation.TANH, Activation.SIGMOID, true, false, false,
                false, 0f, 0f, true, 0L, WeightOptions.DEFAULTS, true);
        assertEquals(MaskingMode.ZERO_OUTPUT, old.masking());
        assertEquals(WeightRules.NONE, old.rules());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LSTM.builder(2).masking(null).build());
        assertEquals("lstm: the masking mode must be set, got null", e.getMessage());
    }

    @Test
    void modelFilesWriteTheModeAsKerasWouldWhereKerasHasIt() {
        Map<String, Object> zero = LSTM.builder(2).zeroOutputForMask(true).build().getConfig();
        assertEquals(true, zero.get("zero_output_for_mask"));
        assertFalse(zero.containsKey("masking_mode"));
        Map<String, Object> dl4j = new LinkedHashMap<>(LSTM.builder(2).masking(MaskingMode.DL4J).build().getConfig());
        assertEquals("dl4j", dl4j.get("masking_mode"));
        assertEquals(MaskingMode.DL4J, ((Recurrent) LayerFactory.fromConfig("LSTM", dl4j)).config().masking());
        dl4j.put("zero_output_for_mask", true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerFactory.fromConfig("LSTM", dl4j));
        assertEquals("LSTM: zero_output_for_mask=true contradicts masking_mode 'dl4j'", e.getMessage());
    }

    @Test
    void wrappersAddTheirInnerLayersActivityPenalties() {
        Random rnd = new Random(1);
        float[] x = new float[2 * 3 * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        // Keras 3's TimeDistributed runs its layer on [B·T, F]: the penalty is divided by B·T
        TimeDistributed td = new TimeDistributed(Dense.of(2).activityRegularizer(Regularizers.l1(1)));
        td.build(Shape.of(3, 4), 0);
        float[] y = td.forward(x, 2, null, false);
        double abs = 0;
        for (int i = 0; i < 2 * 3 * 2; i++) {
            abs += Math.abs(y[i]);
        }
        assertEquals(abs / 6, td.activityLoss(), 1e-6);

        Bidirectional bi = new Bidirectional(LSTM.builder(2).returnSequences(true).activityRegularizer(Regularizers.l2(1)).build());
        bi.build(Shape.of(3, 4), 0);
        float[] merged = bi.forward(x, 2, null, false);
        // concatenated, the merged output holds both directions' outputs: Σ y² / B over it
        double squares = 0;
        for (int i = 0; i < 2 * 3 * 4; i++) {
            squares += (double) merged[i] * merged[i];
        }
        assertTrue(bi.forwardLayer().activityLoss() > 0 && bi.backwardLayer().activityLoss() > 0);
        assertEquals(squares / 2, bi.activityLoss(), 1e-6);
    }
}
