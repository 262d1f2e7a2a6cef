package dev.recurrent.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recurrent.graph.Add;
import dev.recurrent.graph.Call;
import dev.recurrent.graph.Functional;
import dev.recurrent.graph.Input;
import dev.recurrent.graph.Node;
import dev.recurrent.graph.Outputs;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Masking;
import dev.recurrent.model.Model;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recurrent calls with initial states on masked inputs in Keras 3 files: Keras 3 passes such a call
 * no mask by itself, so a masked call is written with its mask as Keras 3 records it, a call that
 * ignores the mask without one; both import back as they were.
 */
class KerasMaskExportTest {
    private static final ZonedDateTime SAVED = ZonedDateTime.of(2024, 10, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    /** Outputs: a masked decoder on token ids, one ignoring the mask, an LSTM on Masking(0) frames. */
    static Model decoders() {
        Functional.setSeed(8);
        Node src = Input.named("source", Input.NONE), tgt = Input.named("target", Input.NONE);
        Node frames = Input.named("frames", 5, 3);
        Outputs enc = Functional.callWithState(GRU.builder(4).returnState(true).build(),
                Functional.call(new Embedding("source_embedding", 9, 3, true), src));
        Node embedded = Functional.call(new Embedding("target_embedding", 9, 3, true), tgt);
        Node masked = Functional.call(GRU.builder(4).returnSequences(true).build(), embedded, enc.states());
        Node unmasked = Functional.callIgnoringMask(GRU.builder(4).returnSequences(true).build(), embedded,
                enc.states()).output();
        Node fromFrames = Functional.call(LSTM.builder(4).build(), Functional.call(new Masking("masking", 0f), frames),
                Functional.call(Dense.of(4), enc.h()), enc.h());
        return new Model("masked_states", List.of(src, tgt, frames),
                List.of(Functional.call(Dense.of(5, "softmax"), masked), unmasked, fromFrames));
    }

    static List<Tensor> inputs() {
        float[] f = new float[3 * 5 * 3];
        for (int i = 0; i < f.length; i++) {
            f[i] = (i % 11 - 5) / 6f;
        }
        java.util.Arrays.fill(f, 9, 15, 0f);        // sample 0: steps 3, 4 masked
        return List.of(Tensor.of(new float[] {1, 2, 3, 0, 0, 4, 5, 6, 7, 8, 2, 0, 0, 0, 0}, 3, 5),
                Tensor.of(new float[] {3, 1, 0, 0, 8, 8, 8, 8, 5, 0, 0, 0}, 3, 4), Tensor.of(f, 3, 5, 3));
    }

    @Test
    void maskedCallsWithStatesAreGivenTheirMaskAndImportBackAsTheyWere() throws IOException {
        Model m = decoders();
        byte[] file = KerasExport.toBytes(m, SAVED);
        Model back = KerasModels.loadGraph(file, -1);
        List<Tensor> want = m.predict(inputs(), 2), got = back.predict(inputs(), 2);
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i).data(), got.get(i).data(), "output " + i);
        }
        List<Boolean> ignoring = new ArrayList<>(), ignoringBack = new ArrayList<>();
        m.graph().calls().forEach(c -> ignoring.add(c.ignoresMask()));
        back.graph().calls().forEach(c -> ignoringBack.add(c.ignoresMask()));
        assertEquals(ignoring, ignoringBack);
        assertEquals(1, ignoring.stream().filter(b -> b).count());
    }

    @Test
    void theMaskIsWrittenAsKeras3RecordsIt() throws IOException {
        JsonNode layers = config(KerasExport.toBytes(decoders(), SAVED)).path("config").path("layers");
        List<String> names = new ArrayList<>();
        layers.forEach(l -> names.add(l.path("name").asText()));
        int embedding = names.indexOf("target_embedding"), masking = names.indexOf("masking");
        assertEquals("not_equal", names.get(embedding + 1), names.toString());
        assertEquals(List.of("not_equal_1", "any"), names.subList(masking + 1, masking + 3), names.toString());
        JsonNode notEqual = layers.get(embedding + 1);
        assertEquals("keras.src.ops.numpy", notEqual.path("module").asText());
        assertEquals("[\"target\",0,0]", notEqual.path("inbound_nodes").get(0).path("args").get(0).path("config")
                .path("keras_history").toString());
        assertEquals(0, notEqual.path("inbound_nodes").get(0).path("args").get(1).asInt(-1));
        JsonNode any = layers.get(masking + 2);
        assertEquals(-1, any.path("config").path("axis").asInt());
        assertEquals("[null,5]", maskOf(layers, "lstm").path("config").path("shape").toString());
        assertEquals("[\"any\",0,0]", maskOf(layers, "lstm").path("config").path("keras_history").toString());
        assertEquals("[\"not_equal\",0,0]", maskOf(layers, "gru_1").path("config").path("keras_history").toString());
        assertEquals("bool", maskOf(layers, "gru_1").path("config").path("dtype").asText());
        JsonNode ignoring = layers.get(names.indexOf("gru_2")).path("inbound_nodes").get(0).path("kwargs");
        assertTrue(ignoring.has("initial_state") && !ignoring.has("mask"), ignoring.toString());
        assertTrue(maskOf(layers, "gru").isNull(), "a call of one tensor: Keras 3 fills its mask in");
    }

    @Test
    void theMaskOperationsCountInKerasLayerOrder() throws IOException {
        // any(not_equal(near)) puts `near` one deeper than its Masking alone: as deep as `far`, and seen first
        Node x = Input.named("x", 5, 3), h = Input.named("h", 4);
        Node masked = Functional.call(new Masking("masking", 0f), Functional.call(new Dense("near", 3, "linear"), x));
        Node decoded = Functional.call(GRU.builder(4).returnSequences(true).build(), masked, h);
        Node far = Functional.call(new Dense("far", 3, "linear"), x);
        for (int i = 0; i < 3; i++) {
            far = Functional.call(Dense.of(3, "tanh"), far);
        }
        JsonNode layers = config(KerasExport.toBytes(new Model("deeper", List.of(x, h), List.of(decoded, far)), SAVED))
                .path("config").path("layers");
        List<String> names = new ArrayList<>();
        layers.forEach(l -> names.add(l.path("name").asText()));
        assertTrue(names.indexOf("near") < names.indexOf("far"), names.toString());
    }

    @Test
    void whatKeras3WouldMaskOtherwiseIsRefusedInOneLine() throws IOException {
        Node ids = Input.named("ids", 4), h = Input.named("h", 3), other = Input.named("other", 4, 2);
        Node embedded = Functional.call(new Embedding("embedding", 5, 2, true), ids);
        Node alone = Functional.callIgnoringMask(GRU.builder(3).build(), embedded, List.of()).output();
        KerasExportException e = assertThrows(KerasExportException.class,
                () -> KerasExport.toBytes(new Model(List.of(ids, h), List.of(alone)), SAVED));
        assertTrue(e.getMessage().contains("gru[0]") && e.getMessage().contains("one tensor")
                && !e.getMessage().contains("\n"), e.getMessage());

        Node merged = new Add("add").call(embedded, Functional.call(new Masking("masking", 0f), other));
        Node decoded = Functional.call(GRU.builder(3).build(), merged, h);
        e = assertThrows(KerasExportException.class,
                () -> KerasExport.toBytes(new Model(List.of(ids, h, other), List.of(decoded)), SAVED));
        assertTrue(e.getMessage().contains("gru[0]") && e.getMessage().contains("merged by add[0]")
                && e.getMessage().contains("initial states") && !e.getMessage().contains("\n"), e.getMessage());
        Node plain = Functional.call(GRU.builder(3).build(), merged);
        Call call = plain.producer();
        assertFalse(call.ignoresMask());
        assertTrue(KerasExport.toBytes(new Model(List.of(ids, other), List.of(plain)), SAVED).length > 0,
                "without initial states Keras 3 passes the merged mask itself");
    }

    private static JsonNode maskOf(JsonNode layers, String layer) {
        for (JsonNode l : layers) {
            if (l.path("name").asText().equals(layer)) {
                return l.path("inbound_nodes").get(0).path("kwargs").path("mask");
            }
        }
        throw new AssertionError("no layer " + layer);
    }

    private static JsonNode config(byte[] keras) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(keras))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals("config.json")) {
                    return new ObjectMapper().readTree(zip.readAllBytes());
                }
            }
        }
        throw new AssertionError("no config.json");
    }
}
