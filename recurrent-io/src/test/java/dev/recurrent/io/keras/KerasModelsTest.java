package dev.recurrent.io.keras;

import dev.recurrent.kernels.Activation;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Masking;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.model.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the importer builds, and what it refuses with one message naming the layer and option. */
class KerasModelsTest {
    private static final String INPUT = "\"batch_input_shape\": [null, 2, 3]";

    @TempDir
    Path dir;

    private static String sequential(String... layers) {
        return "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [" + String.join(", ", layers) + "]}}";
    }

    private static String lstm(String extra) {
        return "{\"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm_1\", " + INPUT + ", \"units\": 2,"
                + " \"activation\": \"tanh\", \"recurrent_activation\": \"hard_sigmoid\"" + extra + "}}";
    }

    private Path lstmFile(String version, String config) {
        float[][] kernel = new float[3][8], recurrent = new float[2][8];
        float[] bias = new float[8];
        for (int j = 0; j < 8; j++) {
            kernel[0][j] = j + 1;
            recurrent[1][j] = -(j + 1);
            bias[j] = 0.5f * (j + 1);
        }
        return new KerasFileFixture(version, config)
                .weight("lstm_1", "lstm_1/kernel:0", kernel)
                .weight("lstm_1", "lstm_1/recurrent_kernel:0", recurrent)
                .weight("lstm_1", "lstm_1/bias:0", bias)
                .write(dir.resolve("m.h5"));
    }

    private KerasImportException refused(String config) {
        Path file = lstmFile("2.2.4", config);
        return assertThrows(KerasImportException.class, () -> KerasModels.load(file));
    }

    @Test
    void keras2HardSigmoidIsItsOwnActivationAndTheWeightsStayAsStored() throws IOException {
        Sequential model = KerasModels.load(lstmFile("2.2.4", sequential(lstm(""))));
        LSTM lstm = (LSTM) model.layers().get(0);
        assertEquals(Activation.HARD_SIGMOID_KERAS2, lstm.config().recurrentActivation());
        float[] kernel = model.getWeights().get(0);
        for (int j = 0; j < 8; j++) {
            assertEquals(j + 1, kernel[j], "kernel column " + j);
        }
        assertEquals(-8, model.getWeights().get(1)[8 + 7], "recurrent kernel, gate o");
    }

    @Test
    void keras3HardSigmoidIsRecurrentsOwn() throws IOException {
        Sequential model = KerasModels.load(lstmFile("3.1.0", sequential(lstm(""))));
        assertEquals(Activation.HARD_SIGMOID, ((LSTM) model.layers().get(0)).config().recurrentActivation());
        float[] kernel = model.getWeights().get(0);
        for (int j = 0; j < 8; j++) {
            assertEquals(j + 1, kernel[j], "kernel column " + j);
        }
    }

    @Test
    void lambdaIsRefusedWithWhatToDo() {
        String lambda = "{\"class_name\": \"Lambda\", \"config\": {\"name\": \"lambda_1\", \"function\": [\"4wEAAA\", null, null]}}";
        String m = refused(sequential(lstm(""), lambda)).getMessage();
        assertTrue(m.startsWith("layer 'lambda_1' (Lambda): option `function`: "), m);
        assertTrue(m.contains("Python code") && m.contains("remove it"), m);
    }

    @Test
    void maskingImportsAsRecurrentsMasking() throws IOException {
        String masking = "{\"class_name\": \"Masking\", \"config\": {\"name\": \"masking_1\", " + INPUT + ", \"mask_value\": -1.0}}";
        Sequential model = KerasModels.load(lstmFile("2.2.4", sequential(masking, lstm(""))));
        Masking m = (Masking) model.layers().get(0);
        assertEquals("masking_1", m.name());
        assertEquals(-1f, m.maskValue());
    }

    @Test
    void unknownLayersAreRefusedByName() {
        String conv = "{\"class_name\": \"Conv1D\", \"config\": {\"name\": \"conv1d_1\"}}";
        String m = refused(sequential(lstm(", \"return_sequences\": true"), conv)).getMessage();
        assertTrue(m.startsWith("layer 'conv1d_1' (Conv1D): ") && m.contains("supported are"), m);
    }

    @Test
    void unsupportedOptionsAreNamed() {
        String m = refused(sequential(lstm(", \"return_state\": true"))).getMessage();
        assertTrue(m.startsWith("layer 'lstm_1' (LSTM): option `return_state`: "), m);
        m = refused(sequential(lstm(", \"activation\": \"softmax\"").replace("\"activation\": \"tanh\", ", ""))).getMessage();
        assertTrue(m.startsWith("layer 'lstm_1' (LSTM): option `activation`: 'softmax'"), m);
    }

    @Test
    void aWeightOfTheWrongShapeIsRefusedBeforeItIsRead() {
        Path file = new KerasFileFixture("2.2.4", sequential(lstm("")))
                .weight("lstm_1", "lstm_1/kernel:0", new float[3][4])
                .weight("lstm_1", "lstm_1/recurrent_kernel:0", new float[2][8])
                .weight("lstm_1", "lstm_1/bias:0", new float[8])
                .write(dir.resolve("bad.h5"));
        String m = assertThrows(KerasImportException.class, () -> KerasModels.load(file)).getMessage();
        assertEquals("layer 'lstm_1' (LSTM): the file stores 36 weight values for it ([lstm_1/kernel:0[3, 4],"
                + " lstm_1/recurrent_kernel:0[2, 8], lstm_1/bias:0[8]]), its configuration needs 48", m);
    }

    @Test
    void branchingFunctionalModelsAreRefused() {
        String config = "{\"class_name\": \"Model\", \"config\": {\"name\": \"m\", \"layers\": ["
                + "{\"name\": \"in\", \"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", " + INPUT + "}, \"inbound_nodes\": []},"
                + "{\"name\": \"lstm_1\", \"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm_1\", \"units\": 2,"
                + " \"recurrent_activation\": \"sigmoid\"}, \"inbound_nodes\": [[[\"in\", 0, 0, {}]]]},"
                + "{\"name\": \"lstm_2\", \"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm_2\", \"units\": 2,"
                + " \"recurrent_activation\": \"sigmoid\"}, \"inbound_nodes\": [[[\"in\", 0, 0, {}]]]}],"
                + " \"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"lstm_1\", 0, 0]]}}";
        String m = refused(config).getMessage();
        assertTrue(m.contains("'in' feeds several layers"), m);
    }

    @Test
    void aKeras3FunctionalChainImports() throws IOException {
        String config = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"f\", \"layers\": ["
                + "{\"name\": \"in\", \"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\","
                + " \"batch_shape\": [null, 2, 3]}, \"inbound_nodes\": []},"
                + "{\"name\": \"lstm_1\", \"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm_1\", \"units\": 2,"
                + " \"recurrent_activation\": \"sigmoid\"}, \"inbound_nodes\": [{\"args\": [{\"class_name\":"
                + " \"__keras_tensor__\", \"config\": {\"keras_history\": [\"in\", 0, 0]}}], \"kwargs\": {}}]}],"
                + " \"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"lstm_1\", 0, 0]]}}";
        Sequential model = KerasModels.load(lstmFile("3.1.0", config));
        assertEquals("f", model.name());
        assertEquals(List.of("LSTM"), model.layers().stream().map(Layer::type).toList());
        assertEquals(List.of(2, 3), List.of(model.inputShape().dims()[0], model.inputShape().dims()[1]));
    }

    @Test
    void anOpenLengthNeedsTimesteps() throws IOException {
        Path file = lstmFile("2.2.4", sequential(lstm("").replace(INPUT, "\"batch_input_shape\": [null, null, 3]")));
        KerasImportException e = assertThrows(KerasImportException.class, () -> KerasModels.load(file));
        assertTrue(e.getMessage().contains("[None, 3]") && e.getMessage().contains("timesteps"), e.getMessage());
        assertEquals(List.of(6, 2), List.of(KerasModels.load(file, 6).inputShape().dims()[0],
                KerasModels.load(file, 6).outputShape().dims()[0]));
    }

    @Test
    void filesThatAreNotKerasModelsAreRefused() throws IOException {
        Path text = Files.writeString(dir.resolve("x.h5"), "not hdf5");
        assertTrue(assertThrows(KerasImportException.class, () -> KerasModels.load(text)).getMessage()
                .contains("not a readable HDF5 file"));
        Path notAModel = new KerasFileFixture("2.2.4", "{}").write(dir.resolve("w.h5"));
        // a weights-only file has no model_config at the root
        Path noConfig = dir.resolve("nc.h5");
        try (var h = io.jhdf.HdfFile.write(noConfig)) {
            h.putAttribute("keras_version", "2.2.4");
        }
        assertTrue(assertThrows(KerasImportException.class, () -> KerasModels.load(noConfig)).getMessage()
                .contains("no `model_config`"));
        assertTrue(assertThrows(KerasImportException.class, () -> KerasModels.load(notAModel)).getMessage()
                .contains("model_config: a model of class ''"));
    }

    @Test
    void keras1TimeDistributedDenseTakesTheSoftmaxThatFollows() throws IOException, URISyntaxException {
        Path file = Path.of(KerasModelsTest.class.getResource("/keras/lstm_tf_model.h5").toURI());
        Sequential model = KerasModels.load(file);
        List<Layer> layers = model.layers();
        assertEquals(List.of("LSTM", "LSTM", "TimeDistributed"), layers.stream().map(Layer::type).toList());
        Dense dense = (Dense) ((TimeDistributed) layers.get(2)).inner();
        assertEquals("softmax", dense.activation());
        assertEquals("timedistributeddense_1", layers.get(2).name());
    }
}
