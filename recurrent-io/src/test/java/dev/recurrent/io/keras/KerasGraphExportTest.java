package dev.recurrent.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recurrent.graph.Average;
import dev.recurrent.graph.Concatenate;
import dev.recurrent.graph.Dot;
import dev.recurrent.graph.Functional;
import dev.recurrent.graph.Input;
import dev.recurrent.graph.Multiply;
import dev.recurrent.graph.Node;
import dev.recurrent.graph.Outputs;
import dev.recurrent.init.SeededRandom;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Dropout;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Masking;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.PeepholeLSTM;
import dev.recurrent.layers.SimpleRNN;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.layers.attention.AdditiveAttention;
import dev.recurrent.layers.attention.Attention;
import dev.recurrent.model.Model;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Graph models written as Keras 3 {@code .keras} files ({@link KerasExport#toBytes(Model)}) and read
 * back ({@link KerasModels#loadGraph}): the same predictions bit for bit and the same weights; the
 * functional config as Keras 3.6 writes it; what Keras cannot express refused in one line.
 */
class KerasGraphExportTest {
    private static final ZonedDateTime SAVED = ZonedDateTime.of(2024, 10, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    /** Keras' lstm_seq2seq training model, with None steps. */
    static Model seq2seq() {
        Functional.setSeed(3);
        Node encoderInputs = Input.named("encoder_inputs", Input.NONE, 5);
        Outputs enc = Functional.callWithState(LSTM.builder(4).returnState(true).build(), encoderInputs);
        Node decoderInputs = Input.named("decoder_inputs", Input.NONE, 6);
        Outputs dec = Functional.callWithState(LSTM.builder(4).returnSequences(true).returnState(true).build(),
                decoderInputs, enc.states());
        Node out = Functional.call(Dense.of(6, "softmax"), dec.output());
        return new Model("seq2seq", List.of(encoderInputs, decoderInputs), List.of(out));
    }

    /**
     * Token ids with a zero mask, a GRU's state into a second GRU, a Dense shared by two branches,
     * both attention layers (a key, the causal mask, the scores), every merge, Dropout, TimeDistributed,
     * Masking, a Bidirectional and a SimpleRNN.
     */
    static Model everything() {
        Functional.setSeed(4);
        Node tokens = Input.named("tokens", 6);
        Node frames = Input.named("frames", 6, 3);
        Node embedded = Functional.call(new Embedding("embedding", 9, 4, true), tokens);
        Outputs encoder = Functional.callWithState(GRU.builder(5).returnSequences(true).returnState(true).build(), embedded);
        Node masked = Functional.call(new Masking("masking", 0f), frames);
        Node decoded = Functional.call(GRU.builder(5).returnSequences(true).build(), masked, encoder.states());
        Dense shared = new Dense("shared", 5, "tanh");
        Node a = Functional.call(shared, encoder.output());
        Node b = Functional.call(shared, decoded);
        Node luong = Functional.callWithScores(new Attention("attention", true, "concat", 0f), List.of(b, a, encoder.output()),
                true).get(0);
        Node bahdanau = Functional.call(new AdditiveAttention(), List.of(b, a));
        Node sum = new Average("average").call(luong, bahdanau, new Multiply("multiply").call(a, b));
        Node both = new Concatenate("steps", 1).call(sum, Functional.call(new Dropout("dropout", 0.25f), a));
        Node bi = Functional.call(new Bidirectional(SimpleRNN.builder(3).returnSequences(true).build(),
                Bidirectional.Merge.SUM), both);
        Node td = Functional.call(new TimeDistributed(new Dense("td", 2, "linear")), bi);
        Node dot = new Dot("dot", 2, 2).call(b, a);
        return new Model("everything", List.of(tokens, frames), List.of(td, dot, bahdanau));
    }

    private static List<Tensor> inputs(Model m, int batch, int steps, long seed) {
        SeededRandom r = new SeededRandom(seed);
        List<Tensor> xs = new ArrayList<>();
        for (Node in : m.inputs()) {
            int[] dims = in.shape().dims().clone();
            if (in.variableSteps()) {
                dims[0] = steps;
            }
            int[] shape = new int[dims.length + 1];
            shape[0] = batch;
            System.arraycopy(dims, 0, shape, 1, dims.length);
            int size = batch;
            for (int d : dims) {
                size *= d;
            }
            float[] v = new float[size];
            for (int i = 0; i < size; i++) {
                v[i] = in.shape().rank() == 1 ? r.nextInt(9) : (float) (r.nextDouble() * 2 - 1);
            }
            if (in.shape().rank() == 2 && !in.variableSteps()) {
                for (int f = 0; f < dims[1]; f++) {
                    v[(0 * dims[0] + 2) * dims[1] + f] = 0f;   // a masked step of sample 0
                }
            }
            xs.add(Tensor.of(v, shape));
        }
        return xs;
    }

    private static void assertSamePredictions(Model a, Model b, List<Tensor> xs) {
        List<Tensor> ya = a.predict(xs, 3), yb = b.predict(xs, 3);
        assertEquals(ya.size(), yb.size());
        for (int i = 0; i < ya.size(); i++) {
            assertArrayEquals(ya.get(i).shape(), yb.get(i).shape());
            assertArrayEquals(ya.get(i).data(), yb.get(i).data(), "output " + i);
        }
    }

    private static void assertSameWeights(Model a, Model b) {
        List<Parameter> pa = a.parameters(), pb = b.parameters();
        assertEquals(pa.size(), pb.size());
        for (int i = 0; i < pa.size(); i++) {
            assertArrayEquals(pa.get(i).value(), pb.get(i).value(), pa.get(i).name());
        }
    }

    @Test
    void seq2seqRoundTripsBitForBit() throws IOException {
        Model m = seq2seq();
        Model back = KerasModels.loadGraph(KerasExport.toBytes(m, SAVED), -1);
        assertSameWeights(m, back);
        assertSamePredictions(m, back, inputs(m, 4, 7, 1));
        assertSamePredictions(m, back, inputs(m, 2, 3, 2));
    }

    @Test
    void everyGraphFeatureRoundTripsBitForBit() throws IOException {
        Model m = everything();
        byte[] file = KerasExport.toBytes(m, SAVED);
        Model back = KerasModels.loadGraph(file, -1);
        assertSameWeights(m, back);
        assertSamePredictions(m, back, inputs(m, 5, 6, 3));
        byte[] again = KerasExport.toBytes(back, SAVED);
        assertEquals(new String(entry(file, "config.json"), StandardCharsets.UTF_8),
                new String(entry(again, "config.json"), StandardCharsets.UTF_8));
        assertArrayEquals(file, again, "export -> import -> export gives the same bytes");
    }

    @Test
    void theConfigIsKerasFunctionalConfig() throws IOException {
        JsonNode config = new ObjectMapper().readTree(entry(KerasExport.toBytes(seq2seq(), SAVED), "config.json"));
        assertEquals("Functional", config.path("class_name").asText());
        assertEquals("keras.src.models.functional", config.path("module").asText());
        JsonNode layers = config.path("config").path("layers");
        List<String> names = new ArrayList<>();
        layers.forEach(l -> names.add(l.path("name").asText()));
        assertEquals(List.of("encoder_inputs", "decoder_inputs", "lstm", "lstm_1", "dense"), names);
        JsonNode decoder = layers.get(3).path("inbound_nodes").get(0);
        assertEquals("decoder_inputs", decoder.path("args").get(0).path("config").path("keras_history").get(0).asText());
        JsonNode states = decoder.path("kwargs").path("initial_state");
        assertEquals("[\"lstm\",0,1]", states.get(0).path("config").path("keras_history").toString());
        assertEquals("[\"lstm\",0,2]", states.get(1).path("config").path("keras_history").toString());
        assertEquals("__keras_tensor__", states.get(1).path("class_name").asText());
        assertTrue(layers.get(2).path("config").path("return_state").asBoolean());
        assertEquals("[[\"encoder_inputs\",0,0],[\"decoder_inputs\",0,0]]",
                config.path("config").path("input_layers").toString());
        assertEquals("[\"dense\",0,0]", config.path("config").path("output_layers").toString());
        assertEquals("[null,null,5]", layers.get(0).path("config").path("batch_shape").toString());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"shared_attention", "embedding_gru_attention", "seq2seq"})
    void weightGroupsFollowKerasLayerOrder(String name) throws Exception {
        // the fixtures list their layers in the order Keras' map_graph gives (their script ports it)
        java.nio.file.Path fixture = KerasGraphImportTest.fixture(name + ".keras");
        Model m = KerasModels.loadGraph(fixture);
        byte[] file = KerasExport.toBytes(m, SAVED);
        JsonNode original = new ObjectMapper().readTree(entry(java.nio.file.Files.readAllBytes(fixture), "config.json"));
        List<String> want = new ArrayList<>(), got = new ArrayList<>();
        original.path("config").path("layers").forEach(l -> {
            if (!l.path("module").asText().startsWith("keras.src.ops")) {
                want.add(l.path("name").asText());
            }
        });
        new ObjectMapper().readTree(entry(file, "config.json")).path("config").path("layers").forEach(l -> {
            if (!l.path("module").asText().startsWith("keras.src.ops")) {
                got.add(l.path("name").asText());
            }
        });
        assertEquals(want, got);
        Model back = KerasModels.loadGraph(file, -1);
        assertTrue(KerasGraphImportTest.compare(back, KerasGraphImportTest.fixture(name + ".case.json")) <= 1e-5);
    }

    @Test
    void aLayerKerasLacksIsRefusedNamingIt() {
        Node x = Input.named("x", 4, 3);
        Node h = Functional.call(PeepholeLSTM.builder(4).name("peephole").build(), x);
        Model m = new Model(x, Functional.call(Dense.of(2), h));
        KerasExportException e = assertThrows(KerasExportException.class, () -> KerasExport.toBytes(m));
        assertTrue(e.getMessage().startsWith("keras export: layer 'peephole' (PeepholeLSTM)"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    static byte[] entry(byte[] zip, String name) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError(name + " not in the archive: " + new String(zip, 0, 0, StandardCharsets.UTF_8));
    }
}
