package dev.recurrent.onnx;

import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.LayerFactory;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.recurrent.onnx.OnnxParity.assertSamePredictions;
import static dev.recurrent.onnx.OnnxParity.randomInput;
import static dev.recurrent.onnx.OnnxParity.randomize;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Keras' Masking layer, where the core has it (the Keras importer adds it). */
class MaskingOnnxTest {

    @Test
    void maskedStepsAnywhere() throws Exception {
        assumeTrue(LayerFactory.CLASS_NAMES.contains("Masking"), "this build has no Masking layer");
        Layer masking = LayerFactory.fromConfig("Masking", Map.of("name", "masking", "mask_value", -1.0));
        Sequential model = new Sequential("masking").input(8, 3)
                .add(masking)
                .add(new Bidirectional(GRU.builder(5).returnSequences(true).build()))
                .add(LSTM.builder(4).returnSequences(true).build())
                .add(Dense.of(2));
        randomize(model, 3, 0.7f);
        Tensor x = randomInput(model, 6, 4);
        float[] v = x.data();
        int[][] maskedSteps = {{0, 5}, {0, 1, 2}, {3, 4}, {0, 1, 2, 3, 4, 5, 6, 7}, {}, {7}};
        for (int b = 0; b < maskedSteps.length; b++) {
            for (int t : maskedSteps[b]) {
                java.util.Arrays.fill(v, (b * 8 + t) * 3, (b * 8 + t + 1) * 3, -1f);
            }
        }
        v[(4 * 8 + 2) * 3] = -1f;   // one feature at the mask value alone does not mask a step
        assertSamePredictions(model, Tensor.of(v, 6, 8, 3));
    }
}
