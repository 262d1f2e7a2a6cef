package dev.recurrent.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recurrent.graph.Call;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.attention.Attention;
import dev.recurrent.model.Model;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.recurrent.io.keras.KerasCasesTest.floats;
import static dev.recurrent.io.keras.KerasCasesTest.ints;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keras functional models imported as graph models: the fixtures of
 * {@code src/test/resources/keras-functional} (Keras 3 {@code .keras} and tf.keras 2 {@code .h5},
 * written by its {@code make_fixtures.py} with outputs recomputed in PyTorch/numpy) within 1e-5, and
 * the real tf.keras functional files of {@code ../shared/interop/keras} when that folder is there.
 */
class KerasGraphImportTest {
    private static final double TOLERANCE = 1e-5;

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(KerasGraphImportTest.class.getResource("/keras-functional/" + name).toURI());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"seq2seq.keras", "seq2seq.h5", "shared_attention.keras", "shared_attention.h5",
            "embedding_gru_attention.keras", "embedding_gru_attention.h5"})
    void fixtureMatchesTheIndependentComputation(String file) throws Exception {
        Model model = KerasModels.loadGraph(fixture(file));
        String name = file.substring(0, file.indexOf('.'));
        double worst = compare(model, fixture(name + ".case.json"));
        assertTrue(worst <= TOLERANCE, file + ": max |got - expected| = " + worst);
        System.out.printf("%s: max error %.3g%n", file, worst);
    }

    @Test
    void seq2seqWiresTheEncoderStatesIntoTheDecoder() throws Exception {
        for (String file : List.of("seq2seq.keras", "seq2seq.h5")) {
            Model model = KerasModels.loadGraph(fixture(file));
            assertEquals(2, model.inputs().size(), file);
            assertEquals(1, model.outputs().size(), file);
            Call decoder = model.graph().calls().stream().filter(c -> c.name().equals("lstm_1")).findFirst().orElseThrow();
            assertEquals(List.of("lstm[0][1]", "lstm[0][2]"),
                    decoder.inputs().subList(1, 3).stream().map(n -> n.name()).toList(), file);
            assertTrue(((LSTM) model.layer("lstm")).config().returnState(), file);
            assertTrue(model.inputs().get(0).variableSteps(), file + ": None steps stay open");
        }
    }

    @Test
    void sharedLayerIsOneLayerCalledTwice() throws Exception {
        for (String file : List.of("shared_attention.keras", "shared_attention.h5")) {
            Model model = KerasModels.loadGraph(fixture(file));
            Map<Object, List<Call>> calls = model.graph().callsByLayer();
            assertEquals(2, calls.get(model.layer("lstm")).size(), file);
            assertTrue(((Attention) model.layer("attention")).useScale(), file);
            assertEquals(2, model.outputs().size(), file);
            // the Keras 3 mask operations (not_equal, any) are not layers of the graph
            assertTrue(model.graph().calls().stream().noneMatch(c -> c.name().equals("not_equal")), file);
        }
    }

    @Test
    void theCompileConfigIsCompiledInAndStreamsAreRead() throws Exception {
        byte[] original = Files.readAllBytes(fixture("seq2seq.keras"));
        com.fasterxml.jackson.databind.node.ObjectNode config = (com.fasterxml.jackson.databind.node.ObjectNode)
                new ObjectMapper().readTree(KerasGraphExportTest.entry(original, "config.json"));
        config.set("compile_config", new ObjectMapper().readTree("{\"optimizer\": {\"module\": \"keras.optimizers\","
                + " \"class_name\": \"Adam\", \"config\": {\"name\": \"adam\", \"learning_rate\": 0.005},"
                + " \"registered_name\": null}, \"loss\": \"categorical_crossentropy\", \"metrics\": [\"accuracy\"]}"));
        java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip)) {
            for (String name : List.of("metadata.json", "config.json", "model.weights.h5")) {
                out.putNextEntry(new java.util.zip.ZipEntry(name));
                out.write(name.equals("config.json") ? new ObjectMapper().writeValueAsBytes(config)
                        : KerasGraphExportTest.entry(original, name));
                out.closeEntry();
            }
        }
        Model model = KerasModels.loadGraph(new java.io.ByteArrayInputStream(zip.toByteArray()));
        assertEquals("Adam", model.optimizer().getClass().getSimpleName());
        assertEquals(List.of("accuracy"), model.metricNames());
        assertTrue(compare(model, fixture("seq2seq.case.json")) <= TOLERANCE);
        assertEquals(null, KerasModels.loadGraph(fixture("seq2seq.keras")).optimizer(), "no compile_config: uncompiled");
    }

    @Test
    void aGraphIsRefusedAsSequentialPointingToLoadGraph() {
        KerasImportException e = assertThrows(KerasImportException.class,
                () -> KerasModels.load(fixture("seq2seq.keras")));
        assertTrue(e.getMessage().contains("KerasModels.loadGraph"), e.getMessage());
    }

    @Test
    void graphFilesAreToldFromChains() throws Exception {
        assertTrue(KerasModels.isGraph(fixture("seq2seq.h5")));
        assertTrue(KerasModels.isGraph(fixture("shared_attention.keras")));
        Path chain = Path.of(KerasGraphImportTest.class.getResource("/keras/rnn_0.h5").toURI());
        assertTrue(!KerasModels.isGraph(chain));
    }

    static Stream<Path> sharedFunctionalCases() throws IOException {
        Path dir = Path.of("..", "..", "shared", "interop", "keras");
        if (!Files.isDirectory(dir)) {
            return Stream.of((Path) null);
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().matches("tfkeras_rnn_.*\\.case\\.json")).sorted().forEach(out::add);
        }
        return out.stream();
    }

    /** The real tf.keras functional files (chains) through the graph import give Keras' outputs too. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedFunctionalCases")
    void realFunctionalFilesImportAsGraphs(Path caseFile) throws IOException {
        Assumptions.assumeTrue(caseFile != null, "../shared/interop/keras is absent: only the bundled fixtures run");
        JsonNode c = new ObjectMapper().readTree(caseFile.toFile());
        int[] inShape = ints(c.path("input").path("shape"));
        Model m = KerasModels.loadGraph(caseFile.resolveSibling(c.path("model_file").asText()), inShape[1]);
        Tensor y = m.predict(Tensor.of(floats(c.path("input").path("data")), inShape), inShape[0]);
        assertArrayEquals(ints(c.path("output").path("shape")), y.shape());
        float[] want = floats(c.path("output").path("data"));
        double max = 0, worst = 0;
        for (int i = 0; i < want.length; i++) {
            max = Math.max(max, Math.abs(want[i]));
            worst = Math.max(worst, Math.abs(y.data()[i] - want[i]));
        }
        assertTrue(worst <= 1e-6 + 1e-4 * max, caseFile + ": " + worst);
    }

    /** The largest difference between the model's outputs and a case's, every output compared. */
    static double compare(Model model, Path caseFile) throws IOException {
        JsonNode c = new ObjectMapper().readTree(caseFile.toFile());
        List<Tensor> xs = new ArrayList<>();
        for (JsonNode x : c.path("inputs")) {
            xs.add(Tensor.of(floats(x.path("data")), ints(x.path("shape"))));
        }
        List<Tensor> ys = model.predict(xs, 2);
        JsonNode outs = c.path("outputs");
        assertEquals(outs.size(), ys.size());
        double worst = 0;
        for (int k = 0; k < ys.size(); k++) {
            assertArrayEquals(ints(outs.get(k).path("shape")), ys.get(k).shape(), "output " + k);
            JsonNode want = outs.get(k).path("data");
            for (int i = 0; i < want.size(); i++) {
                worst = Math.max(worst, Math.abs(ys.get(k).data()[i] - want.get(i).doubleValue()));
            }
        }
        return worst;
    }
}
