package dev.recurrent.layers.attention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.Shape;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every attention golden case (src/test/resources/golden/attention, written by
 * make_attention_golden.py: PyTorch in float64) through the layer in float32: output and scores
 * within 2e-6 and every gradient within 1e-5 of the reference, both relative to max(1, max |expected|).
 */
class AttentionGoldenTest {
    static final double FORWARD_TOLERANCE = 2e-6, GRADIENT_TOLERANCE = 1e-5;
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path directory() throws URISyntaxException {
        return Paths.get(AttentionGoldenTest.class.getResource("/golden/attention").toURI());
    }

    static List<Path> cases() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void theCasesCoverBothLayersEveryScoreModeKeysMasksAndCausal() throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        for (Path f : cases()) {
            docs.add(JSON.readTree(f.toFile()));
        }
        assertTrue(docs.stream().anyMatch(d -> d.get("layer").asText().equals("AdditiveAttention")));
        assertTrue(docs.stream().anyMatch(d -> d.path("config").path("score_mode").asText().equals("concat")));
        assertTrue(docs.stream().anyMatch(d -> d.path("config").path("score_mode").asText().equals("dot")));
        assertTrue(docs.stream().anyMatch(d -> d.get("tensors").has("key")));
        assertTrue(docs.stream().anyMatch(d -> d.get("tensors").has("query_mask")));
        assertTrue(docs.stream().anyMatch(d -> d.get("tensors").has("value_mask")));
        assertTrue(docs.stream().anyMatch(d -> d.get("use_causal_mask").asBoolean()));
        assertTrue(docs.stream().anyMatch(d -> d.get("dim").asInt() != d.get("value_dim").asInt()));
    }

    @TestFactory
    List<DynamicTest> everyCaseMatchesTheReference() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : cases()) {
            tests.add(DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(JSON.readTree(f.toFile()))));
        }
        assertTrue(tests.size() >= 8, "expected the attention golden cases, found " + tests.size());
        return tests;
    }

    @SuppressWarnings("unchecked")
    static void check(JsonNode doc) {
        JsonNode t = doc.get("tensors");
        String name = doc.get("name").asText();
        AttentionLayer layer = AttentionLayers.fromConfig(doc.get("layer").asText(),
                JSON.convertValue(doc.get("config"), Map.class));
        int batch = doc.get("batch").asInt(), tq = doc.get("query_steps").asInt(), tv = doc.get("value_steps").asInt();
        int dim = doc.get("dim").asInt(), dv = doc.get("value_dim").asInt();
        boolean withKey = t.has("key");
        layer.build(Shape.of(tq, dim), Shape.of(tv, dv), withKey ? Shape.of(tv, dim) : null, 1L);
        for (Parameter p : layer.parameters()) {
            assertNotNull(t.get(p.name()), name + ": the case has no value for weight " + p.name());
            float[] v = floats(t.get(p.name()));
            System.arraycopy(v, 0, p.value(), 0, p.size());
        }
        float[] out = layer.forward(floats(t.get("query")), floats(t.get("value")), withKey ? floats(t.get("key")) : null,
                bools(t.get("query_mask")), bools(t.get("value_mask")), batch, false, doc.get("use_causal_mask").asBoolean());
        assertClose(name + " output", floats(t.get("output")), out, FORWARD_TOLERANCE);
        assertClose(name + " scores", floats(t.get("scores")), layer.scores(), FORWARD_TOLERANCE);
        layer.zeroGrad();
        layer.backward(floats(t.get("d_output")), floats(t.get("d_scores")));
        assertClose(name + " grad_query", floats(t.get("grad_query")), layer.queryGradient(), GRADIENT_TOLERANCE);
        assertClose(name + " grad_value", floats(t.get("grad_value")), layer.valueGradient(), GRADIENT_TOLERANCE);
        if (withKey) {
            assertClose(name + " grad_key", floats(t.get("grad_key")), layer.keyGradient(), GRADIENT_TOLERANCE);
        }
        for (Parameter p : layer.parameters()) {
            assertClose(name + " grad_" + p.name(), floats(t.get("grad_" + p.name())), p.grad(), GRADIENT_TOLERANCE);
        }
    }

    static void assertClose(String what, float[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 1, worst = 0;
        int at = -1;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs((double) expected[i] - actual[i]);
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        assertTrue(worst / scale <= tolerance, what + ": worst difference " + worst + " at " + at + " (expected "
                + (at < 0 ? "" : expected[at]) + ", got " + (at < 0 ? "" : actual[at]) + "), tolerance " + tolerance * scale);
    }

    static float[] floats(JsonNode tensor) {
        JsonNode data = tensor.get("data");
        float[] a = new float[data.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) data.get(i).asDouble();
        }
        return a;
    }

    static boolean[] bools(JsonNode tensor) {
        if (tensor == null) {
            return null;
        }
        JsonNode data = tensor.get("data");
        boolean[] a = new boolean[data.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = data.get(i).asBoolean();
        }
        return a;
    }
}
