package dev.recurrent.io.keras;

import dev.recurrent.kernels.Activation;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Masking;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.loss.MeanSquaredError;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keras 3 files, written by {@link Keras3Fixture} after Keras 3's saving_lib, import with each
 * variable in its place: the predictions equal those of the same model built directly in
 * Recurrent with the same arrays, bit for bit.
 */
class Keras3ImportTest {
    @TempDir
    Path dir;

    private final Random rnd = new Random(11);

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

    static float[] flat(float[][] m) {
        float[] out = new float[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, out, i * m[0].length, m[0].length);
        }
        return out;
    }

    private static String layer(String cls, String config) {
        return "{\"module\": \"keras.layers\", \"class_name\": \"" + cls + "\", \"config\": {" + config + "},"
                + " \"registered_name\": null}";
    }

    private static String rnn(String name, int units, String extra) {
        return "\"name\": \"" + name + "\", \"trainable\": true, \"dtype\": {\"module\": \"keras\", \"class_name\":"
                + " \"DTypePolicy\", \"config\": {\"name\": \"float32\"}, \"registered_name\": null},"
                + " \"return_state\": false, \"go_backwards\": false, \"stateful\": false, \"unroll\": false,"
                + " \"zero_output_for_mask\": false, \"units\": " + units + ", \"activation\": \"tanh\","
                + " \"use_bias\": true, \"kernel_initializer\": {\"module\": \"keras.initializers\", \"class_name\":"
                + " \"GlorotUniform\", \"config\": {\"seed\": null}, \"registered_name\": null},"
                + " \"dropout\": 0.0, \"recurrent_dropout\": 0.0, \"seed\": null" + extra;
    }

    private static final String COMPILE = "\"compile_config\": {\"optimizer\": {\"module\": \"keras.optimizers\","
            + " \"class_name\": \"Adam\", \"config\": {\"name\": \"adam\", \"learning_rate\": 0.005, \"weight_decay\": null,"
            + " \"clipnorm\": null, \"global_clipnorm\": null, \"clipvalue\": null, \"use_ema\": false, \"ema_momentum\": 0.99,"
            + " \"ema_overwrite_frequency\": null, \"loss_scale_factor\": null, \"gradient_accumulation_steps\": null,"
            + " \"beta_1\": 0.9, \"beta_2\": 0.999, \"epsilon\": 1e-07, \"amsgrad\": false}, \"registered_name\": null},"
            + " \"loss\": \"mse\", \"loss_weights\": null, \"metrics\": [\"mae\"], \"weighted_metrics\": null,"
            + " \"run_eagerly\": false, \"steps_per_execution\": 1, \"jit_compile\": false}";

    /** Sequential: LSTM (Keras 3 hard_sigmoid), LSTM, GRU (reset_after, bias [2, 3H]), Dense. */
    private static final String SEQUENTIAL = "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\":"
            + " {\"name\": \"seq\", \"trainable\": true, \"layers\": ["
            + layer("InputLayer", "\"batch_shape\": [null, 4, 3], \"dtype\": \"float32\", \"sparse\": false, \"name\": \"input_layer\"") + ", "
            + layer("LSTM", rnn("lstm", 5, ", \"recurrent_activation\": \"hard_sigmoid\", \"return_sequences\": true, \"unit_forget_bias\": true")) + ", "
            + layer("LSTM", rnn("lstm_1", 3, ", \"recurrent_activation\": \"sigmoid\", \"return_sequences\": true, \"unit_forget_bias\": true")) + ", "
            + layer("GRU", rnn("gru", 4, ", \"recurrent_activation\": \"sigmoid\", \"return_sequences\": false, \"reset_after\": true")) + ", "
            + layer("Dense", "\"name\": \"dense\", \"units\": 2, \"activation\": \"linear\", \"use_bias\": true")
            + "]}, \"build_config\": {\"input_shape\": [null, 4, 3]}, " + COMPILE + "}";

    private record SequentialCase(Keras3Fixture fixture, Sequential expected) {
    }

    private SequentialCase sequentialCase() {
        float[][] k1 = matrix(3, 20), r1 = matrix(5, 20), k2 = matrix(5, 12), r2 = matrix(3, 12);
        float[][] k3 = matrix(3, 12), r3 = matrix(4, 12), b3 = matrix(2, 12), kd = matrix(4, 2);
        float[] b1 = vector(20), b2 = vector(12), bd = vector(2);
        Keras3Fixture f = new Keras3Fixture(SEQUENTIAL)
                .vars("layers/lstm/cell", k1, r1, b1)
                .vars("layers/lstm_1/cell", k2, r2, b2)
                .vars("layers/gru/cell", k3, r3, b3)
                .vars("layers/dense", kd, bd);
        Sequential m = new Sequential("seq").input(4, 3)
                .add(LSTM.builder(5).returnSequences(true).recurrentActivation(Activation.HARD_SIGMOID).build())
                .add(LSTM.builder(3).returnSequences(true).build())
                .add(GRU.builder(4).resetAfter(true).build())
                .add(Dense.of(2))
                .build();
        ((Recurrent) m.layers().get(0)).setWeights(flat(k1), flat(r1), b1);
        ((Recurrent) m.layers().get(1)).setWeights(flat(k2), flat(r2), b2);
        ((Recurrent) m.layers().get(2)).setWeights(flat(k3), flat(r3), flat(b3));
        fillDense((Dense) m.layers().get(3), kd, bd);
        return new SequentialCase(f, m);
    }

    private static void fillDense(Dense d, float[][] kernel, float[] bias) {
        List<Parameter> p = d.parameters();
        System.arraycopy(flat(kernel), 0, p.get(0).value(), 0, p.get(0).value().length);
        System.arraycopy(bias, 0, p.get(1).value(), 0, bias.length);
    }

    private Tensor input(int batch, int steps, int features) {
        float[] x = new float[batch * steps * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return Tensor.of(x, batch, steps, features);
    }

    private static void assertSamePredictions(Sequential expected, Sequential actual, Tensor x) {
        assertArrayEquals(expected.predict(x, 8).data(), actual.predict(x, 8).data());
    }

    @Test
    void aKerasArchiveImportsEachVariableInItsPlace() throws IOException {
        SequentialCase c = sequentialCase();
        Path file = c.fixture().writeKeras(dir.resolve("model.keras"), "3.3.3");
        Sequential m = KerasModels.load(file);
        assertEquals(List.of("lstm", "lstm_1", "gru", "dense"), m.layers().stream().map(Layer::name).toList());
        assertEquals(Activation.HARD_SIGMOID, ((LSTM) m.layers().get(0)).config().recurrentActivation());
        assertTrue(((GRU) m.layers().get(2)).resetAfter());
        assertSamePredictions(c.expected(), m, input(3, 4, 3));
        // the compile_config: Adam at 0.005 and mse
        assertEquals("Adam", m.optimizer().name());
        assertEquals(0.005, ((Number) m.optimizer().config().get("learning_rate")).doubleValue(), 1e-9);
        assertTrue(m.loss() instanceof MeanSquaredError);
    }

    @Test
    void bytesStreamsAndWeightsBesideTheConfigLoadTheSame() throws IOException {
        SequentialCase c = sequentialCase();
        Path file = c.fixture().writeKeras(dir.resolve("model.keras"), "3.3.3");
        Tensor x = input(2, 4, 3);
        assertSamePredictions(c.expected(), KerasModels.load(Files.readAllBytes(file)), x);
        try (InputStream in = Files.newInputStream(file)) {
            assertSamePredictions(c.expected(), KerasModels.load(in), x);
        }
        Path weights = c.fixture().writeWeights(dir.resolve("model.weights.h5"));
        Path json = Files.writeString(dir.resolve("config.json"), SEQUENTIAL);
        assertSamePredictions(c.expected(), KerasModels.loadWeights(json, weights), x);
    }

    @Test
    void aFunctionalModelWithANestedSequentialBidirectionalAndTimeDistributed() throws IOException {
        String bi = layer("Bidirectional", "\"name\": \"bidirectional\", \"merge_mode\": \"ave\", \"layer\": "
                + layer("LSTM", rnn("forward_lstm", 3, ", \"recurrent_activation\": \"sigmoid\", \"return_sequences\": true"))
                + ", \"backward_layer\": "
                + layer("LSTM", rnn("backward_lstm", 3, ", \"recurrent_activation\": \"sigmoid\", \"return_sequences\": true")
                        .replace("\"go_backwards\": false", "\"go_backwards\": true")));
        String td = layer("TimeDistributed", "\"name\": \"time_distributed\", \"layer\": "
                + layer("Dense", "\"name\": \"dense\", \"units\": 2, \"activation\": \"softmax\", \"use_bias\": true"));
        String inner = "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"inner\", \"layers\": ["
                + layer("InputLayer", "\"batch_shape\": [null, 5, 2], \"name\": \"input_layer\"") + ", " + bi + ", " + td
                + "]}, \"name\": \"inner\", \"inbound_nodes\": [{\"args\": [{\"class_name\": \"__keras_tensor__\", \"config\":"
                + " {\"shape\": [null, 5, 2], \"dtype\": \"float32\", \"keras_history\": [\"masking\", 0, 0]}}], \"kwargs\": {}}]}";
        String config = "{\"module\": \"keras.src.models.functional\", \"class_name\": \"Functional\", \"config\": {\"name\": \"f\","
                + " \"layers\": ["
                + "{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 5, 2],"
                + " \"name\": \"inp\"}, \"name\": \"inp\", \"inbound_nodes\": []}, "
                + "{\"module\": \"keras.layers\", \"class_name\": \"Masking\", \"config\": {\"name\": \"masking\", \"mask_value\": 0.0},"
                + " \"name\": \"masking\", \"inbound_nodes\": [{\"args\": [{\"class_name\": \"__keras_tensor__\", \"config\":"
                + " {\"shape\": [null, 5, 2], \"dtype\": \"float32\", \"keras_history\": [\"inp\", 0, 0]}}], \"kwargs\": {}}]}, "
                + inner + "], \"input_layers\": [\"inp\", 0, 0], \"output_layers\": [\"inner\", 0, 0]}}";
        float[][] kf = matrix(2, 12), rf = matrix(3, 12), kb = matrix(2, 12), rb = matrix(3, 12), kd = matrix(3, 2);
        float[] bf = vector(12), bb = vector(12), bd = vector(2);
        Path file = new Keras3Fixture(config)
                .vars("layers/sequential/layers/bidirectional/forward_layer/cell", kf, rf, bf)
                .vars("layers/sequential/layers/bidirectional/backward_layer/cell", kb, rb, bb)
                .vars("layers/sequential/layers/time_distributed/layer", kd, bd)
                .writeKeras(dir.resolve("f.keras"), "3.1.0");
        Sequential m = KerasModels.load(file);
        assertEquals(List.of("Masking", "Bidirectional", "TimeDistributed"), m.layers().stream().map(Layer::type).toList());

        Sequential expected = new Sequential("f").input(5, 2)
                .add(new Masking(0f))
                .add(new Bidirectional(LSTM.builder(3).returnSequences(true).build(), Bidirectional.Merge.AVE))
                .add(new TimeDistributed(Dense.of(2, "softmax")))
                .build();
        Bidirectional b = (Bidirectional) expected.layers().get(1);
        b.forwardLayer().setWeights(flat(kf), flat(rf), bf);
        b.backwardLayer().setWeights(flat(kb), flat(rb), bb);
        fillDense((Dense) ((TimeDistributed) expected.layers().get(2)).inner(), kd, bd);
        Tensor x = input(3, 5, 2);
        for (int f = 0; f < 2; f++) {
            x.data()[4 * 2 + f] = 0f;              // sample 0, last step: masked
        }
        assertSamePredictions(expected, m, x);
    }

    @Test
    void aTfKeras2KerasArchiveUsesKeras2sHardSigmoidAndItsOwnGroupName() throws IOException {
        String config = "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"seq\", \"layers\": ["
                + layer("InputLayer", "\"batch_input_shape\": [null, 4, 3], \"name\": \"input_1\"") + ", "
                + layer("LSTM", rnn("lstm", 2, ", \"recurrent_activation\": \"hard_sigmoid\"")) + "]}}";
        float[][] k = matrix(3, 8), r = matrix(2, 8);
        float[] b = vector(8);
        Path file = new Keras3Fixture(config).vars("_layer_checkpoint_dependencies/lstm/cell", k, r, b)
                .writeKeras(dir.resolve("tf213.keras"), "2.13.1");
        Sequential m = KerasModels.load(file);
        assertEquals(Activation.HARD_SIGMOID_KERAS2, ((LSTM) m.layers().get(0)).config().recurrentActivation());
        Sequential expected = new Sequential("seq").input(4, 3)
                .add(LSTM.builder(2).recurrentActivation(Activation.HARD_SIGMOID_KERAS2).build()).build();
        ((Recurrent) expected.layers().get(0)).setWeights(flat(k), flat(r), b);
        assertSamePredictions(expected, m, input(2, 4, 3));
    }

    @Test
    void aMissingLayerGroupIsNamed() throws IOException {
        float[][] k1 = matrix(3, 20), r1 = matrix(5, 20);
        Path file = new Keras3Fixture(SEQUENTIAL).vars("layers/lstm/cell", k1, r1, vector(20))
                .writeKeras(dir.resolve("partial.keras"), "3.3.3");
        String m = org.junit.jupiter.api.Assertions.assertThrows(KerasImportException.class,
                () -> KerasModels.load(Files.readAllBytes(file))).getMessage();
        assertTrue(m.contains("no weights group `layers/lstm_1` for layer 'lstm_1' (LSTM)"), m);
    }

    @Test
    void snakeCaseIsKerasOwn() {
        assertEquals("simple_rnn", KerasGraph.snakeCase("SimpleRNN"));
        assertEquals("time_distributed", KerasGraph.snakeCase("TimeDistributed"));
        assertEquals("lstm", KerasGraph.snakeCase("LSTM"));
        assertEquals("input_layer", KerasGraph.snakeCase("InputLayer"));
    }
}
