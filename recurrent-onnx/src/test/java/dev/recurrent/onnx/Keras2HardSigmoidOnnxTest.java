package dev.recurrent.onnx;

import dev.recurrent.kernels.Activation;
import dev.recurrent.layers.CifgLSTM;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.model.Sequential;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.recurrent.onnx.OnnxParity.assertSamePredictions;
import static dev.recurrent.onnx.OnnxParity.randomInput;
import static dev.recurrent.onnx.OnnxParity.randomize;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Keras 2's hard sigmoid clip(0.2x + 0.5, 0, 1), where the core defines it (the Keras importer adds it). */
class Keras2HardSigmoidOnnxTest {

    @Test
    void keras2HardSigmoidAsRecurrentAndDenseActivation() throws Exception {
        assumeTrue(Arrays.stream(Activation.values()).anyMatch(a -> a.kerasName().equals(RnnActivations.KERAS2_HARD_SIGMOID)),
                "this build has no Keras 2 hard sigmoid");
        Activation keras2 = Activation.byName(RnnActivations.KERAS2_HARD_SIGMOID);
        Sequential model = new Sequential("keras2").input(5, 3)
                .add(LSTM.builder(4).recurrentActivation(keras2).returnSequences(true).build())
                .add(GRU.builder(4).recurrentActivation(keras2).returnSequences(true).build())
                .add(CifgLSTM.builder(4).recurrentActivation(keras2).build())
                .add(Dense.of(3, RnnActivations.KERAS2_HARD_SIGMOID));
        randomize(model, 5, 1.5f);
        assertSamePredictions(model, randomInput(model, 6, 6));
    }
}
