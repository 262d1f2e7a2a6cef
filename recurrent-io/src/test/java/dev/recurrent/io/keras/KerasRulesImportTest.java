package dev.recurrent.io.keras;

import dev.recurrent.layers.Dense;
import dev.recurrent.layers.MaskingMode;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.model.Sequential;
import dev.recurrent.regularizers.Constraints;
import dev.recurrent.regularizers.Regularizers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keras' regularizers, constraints and zero_output_for_mask are imported with the layers. */
class KerasRulesImportTest {
    private static final int I = 2, H = 3, T = 4;

    @TempDir
    Path dir;

    private Path file(String lstmExtra) throws Exception {
        String config = "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"LSTM\", \"config\": {"
                + "\"name\": \"lstm_1\", \"batch_input_shape\": [null, " + T + ", " + I + "], \"units\": " + H + ","
                + " \"return_sequences\": true, \"zero_output_for_mask\": true,"
                + " \"kernel_regularizer\": {\"class_name\": \"L1L2\", \"config\": {\"l1\": 0.0, \"l2\": 0.02}},"
                + " \"activity_regularizer\": {\"module\": \"keras.regularizers\", \"class_name\": \"L1\","
                + " \"config\": {\"l1\": 0.005}, \"registered_name\": null},"
                + " \"recurrent_constraint\": {\"class_name\": \"NonNeg\", \"config\": {}}" + lstmExtra + "}},"
                + " {\"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", \"units\": 1,"
                + " \"kernel_constraint\": {\"class_name\": \"MaxNorm\", \"config\": {\"max_value\": 3, \"axis\": 0}},"
                + " \"bias_regularizer\": null}}]}";
        return new KerasFileFixture("2.2.4", config)
                .weight("lstm_1", "lstm_1/kernel:0", new float[I][4 * H])
                .weight("lstm_1", "lstm_1/recurrent_kernel:0", new float[H][4 * H])
                .weight("lstm_1", "lstm_1/bias:0", new float[4 * H])
                .weight("dense_1", "dense_1/kernel:0", new float[H][1])
                .weight("dense_1", "dense_1/bias:0", new float[1])
                .write(dir.resolve("rules.h5"));
    }

    @Test
    void regularizersConstraintsAndZeroOutputAreImported() throws Exception {
        Sequential model = KerasModels.load(file(""));
        Recurrent lstm = (Recurrent) model.layers().get(0);
        assertEquals(MaskingMode.ZERO_OUTPUT, lstm.config().masking());
        assertEquals(Regularizers.l1L2(0, 0.02), lstm.config().rules().kernelRegularizer());
        assertEquals(Regularizers.l1(0.005), lstm.config().rules().activityRegularizer());
        assertEquals(Constraints.nonNeg(), lstm.parameters().get(1).constraint());
        Dense dense = (Dense) model.layers().get(1);
        assertEquals(Constraints.maxNorm(3, 0), dense.parameters().get(0).constraint());
        assertEquals(null, dense.rules().biasRegularizer());
    }

    @Test
    void anUnknownRegularizerIsRefusedByName() throws Exception {
        Path f = file(", \"bias_regularizer\": {\"class_name\": \"OrthogonalRegularizer\", \"config\": {\"factor\": 0.01}}");
        KerasImportException e = assertThrows(KerasImportException.class, () -> KerasModels.load(f));
        assertTrue(e.getMessage().startsWith("layer 'lstm_1' (LSTM): option `bias_regularizer`: expected a regularizer"
                + " class, one of [L1, L2, L1L2], got 'OrthogonalRegularizer'"), e.getMessage());
    }
}
