package dev.recurrent.io.keras;

import dev.recurrent.kernels.Activation;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.loss.BinaryCrossentropy;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static dev.recurrent.io.keras.Keras3ImportTest.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keras 2 forms Deeplearning4j's users ask for: CuDNNLSTM / CuDNNGRU, RNN(cell), a Sequential
 * nested in a functional Model, every Bidirectional merge mode, weights-only files beside
 * {@code model.to_json()}, and the training configuration. Each imported model predicts what the
 * same model built directly in Recurrent predicts, bit for bit.
 */
class Keras2VariantsTest {
    private static final String INPUT = "\"batch_input_shape\": [null, 4, 3]";

    @TempDir
    Path dir;

    private final Random rnd = new Random(5);

    private float[][] matrix(int rows, int cols) {
        float[][] m = new float[rows][cols];
        for (float[] r : m) {
            for (int j = 0; j < cols; j++) {
                r[j] = (float) (rnd.nextGaussian() * 0.5);
            }
        }
        return m;
    }

    private float[] vector(int n) {
        return matrix(1, n)[0];
    }

    private static String sequential(String... layers) {
        return "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [" + String.join(", ", layers) + "]}}";
    }

    private Tensor input() {
        float[] x = new float[3 * 4 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return Tensor.of(x, 3, 4, 3);
    }

    private void assertSamePredictions(Sequential expected, Sequential actual) {
        Tensor x = input();
        assertArrayEquals(expected.predict(x, 3).data(), actual.predict(x, 3).data());
    }

    @Test
    void cudnnLstmAddsItsTwoBiases() throws IOException {
        float[][] k = matrix(3, 20), r = matrix(5, 20);
        float[] b = vector(40);
        Path file = new KerasFileFixture("2.2.4", sequential("{\"class_name\": \"CuDNNLSTM\", \"config\": {\"name\":"
                + " \"cu_dnnlstm_1\", " + INPUT + ", \"units\": 5, \"return_sequences\": false, \"unit_forget_bias\": true}}"))
                .weight("cu_dnnlstm_1", "cu_dnnlstm_1/kernel:0", k)
                .weight("cu_dnnlstm_1", "cu_dnnlstm_1/recurrent_kernel:0", r)
                .weight("cu_dnnlstm_1", "cu_dnnlstm_1/bias:0", b)
                .write(dir.resolve("cudnn_lstm.h5"));
        Sequential m = KerasModels.load(file);
        LSTM lstm = (LSTM) m.layers().get(0);
        assertEquals(Activation.SIGMOID, lstm.config().recurrentActivation());
        assertEquals(Activation.TANH, lstm.config().activation());
        float[] sum = new float[20];
        for (int i = 0; i < 20; i++) {
            sum[i] = b[i] + b[20 + i];
        }
        Sequential expected = new Sequential("s").input(4, 3).add(LSTM.of(5)).build();
        ((Recurrent) expected.layers().get(0)).setWeights(flat(k), flat(r), sum);
        assertSamePredictions(expected, m);
    }

    @Test
    void cudnnGruIsTheResetAfterGru() throws IOException {
        float[][] k = matrix(3, 12), r = matrix(4, 12);
        float[] b = vector(24);
        Path file = new KerasFileFixture("2.2.4", sequential("{\"class_name\": \"CuDNNGRU\", \"config\": {\"name\":"
                + " \"cu_dnngru_1\", " + INPUT + ", \"units\": 4, \"return_sequences\": true}}"))
                .weight("cu_dnngru_1", "cu_dnngru_1/kernel:0", k)
                .weight("cu_dnngru_1", "cu_dnngru_1/recurrent_kernel:0", r)
                .weight("cu_dnngru_1", "cu_dnngru_1/bias:0", b)
                .write(dir.resolve("cudnn_gru.h5"));
        Sequential m = KerasModels.load(file);
        assertTrue(((GRU) m.layers().get(0)).resetAfter());
        Sequential expected = new Sequential("s").input(4, 3)
                .add(GRU.builder(4).resetAfter(true).returnSequences(true).build()).build();
        ((Recurrent) expected.layers().get(0)).setWeights(flat(k), flat(r), b);
        assertSamePredictions(expected, m);
    }

    @Test
    void rnnOfACellImportsAsThatLayer() throws IOException {
        for (String cell : List.of("LSTMCell", "GRUCell", "SimpleRNNCell")) {
            int gates = cell.equals("LSTMCell") ? 4 : cell.equals("GRUCell") ? 3 : 1;
            float[][] k = matrix(3, 2 * gates), r = matrix(2, 2 * gates);
            float[] b = vector(2 * gates);
            String config = sequential("{\"class_name\": \"RNN\", \"config\": {\"name\": \"rnn_1\", " + INPUT + ","
                    + " \"return_sequences\": true, \"go_backwards\": true, \"cell\": {\"class_name\": \"" + cell + "\","
                    + " \"config\": {\"name\": \"cell_1\", \"units\": 2, \"activation\": \"tanh\","
                    + " \"recurrent_activation\": \"hard_sigmoid\", \"use_bias\": true, \"reset_after\": false}}}}");
            Path file = new KerasFileFixture("2.2.4", config)
                    .weight("rnn_1", "rnn_1/kernel:0", k)
                    .weight("rnn_1", "rnn_1/recurrent_kernel:0", r)
                    .weight("rnn_1", "rnn_1/bias:0", b)
                    .write(dir.resolve(cell + ".h5"));
            Sequential m = KerasModels.load(file);
            Recurrent layer = (Recurrent) m.layers().get(0);
            assertEquals("rnn_1", layer.name());
            assertTrue(layer.config().goBackwards() && layer.config().returnSequences(), cell);
            var b2 = switch (cell) {
                case "LSTMCell" -> LSTM.builder(2);
                case "GRUCell" -> GRU.builder(2).resetAfter(false);
                default -> dev.recurrent.layers.SimpleRNN.builder(2);
            };
            Recurrent direct = b2.returnSequences(true).goBackwards(true)
                    .recurrentActivation(gates == 1 ? Activation.SIGMOID : Activation.HARD_SIGMOID_KERAS2).build();
            Sequential expected = new Sequential("s").input(4, 3).add(direct).build();
            direct.setWeights(flat(k), flat(r), b);
            assertSamePredictions(expected, m);
        }
    }

    @Test
    void everyBidirectionalMergeMode() throws IOException {
        for (Bidirectional.Merge merge : Bidirectional.Merge.values()) {
            String mode = merge.name().toLowerCase(Locale.ROOT);
            float[][] kf = matrix(3, 8), rf = matrix(2, 8), kb = matrix(3, 8), rb = matrix(2, 8);
            float[] bf = vector(8), bb = vector(8);
            Path file = new KerasFileFixture("2.2.4", sequential("{\"class_name\": \"Bidirectional\", \"config\":"
                    + " {\"name\": \"bidirectional_1\", " + INPUT + ", \"merge_mode\": \"" + mode + "\", \"layer\":"
                    + " {\"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm_1\", \"units\": 2,"
                    + " \"recurrent_activation\": \"sigmoid\", \"return_sequences\": true}}}}"))
                    .weight("bidirectional_1", "bidirectional_1/forward_lstm_1/kernel:0", kf)
                    .weight("bidirectional_1", "bidirectional_1/forward_lstm_1/recurrent_kernel:0", rf)
                    .weight("bidirectional_1", "bidirectional_1/forward_lstm_1/bias:0", bf)
                    .weight("bidirectional_1", "bidirectional_1/backward_lstm_1/kernel:0", kb)
                    .weight("bidirectional_1", "bidirectional_1/backward_lstm_1/recurrent_kernel:0", rb)
                    .weight("bidirectional_1", "bidirectional_1/backward_lstm_1/bias:0", bb)
                    .write(dir.resolve(mode + ".h5"));
            Sequential m = KerasModels.load(file);
            Sequential expected = new Sequential("s").input(4, 3)
                    .add(new Bidirectional(LSTM.builder(2).returnSequences(true).build(), merge)).build();
            Bidirectional bi = (Bidirectional) expected.layers().get(0);
            bi.forwardLayer().setWeights(flat(kf), flat(rf), bf);
            bi.backwardLayer().setWeights(flat(kb), flat(rb), bb);
            assertSamePredictions(expected, m);
        }
    }

    private static final String NESTED = "{\"class_name\": \"Model\", \"config\": {\"name\": \"outer\", \"layers\": ["
            + "{\"name\": \"input_1\", \"class_name\": \"InputLayer\", \"config\": {\"name\": \"input_1\", " + INPUT + "},"
            + " \"inbound_nodes\": []},"
            + "{\"name\": \"sequential_1\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential_1\", \"layers\": ["
            + "{\"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm_1\", " + INPUT + ", \"units\": 2,"
            + " \"recurrent_activation\": \"sigmoid\"}},"
            + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", \"units\": 3, \"activation\": \"softmax\"}}]},"
            + " \"inbound_nodes\": [[[\"input_1\", 0, 0, {}]]]}],"
            + " \"input_layers\": [[\"input_1\", 0, 0]], \"output_layers\": [[\"sequential_1\", 1, 0]]}}";

    @Test
    void aSequentialNestedInAModelIsSplicedIn() throws IOException {
        float[][] k = matrix(3, 8), r = matrix(2, 8), kd = matrix(2, 3);
        float[] b = vector(8), bd = vector(3);
        Path file = new KerasFileFixture("2.2.4", NESTED)
                .weight("sequential_1", "lstm_1/kernel:0", k)
                .weight("sequential_1", "lstm_1/recurrent_kernel:0", r)
                .weight("sequential_1", "lstm_1/bias:0", b)
                .weight("sequential_1", "dense_1/kernel:0", kd)
                .weight("sequential_1", "dense_1/bias:0", bd)
                .write(dir.resolve("nested.h5"));
        Sequential m = KerasModels.load(file);
        assertEquals(List.of("lstm_1", "dense_1"), m.layers().stream().map(Layer::name).toList());
        Sequential expected = new Sequential("outer").input(4, 3).add(LSTM.of(2)).add(Dense.of(3, "softmax")).build();
        ((Recurrent) expected.layers().get(0)).setWeights(flat(k), flat(r), b);
        List<Parameter> p = expected.layers().get(1).parameters();
        System.arraycopy(flat(kd), 0, p.get(0).value(), 0, 6);
        System.arraycopy(bd, 0, p.get(1).value(), 0, 3);
        assertSamePredictions(expected, m);
    }

    @Test
    void weightsOnlyBesideTheModelJson() throws IOException {
        float[][] k = matrix(3, 8), r = matrix(2, 8);
        float[] b = vector(8);
        String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [{\"class_name\":"
                + " \"LSTM\", \"config\": {\"name\": \"lstm_1\", " + INPUT + ", \"units\": 2, \"recurrent_activation\":"
                + " \"hard_sigmoid\"}}]}, \"keras_version\": \"2.2.4\", \"backend\": \"tensorflow\"}";
        KerasFileFixture f = new KerasFileFixture("2.2.4", json)
                .weight("lstm_1", "lstm_1/kernel:0", k)
                .weight("lstm_1", "lstm_1/recurrent_kernel:0", r)
                .weight("lstm_1", "lstm_1/bias:0", b);
        Path weights = f.writeWeightsOnly(dir.resolve("w.h5"));
        Path modelJson = Files.writeString(dir.resolve("model.json"), json);
        Sequential m = KerasModels.loadWeights(modelJson, weights);
        assertEquals(Activation.HARD_SIGMOID_KERAS2, ((LSTM) m.layers().get(0)).config().recurrentActivation());
        Sequential expected = new Sequential("s").input(4, 3)
                .add(LSTM.builder(2).recurrentActivation(Activation.HARD_SIGMOID_KERAS2).build()).build();
        ((Recurrent) expected.layers().get(0)).setWeights(flat(k), flat(r), b);
        assertSamePredictions(expected, m);
        // the full-model loader points a weights-only file to loadWeights
        String msg = org.junit.jupiter.api.Assertions.assertThrows(KerasImportException.class,
                () -> KerasModels.load(weights)).getMessage();
        assertTrue(msg.contains("weights-only") && msg.contains("loadWeights"), msg);
    }

    @Test
    void theTrainingConfigurationIsCompiledWhereItMaps() throws IOException {
        String lstm = "{\"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm_1\", " + INPUT + ", \"units\": 2,"
                + " \"recurrent_activation\": \"sigmoid\"}}";
        KerasFileFixture f = new KerasFileFixture("2.2.4", sequential(lstm))
                .weight("lstm_1", "lstm_1/kernel:0", matrix(3, 8))
                .weight("lstm_1", "lstm_1/recurrent_kernel:0", matrix(2, 8))
                .weight("lstm_1", "lstm_1/bias:0", vector(8));
        f.attribute("training_config", "{\"optimizer_config\": {\"class_name\": \"RMSprop\", \"config\": {\"lr\": 0.01,"
                + " \"rho\": 0.8, \"decay\": 0.0, \"epsilon\": 1e-07}}, \"loss\": \"binary_crossentropy\","
                + " \"metrics\": [\"acc\"], \"sample_weight_mode\": null, \"loss_weights\": null}");
        Sequential m = KerasModels.load(f.write(dir.resolve("compiled.h5")));
        assertEquals("RMSprop", m.optimizer().name());
        assertEquals(0.01, ((Number) m.optimizer().config().get("learning_rate")).doubleValue(), 1e-9);
        assertEquals(0.8, ((Number) m.optimizer().config().get("rho")).doubleValue(), 1e-9);
        assertTrue(m.loss() instanceof BinaryCrossentropy);
        assertEquals(List.of("accuracy"), m.metricNames());

        f.attribute("training_config", "{\"optimizer_config\": {\"class_name\": \"Nadam\", \"config\": {\"lr\": 0.01}},"
                + " \"loss\": \"mse\"}");
        Sequential unmapped = KerasModels.load(f.write(dir.resolve("nadam.h5")));
        assertNull(unmapped.optimizer(), "an optimizer Recurrent lacks leaves the model uncompiled");
        assertFalse(unmapped.layers().isEmpty());
    }
}
