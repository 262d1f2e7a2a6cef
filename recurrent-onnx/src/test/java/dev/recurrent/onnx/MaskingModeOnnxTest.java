package dev.recurrent.onnx;

import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.MaskingMode;
import dev.recurrent.model.Sequential;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deeplearning4j's masking mode has no ONNX operator: refused where a mask reaches the layer, exported where none does. */
class MaskingModeOnnxTest {
    @Test
    void dl4jMaskingIsRefusedUnderAMaskOnly() throws Exception {
        Sequential masked = new Sequential("masked").input(4)
                .add(new Embedding(6, 3, true))
                .add(LSTM.builder(2).masking(MaskingMode.DL4J).build()).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(masked));
        assertTrue(e.getMessage().startsWith("cannot export to ONNX: layer 'lstm' (LSTM): masking_mode 'dl4j'"), e.getMessage());

        Sequential unmasked = new Sequential("unmasked").input(4, 3)
                .add(LSTM.builder(2).masking(MaskingMode.DL4J).build()).build();
        assertTrue(OnnxExport.toBytes(unmasked).length > 0);
    }
}
