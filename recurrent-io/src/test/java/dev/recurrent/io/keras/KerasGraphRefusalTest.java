package dev.recurrent.io.keras;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the graph import refuses, each in one line naming the layer: layers and calls Recurrent has
 * no equivalent for, and configs that do not make a graph.
 */
class KerasGraphRefusalTest {
    /** No weights: the refusals come before any are read. */
    private static final KerasWeightSource NO_WEIGHTS = (node, c) -> List.of();

    private static String tensor(String layer, int node, int index) {
        return "{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": [null, 4, 3], \"dtype\": \"float32\","
                + " \"keras_history\": [\"" + layer + "\", " + node + ", " + index + "]}}";
    }

    private static String input(String name, String batchShape) {
        return "{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": " + batchShape
                + ", \"dtype\": \"float32\", \"sparse\": false, \"name\": \"" + name + "\"}, \"registered_name\": null,"
                + " \"name\": \"" + name + "\", \"inbound_nodes\": []}";
    }

    private static String entry(String module, String cls, String name, String config, String... nodes) {
        return "{\"module\": \"" + module + "\", \"class_name\": \"" + cls + "\", \"config\": {\"name\": \"" + name + "\""
                + (config.isEmpty() ? "" : ", " + config) + "}, \"registered_name\": null, \"name\": \"" + name + "\","
                + " \"inbound_nodes\": [" + String.join(", ", nodes) + "]}";
    }

    private static String layer(String cls, String name, String config, String... nodes) {
        return entry("keras.layers", cls, name, config, nodes);
    }

    private static String node(String args, String kwargs) {
        return "{\"args\": [" + args + "], \"kwargs\": {" + kwargs + "}}";
    }

    private static String model(String output, String... layers) {
        return "{\"module\": \"keras.src.models.functional\", \"class_name\": \"Functional\", \"config\": {\"name\":"
                + " \"m\", \"trainable\": true, \"layers\": [" + String.join(", ", layers) + "], \"input_layers\":"
                + " [\"a\", 0, 0], \"output_layers\": [\"" + output + "\", 0, 0]}}";
    }

    private static final String A = input("a", "[null, 4, 3]");

    private static String refused(String config) {
        KerasImportException e = assertThrows(KerasImportException.class,
                () -> KerasGraphImport.build(config, NO_WEIGHTS, 3, -1));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    private static void assertRefused(String config, String start, String part) {
        String m = refused(config);
        assertTrue(m.startsWith(start) && m.contains(part), m);
    }

    @Test
    void aLayerWithoutEquivalentIsNamedWithTheSupportedOnes() {
        assertRefused(model("subtract", A, layer("Subtract", "subtract", "", node("[" + tensor("a", 0, 0) + ", "
                        + tensor("a", 0, 0) + "]", ""))),
                "layer 'subtract' (Subtract): this layer class has no equivalent", "the merges Concatenate, Add");
        assertRefused(model("lambda", A, layer("Lambda", "lambda", "\"function\": \"x\"", node(tensor("a", 0, 0), ""))),
                "layer 'lambda' (Lambda): option `function`", "Python code");
        assertRefused(model("m2", A, entry("keras.src.models.functional", "Functional", "m2", "",
                        node(tensor("a", 0, 0), ""))),
                "layer 'm2' (Functional): a model nested in a graph model cannot be imported", "inner model's layers");
    }

    @Test
    void anOperationComputingAValueIsRefused() {
        assertRefused(model("concatenate", A,
                        entry("keras.src.ops.numpy", "Add", "add", "", node(tensor("a", 0, 0) + ", 1.0", "")),
                        layer("Concatenate", "concatenate", "\"axis\": -1", node("[" + tensor("a", 0, 0) + ", "
                                + tensor("add", 0, 0) + "]", ""))),
                "layer 'add' (Add): a Keras operation (keras.ops)", "write it with layers");
    }

    @Test
    void callArgumentsWithoutEquivalentAreRefused() {
        String m = input("m", "[null, 4]");
        assertRefused(model("dropout", A, m, layer("Dropout", "dropout", "\"rate\": 0.5",
                        node(tensor("a", 0, 0), "\"mask\": " + tensor("m", 0, 0)))),
                "layer 'dropout' (Dropout): it is given the tensor m[0][0] as its mask", "explicit mask");
        assertRefused(model("dropout", A, layer("Dropout", "dropout", "\"rate\": 0.5",
                        node(tensor("a", 0, 0), "\"training\": true"))),
                "layer 'dropout' (Dropout): call argument `training=True`", "dropout at inference");
        assertRefused(model("dropout", A, layer("Dropout", "dropout", "\"rate\": 0.5",
                        node(tensor("a", 0, 0), "\"initial_state\": [" + tensor("a", 0, 0) + "]"))),
                "layer 'dropout' (Dropout): option `initial_state`", "only LSTM, GRU and SimpleRNN");
        assertRefused(model("add", A, layer("Add", "add", "", node("[" + tensor("a", 0, 0) + ", 2.5]", ""))),
                "layer 'add' (Add): it is called on the constant 2.5", "only calls on tensors");
        assertRefused(model("dropout", A, layer("Dropout", "dropout", "", node(tensor("a", 0, 0), "\"noise_shape\": [1]"))),
                "layer 'dropout' (Dropout): call argument `noise_shape`", "initial_state");
        assertRefused(model("dot", A, layer("Dot", "dot", "\"axes\": 2, \"normalize\": true",
                        node("[" + tensor("a", 0, 0) + ", " + tensor("a", 0, 0) + "]", ""))),
                "layer 'dot' (Dot): option `normalize`", "cosine");
        assertRefused(model("bidirectional", A, layer("Bidirectional", "bidirectional", "\"layer\": {\"class_name\":"
                        + " \"LSTM\", \"config\": {\"name\": \"lstm\", \"units\": 2, \"return_state\": true}}",
                        node(tensor("a", 0, 0), ""))),
                "layer 'bidirectional' (Bidirectional): option `return_state`", "return_state=False");
    }

    @Test
    void aBidirectionalOverOpenStepsNeedsTheirLength() {
        String config = model("bidirectional", input("a", "[null, null, 3]"), layer("Bidirectional", "bidirectional",
                "\"layer\": {\"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm\", \"units\": 2}}",
                node(tensor("a", 0, 0), "")));
        assertRefused(config, "layer 'bidirectional' (Bidirectional): runs backwards over sequences of None steps",
                "--timesteps N");
    }

    @Test
    void configsThatMakeNoGraphAreRefused() {
        assertRefused(model("dropout", A, layer("Dropout", "dropout", "", node(tensor("nowhere", 0, 0), ""))),
                "model_config: a call takes nowhere[0][0], but there is no layer named 'nowhere'", "");
        assertRefused(model("d1", A, layer("Dropout", "d1", "", node(tensor("d2", 0, 0), "")),
                        layer("Dropout", "d2", "", node(tensor("d1", 0, 0), ""))),
                "layer 'd1' (Dropout): call 0 takes [d2[0][0]]", "a loop");
        assertRefused(model("dropout", A, layer("Dropout", "dropout", "", node(tensor("a", 3, 0), ""))),
                "layer 'dropout' (Dropout): call 0 takes [a[3][0]]", "no call of the model makes");
        assertRefused(model("a", A, A), "model_config: layer 1 (InputLayer) has the name 'a' of an earlier layer", "");
        String tokens = "{\"module\": \"keras.src.models.functional\", \"class_name\": \"Functional\", \"config\":"
                + " {\"name\": \"m\", \"layers\": [" + input("ids", "[null, null]") + ", "
                + layer("Dense", "dense", "\"units\": 2", node(tensor("ids", 0, 0), "")) + "], \"input_layers\": [\"ids\", 0, 0],"
                + " \"output_layers\": [\"dense\", 0, 0]}}";
        assertRefused(tokens, "layer 'dense' (Dense): ", "token ids of any length; only an Embedding takes those");
        assertRefused("{\"class_name\": \"Sequential\", \"config\": {\"layers\": []}}",
                "model_config: a model of class 'Sequential' is not a functional model", "");
    }

    @Test
    void keras2ConstantInputsAreRefused() {
        String config = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"m\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 4, 3], \"name\": \"a\"},"
                + " \"name\": \"a\", \"inbound_nodes\": []},"
                + "{\"class_name\": \"Add\", \"config\": {\"name\": \"add\"}, \"name\": \"add\", \"inbound_nodes\":"
                + " [[[\"a\", 0, 0, {}], [\"_CONSTANT_VALUE\", -1, 2.0, {}]]]}],"
                + " \"input_layers\": [[\"a\", 0, 0]], \"output_layers\": [[\"add\", 0, 0]]}}";
        assertRefused(config, "layer 'add' (Add): it is called on a constant", "");
    }
}
