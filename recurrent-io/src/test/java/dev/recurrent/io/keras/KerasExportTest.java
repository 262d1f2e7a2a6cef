package dev.recurrent.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.CifgLSTM;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Dropout;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.Flatten;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.PeepholeLSTM;
import dev.recurrent.layers.RepeatVector;
import dev.recurrent.layers.SimpleRNN;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.model.Sequential;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code .keras} files written for every supported kind of model, read back: the zip entries,
 * every weight at the place Keras 3's {@code saving_lib} reads it, and a {@code config.json} that
 * Keras 3.6's deserializer accepts.
 */
class KerasExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A model and, by hand from Keras' saving_lib, the path of each saveable and its variables in order. */
    record Case(String name, Sequential model, Map<String, List<Parameter>> vars) {
    }

    // ------------------------------------------------------------------ the models

    private static Case lstmDense() {
        LSTM lstm = LSTM.builder(4).seed(3).build();
        Dense dense = Dense.of(2);
        Sequential m = built(new Sequential("lstm_dense").input(5, 3).add(lstm).add(dense));
        return new Case("lstm_dense", m, vars("", List.of(), "layers/lstm", List.of(),
                "layers/lstm/cell", lstm.parameters(), "layers/dense", dense.parameters()));
    }

    private static Case stackedGru() {
        GRU after = GRU.builder(4).returnSequences(true).build();
        GRU before = GRU.builder(3).resetAfter(false).recurrentActivation(dev.recurrent.kernels.Activation.HARD_SIGMOID).build();
        Dense dense = Dense.of(1, "sigmoid");
        Sequential m = built(new Sequential("stacked_gru").input(6, 3).add(after).add(before).add(dense));
        return new Case("stacked_gru", m, vars("", List.of(), "layers/gru", List.of(), "layers/gru/cell", after.parameters(),
                "layers/gru_1", List.of(), "layers/gru_1/cell", before.parameters(), "layers/dense", dense.parameters()));
    }

    private static Case embeddingRnn() {
        Embedding emb = new Embedding(20, 5, true);
        SimpleRNN rnn = SimpleRNN.builder(4).useBias(false).dropout(0.2f).build();
        Dropout drop = new Dropout(0.3f);
        Dense dense = Dense.of(3, "softmax");
        Sequential m = built(new Sequential("embedding_rnn").input(7).add(emb).add(rnn).add(drop).add(dense));
        return new Case("embedding_rnn", m, vars("", List.of(), "layers/embedding", emb.parameters(),
                "layers/simple_rnn", List.of(), "layers/simple_rnn/cell", rnn.parameters(),
                "layers/dropout", List.of(), "layers/dense", dense.parameters()));
    }

    private static Case bidirectional(Bidirectional.Merge merge, boolean gru) {
        Bidirectional bi = new Bidirectional(gru ? GRU.builder(3).returnSequences(true).build()
                : LSTM.builder(3).returnSequences(true).build(), merge);
        Flatten flat = new Flatten();
        Dense dense = Dense.of(1);
        String name = "bidirectional_" + merge.name().toLowerCase() + (gru ? "_gru" : "");
        Sequential m = built(new Sequential(name).input(5, 2).add(bi).add(flat).add(dense));
        return new Case(name, m, vars("", List.of(), "layers/bidirectional", List.of(),
                "layers/bidirectional/forward_layer", List.of(),
                "layers/bidirectional/forward_layer/cell", bi.forwardLayer().parameters(),
                "layers/bidirectional/backward_layer", List.of(),
                "layers/bidirectional/backward_layer/cell", bi.backwardLayer().parameters(),
                "layers/flatten", List.of(), "layers/dense", dense.parameters()));
    }

    private static Case seq2seq() {
        LSTM encoder = LSTM.of(5);
        RepeatVector repeat = new RepeatVector(3);
        LSTM decoder = LSTM.builder(5).returnSequences(true).build();
        Dense inner = Dense.of(2, "softmax");
        TimeDistributed td = new TimeDistributed(inner);
        Sequential m = built(new Sequential("seq2seq").input(4, 2).add(encoder).add(repeat).add(decoder).add(td));
        return new Case("seq2seq", m, vars("", List.of(), "layers/lstm", List.of(), "layers/lstm/cell", encoder.parameters(),
                "layers/repeat_vector", List.of(), "layers/lstm_1", List.of(), "layers/lstm_1/cell", decoder.parameters(),
                "layers/time_distributed", List.of(), "layers/time_distributed/layer", inner.parameters()));
    }

    private static Case maskedBidirectional() {
        Embedding emb = new Embedding(12, 4, true);
        Bidirectional bi = new Bidirectional(GRU.builder(3).returnSequences(true).build(), Bidirectional.Merge.AVE);
        Dense inner = Dense.of(2);
        TimeDistributed td = new TimeDistributed(inner);
        Sequential m = built(new Sequential("masked_bidirectional").input(6).add(emb).add(bi).add(td));
        return new Case("masked_bidirectional", m, vars("", List.of(), "layers/embedding", emb.parameters(),
                "layers/bidirectional", List.of(), "layers/bidirectional/forward_layer", List.of(),
                "layers/bidirectional/forward_layer/cell", bi.forwardLayer().parameters(),
                "layers/bidirectional/backward_layer", List.of(),
                "layers/bidirectional/backward_layer/cell", bi.backwardLayer().parameters(),
                "layers/time_distributed", List.of(), "layers/time_distributed/layer", inner.parameters()));
    }

    private static Case denseStack() {
        Dense first = Dense.of(4, "relu");
        Dense second = Dense.of(2, "tanh");
        Sequential m = built(new Sequential("dense_stack").input(3).add(first).add(second));
        return new Case("dense_stack", m, vars("", List.of(), "layers/dense", first.parameters(),
                "layers/dense_1", second.parameters()));
    }

    static List<Case> cases() {
        List<Case> all = new ArrayList<>(List.of(lstmDense(), stackedGru(), embeddingRnn(), seq2seq(), maskedBidirectional(),
                denseStack()));
        for (Bidirectional.Merge merge : Bidirectional.Merge.values()) {
            all.add(bidirectional(merge, false));
        }
        all.add(bidirectional(Bidirectional.Merge.CONCAT, true));
        return all;
    }

    /** Builds the model and gives every weight a random value (a zero or a default would hide a misplaced weight). */
    private static Sequential built(Sequential m) {
        m.build();
        Random r = new Random(m.name().hashCode());
        for (Parameter p : m.parameters()) {
            float[] v = p.value();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
        }
        return m;
    }

    private static Map<String, List<Parameter>> vars(Object... pathsAndParameters) {
        Map<String, List<Parameter>> m = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndParameters.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<Parameter> p = (List<Parameter>) pathsAndParameters[i + 1];
            m.put((String) pathsAndParameters[i], p);
        }
        return m;
    }

    // ------------------------------------------------------------------ the zip

    private static Map<String, byte[]> entries(byte[] keras, List<String> order, List<Integer> methods) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(keras))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                order.add(e.getName());
                methods.add(e.getMethod());
                out.put(e.getName(), zip.readAllBytes());
            }
        }
        return out;
    }

    @Test
    void theZipHoldsExactlyKerasEntriesStoredInKerasOrder() throws IOException {
        for (Case c : cases()) {
            List<String> names = new ArrayList<>();
            List<Integer> methods = new ArrayList<>();
            Map<String, byte[]> e = entries(KerasExport.toBytes(c.model()), names, methods);
            // saving_lib._save_model_to_fileobj: metadata.json, config.json, then model.weights.h5;
            // an empty assets directory adds no entry
            assertEquals(List.of("metadata.json", "config.json", "model.weights.h5"), names, c.name());
            assertEquals(List.of(ZipEntry.STORED, ZipEntry.STORED, ZipEntry.STORED), methods, c.name());
            assertTrue(e.get("model.weights.h5").length > 8, c.name());
        }
    }

    @Test
    void metadataNamesTheKerasVersionAndTheSaveDateAsKerasFormatsIt() throws IOException {
        ZonedDateTime at = ZonedDateTime.of(2026, 3, 4, 5, 6, 7, 0, ZoneOffset.UTC);
        byte[] keras = KerasExport.toBytes(lstmDense().model(), 0, at);
        JsonNode meta = JSON.readTree(entries(keras, new ArrayList<>(), new ArrayList<>()).get("metadata.json"));
        assertEquals("3.6.0", meta.get("keras_version").asText());
        assertEquals("2026-03-04@05:06:07", meta.get("date_saved").asText());
        assertEquals(2, meta.size());
    }

    // ------------------------------------------------------------------ the weights

    @Test
    void everyWeightIsWhereKerasReadsItWithItsShapeAndValues() throws IOException {
        for (Case c : cases()) {
            Path h5 = KerasVarListing.weightsFile(KerasExport.toBytes(c.model()));
            try (HdfFile f = new HdfFile(h5)) {
                Set<String> groups = new TreeSet<>();
                varGroups(f, "", groups);
                assertEquals(new TreeSet<>(c.vars().keySet()), groups, c.name() + ": the saveables' vars groups");
                for (Map.Entry<String, List<Parameter>> g : c.vars().entrySet()) {
                    Group vars = (Group) f.getByPath(g.getKey().isEmpty() ? "vars" : g.getKey() + "/vars");
                    List<Parameter> params = g.getValue();
                    assertEquals(params.size(), vars.getChildren().size(), c.name() + " " + g.getKey());
                    for (int i = 0; i < params.size(); i++) {
                        Dataset ds = (Dataset) vars.getChild(Integer.toString(i));
                        String where = c.name() + " " + g.getKey() + "/vars/" + i;
                        assertNotNull(ds, where);
                        assertEquals(float.class, ds.getJavaType(), where);
                        assertArrayEquals(params.get(i).shape(), ds.getDimensions(), where);
                        assertArrayEquals(params.get(i).value(), flatten(ds.getData()), 0f, where);
                    }
                }
            } finally {
                Files.delete(h5);
            }
        }
    }

    @Test
    void eachVarsGroupCarriesTheSaveablesNameAsKerasMetadata() throws IOException {
        Case c = bidirectional(Bidirectional.Merge.SUM, false);
        Path h5 = KerasVarListing.weightsFile(KerasExport.toBytes(c.model()));
        try (HdfFile f = new HdfFile(h5)) {
            assertEquals(c.model().name(), name(f, "vars"));
            assertEquals("bidirectional", name(f, "layers/bidirectional/vars"));
            assertEquals("forward_lstm", name(f, "layers/bidirectional/forward_layer/vars"));
            assertEquals("backward_lstm", name(f, "layers/bidirectional/backward_layer/vars"));
            assertEquals("lstm_cell", name(f, "layers/bidirectional/backward_layer/cell/vars"));
        } finally {
            Files.delete(h5);
        }
    }

    @Test
    void theGruBiasIsTwoRowsWithResetAfterAndOneWithout() throws IOException {
        Case c = stackedGru();
        List<KerasVarListing.Var> vars = KerasVarListing.ofKerasFile(KerasExport.toBytes(c.model()));
        assertTrue(vars.contains(new KerasVarListing.Var("layers/gru/cell", 2, List.of(2, 12))), vars.toString());
        assertTrue(vars.contains(new KerasVarListing.Var("layers/gru_1/cell", 2, List.of(9))), vars.toString());
        assertTrue(vars.contains(new KerasVarListing.Var("layers/gru_1/cell", 0, List.of(4, 9))), vars.toString());
    }

    @Test
    void theListingOfAWrittenFileIsTheListingOfTheModel() throws IOException {
        for (Case c : cases()) {
            List<KerasVarListing.Var> written = KerasVarListing.ofKerasFile(KerasExport.toBytes(c.model()));
            assertEquals(KerasVarListing.of(c.model()), written, c.name());
            int expected = c.vars().values().stream().mapToInt(List::size).sum();
            assertEquals(expected, written.size(), c.name());
        }
    }

    private static String name(HdfFile f, String path) {
        Attribute a = f.getByPath(path).getAttribute("name");
        assertNotNull(a, path);
        return String.valueOf(a.getData());
    }

    private static void varGroups(Group g, String prefix, Set<String> out) {
        for (Node n : g.getChildren().values()) {
            if (n instanceof Group) {
                if (n.getName().equals("vars")) {
                    out.add(prefix);
                } else {
                    varGroups((Group) n, prefix.isEmpty() ? n.getName() : prefix + "/" + n.getName(), out);
                }
            }
        }
    }

    private static float[] flatten(Object data) {
        if (data instanceof float[]) {
            return (float[]) data;
        }
        float[][] m = (float[][]) data;
        int cols = m.length == 0 ? 0 : m[0].length;
        float[] out = new float[m.length * cols];
        for (int r = 0; r < m.length; r++) {
            System.arraycopy(m[r], 0, out, r * cols, cols);
        }
        return out;
    }

    // ------------------------------------------------------------------ config.json

    private static JsonNode config(Sequential model, int batchSize) throws IOException {
        byte[] keras = KerasExport.toBytes(model, batchSize);
        return JSON.readTree(entries(keras, new ArrayList<>(), new ArrayList<>()).get("config.json"));
    }

    /**
     * The classes Keras 3.6's deserializer finds for {@code module + "." + class_name}: the first
     * (canonical) name of each {@code @keras_export} (api_export.get_symbol_from_name).
     */
    private static final Set<String> CANONICAL = Set.of("keras.Sequential", "keras.DTypePolicy",
            "keras.layers.InputLayer", "keras.layers.LSTM", "keras.layers.GRU", "keras.layers.SimpleRNN",
            "keras.layers.Bidirectional", "keras.layers.TimeDistributed", "keras.layers.Dense",
            "keras.layers.Embedding", "keras.layers.Dropout", "keras.layers.RepeatVector", "keras.layers.Flatten",
            "keras.initializers.GlorotUniform", "keras.initializers.OrthogonalInitializer",
            "keras.initializers.Zeros", "keras.initializers.RandomUniform");

    /** The keyword arguments each class's constructor takes in Keras 3.6 (a config key outside them is refused). */
    private static final List<String> LAYER_ARGS = List.of("name", "trainable", "dtype", "autocast", "activity_regularizer");
    private static final List<String> RNN_ARGS = List.of("return_sequences", "return_state", "go_backwards", "stateful",
            "unroll", "zero_output_for_mask");
    private static final Map<String, List<String>> ARGS = Map.of(
            "LSTM", List.of("units", "activation", "recurrent_activation", "use_bias", "kernel_initializer",
                    "recurrent_initializer", "bias_initializer", "unit_forget_bias", "kernel_regularizer",
                    "recurrent_regularizer", "bias_regularizer", "kernel_constraint", "recurrent_constraint",
                    "bias_constraint", "dropout", "recurrent_dropout", "seed", "use_cudnn"),
            "GRU", List.of("units", "activation", "recurrent_activation", "use_bias", "kernel_initializer",
                    "recurrent_initializer", "bias_initializer", "kernel_regularizer", "recurrent_regularizer",
                    "bias_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
                    "recurrent_dropout", "seed", "reset_after", "use_cudnn"),
            "SimpleRNN", List.of("units", "activation", "use_bias", "kernel_initializer", "recurrent_initializer",
                    "bias_initializer", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
                    "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout", "seed"),
            "Dense", List.of("units", "activation", "use_bias", "kernel_initializer", "bias_initializer",
                    "kernel_regularizer", "bias_regularizer", "kernel_constraint", "bias_constraint", "lora_rank"),
            "Embedding", List.of("input_dim", "output_dim", "embeddings_initializer", "embeddings_regularizer",
                    "embeddings_constraint", "mask_zero", "weights", "lora_rank"),
            "Dropout", List.of("rate", "noise_shape", "seed"),
            "RepeatVector", List.of("n"),
            "Flatten", List.of("data_format"),
            "Bidirectional", List.of("layer", "merge_mode", "weights", "backward_layer"),
            "TimeDistributed", List.of("layer"));

    /** LSTM.get_config() of Keras 3.6, keys in its order: Layer's, RNN's, then the LSTM's own. */
    private static final List<String> LSTM_KEYS = List.of("name", "trainable", "dtype", "return_sequences",
            "return_state", "go_backwards", "stateful", "unroll", "zero_output_for_mask", "units", "activation",
            "recurrent_activation", "use_bias", "kernel_initializer", "recurrent_initializer", "bias_initializer",
            "unit_forget_bias", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
            "activity_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
            "recurrent_dropout", "seed");

    @Test
    void configJsonHasTheSchemaKerasDeserializerNeeds() throws IOException {
        for (Case c : cases()) {
            JsonNode root = config(c.model(), 0);
            List<Integer> in = new ArrayList<>();
            for (int d : c.model().inputShape().dims()) {
                in.add(d);
            }
            assertEquals("keras", root.get("module").asText(), c.name());
            assertEquals("Sequential", root.get("class_name").asText(), c.name());
            assertTrue(root.has("registered_name") && root.get("registered_name").isNull(), c.name());
            assertFalse(root.has("compile_config"), c.name() + ": the model is written uncompiled");
            assertEquals(batchShape(in), root.at("/build_config/input_shape"), c.name());
            JsonNode cfg = root.get("config");
            assertEquals(c.model().name(), cfg.get("name").asText());
            assertEquals(batchShape(in), cfg.get("build_input_shape"), c.name());

            JsonNode layers = cfg.get("layers");
            assertEquals(c.model().layers().size() + 1, layers.size(), c.name());
            JsonNode input = layers.get(0);
            assertEquals("InputLayer", input.get("class_name").asText(), c.name());
            assertEquals(batchShape(in), input.at("/config/batch_shape"), c.name());
            assertEquals("float32", input.at("/config/dtype").asText(), c.name());
            for (int i = 0; i < c.model().layers().size(); i++) {
                checkLayer(c.name(), c.model().layers().get(i), layers.get(i + 1));
            }
            checkObjects(c.name(), root);
        }
    }

    /** class_name, name, build_config and every config key of one layer (and of the layers it wraps). */
    private static void checkLayer(String where, Layer layer, JsonNode node) {
        String cls = layer.type();
        assertEquals(cls, node.get("class_name").asText(), where);
        JsonNode cfg = node.get("config");
        assertEquals(layer.name(), cfg.get("name").asText(), where);
        assertTrue(cfg.get("trainable").asBoolean(), where);
        assertEquals("float32", cfg.at("/dtype/config/name").asText(), where);
        List<Integer> in = new ArrayList<>();
        for (int d : layer.inputShape().dims()) {
            in.add(d);
        }
        assertEquals(batchShape(in), node.at("/build_config/input_shape"), where + " " + layer.name());
        List<String> allowed = new ArrayList<>(LAYER_ARGS);
        allowed.addAll(ARGS.get(cls));
        if (layer instanceof dev.recurrent.layers.Recurrent) {
            allowed.addAll(RNN_ARGS);
        }
        for (Iterator<String> keys = cfg.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            assertTrue(allowed.contains(key), where + ": " + cls + " takes no argument '" + key + "'");
        }
        if (layer instanceof LSTM) {
            List<String> keys = new ArrayList<>();
            cfg.fieldNames().forEachRemaining(keys::add);
            assertEquals(LSTM_KEYS, keys, where);
        }
        if (layer instanceof Bidirectional b) {
            checkLayer(where, b.forwardLayer(), cfg.get("layer"));
            checkLayer(where, b.backwardLayer(), cfg.get("backward_layer"));
            assertEquals(b.getConfig().get("merge_mode"), cfg.get("merge_mode").asText(), where);
            assertFalse(cfg.at("/layer/config/go_backwards").asBoolean(), where);
            assertTrue(cfg.at("/backward_layer/config/go_backwards").asBoolean(), where);
        }
        if (layer instanceof TimeDistributed t) {
            checkLayer(where, t.inner(), cfg.get("layer"));
        }
    }

    /** Every serialized object: module, class_name, config, registered_name, and a class Keras can find. */
    private static void checkObjects(String where, JsonNode node) {
        if (node.isObject() && node.has("class_name")) {
            for (String key : List.of("module", "class_name", "config", "registered_name")) {
                assertTrue(node.has(key), where + ": " + node.get("class_name") + " lacks '" + key + "'");
            }
            String api = node.get("module").asText() + "." + node.get("class_name").asText();
            assertTrue(CANONICAL.contains(api), where + ": Keras 3.6 has no class " + api);
        }
        node.forEach(child -> checkObjects(where, child));
    }

    private static JsonNode batchShape(List<Integer> sample) {
        List<Object> s = new ArrayList<>();
        s.add(null);
        s.addAll(sample);
        return JSON.valueToTree(s);
    }

    @Test
    void optionsAreWrittenWithKerasNamesAndValues() throws IOException {
        JsonNode gru = config(stackedGru().model(), 0).at("/config/layers");
        assertTrue(gru.at("/1/config/reset_after").asBoolean());
        assertTrue(gru.at("/1/config/return_sequences").asBoolean());
        assertFalse(gru.at("/2/config/reset_after").asBoolean());
        assertEquals("hard_sigmoid", gru.at("/2/config/recurrent_activation").asText());
        assertEquals("OrthogonalInitializer", gru.at("/2/config/recurrent_initializer/class_name").asText());
        assertEquals(1.0, gru.at("/2/config/recurrent_initializer/config/gain").asDouble());
        assertEquals("sigmoid", gru.at("/3/config/activation").asText());

        JsonNode emb = config(embeddingRnn().model(), 0).at("/config/layers");
        assertEquals(20, emb.at("/1/config/input_dim").asInt());
        assertEquals(5, emb.at("/1/config/output_dim").asInt());
        assertTrue(emb.at("/1/config/mask_zero").asBoolean());
        assertFalse(emb.at("/2/config/use_bias").asBoolean());
        assertEquals("0.2", emb.at("/2/config/dropout").asText());
        assertEquals("0.3", emb.at("/3/config/rate").asText());
        assertEquals("softmax", emb.at("/4/config/activation").asText());

        JsonNode s2s = config(seq2seq().model(), 0).at("/config/layers");
        assertEquals(3, s2s.at("/2/config/n").asInt());
        assertEquals("Dense", s2s.at("/4/config/layer/class_name").asText());
        assertEquals(JSON.valueToTree(java.util.Arrays.asList(null, 5)), s2s.at("/4/config/layer/build_config/input_shape"));

        for (Bidirectional.Merge merge : Bidirectional.Merge.values()) {
            JsonNode bi = config(bidirectional(merge, false).model(), 0).at("/config/layers/1/config");
            assertEquals(merge.name().toLowerCase(), bi.get("merge_mode").asText());
            // Keras' Bidirectional forces zero_output_for_mask = return_sequences on both directions
            assertTrue(bi.at("/layer/config/zero_output_for_mask").asBoolean());
            assertTrue(bi.at("/backward_layer/config/zero_output_for_mask").asBoolean());
            assertEquals("forward_lstm", bi.at("/layer/config/name").asText());
            assertEquals("backward_lstm", bi.at("/backward_layer/config/name").asText());
        }
    }

    // ------------------------------------------------------------------ refusals and saving

    private static KerasExportException refused(Layer layer) {
        Sequential m = new Sequential().input(4, 2).add(layer).add(Dense.of(1));
        KerasExportException e = assertThrows(KerasExportException.class, () -> KerasExport.toBytes(m));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e;
    }

    @Test
    void layersWithoutAKerasEquivalentAreRefusedByName() {
        String peephole = refused(PeepholeLSTM.of(3)).getMessage();
        assertTrue(peephole.contains("(PeepholeLSTM)") && peephole.contains("no peephole connections"), peephole);
        String cifg = refused(CifgLSTM.of(3)).getMessage();
        assertTrue(cifg.contains("(CifgLSTM)") && cifg.contains("train an LSTM"), cifg);
        String wrapped = refused(new Bidirectional(PeepholeLSTM.builder(3).returnSequences(true).build())).getMessage();
        assertTrue(wrapped.contains("Bidirectional") && wrapped.contains("PeepholeLSTM"), wrapped);
        Sequential nested = new Sequential().input(4, 3, 2).add(new TimeDistributed(LSTM.of(2)));
        String td = assertThrows(KerasExportException.class, () -> KerasExport.toBytes(nested)).getMessage();
        assertTrue(td.contains("TimeDistributed") && td.contains("(LSTM)"), td);
        String state = refused(LSTM.builder(3).returnState(true).build()).getMessage();
        assertTrue(state.contains("return_state"), state);
    }

    @Test
    void aStatefulModelNeedsABatchSizeAndThenCarriesIt() throws IOException {
        Sequential m = built(new Sequential("sales").input(3, 1).add(LSTM.builder(4).stateful(true).build()).add(Dense.of(1)));
        String msg = assertThrows(KerasExportException.class, () -> KerasExport.toBytes(m)).getMessage();
        assertTrue(msg.contains("stateful") && msg.contains("batch size"), msg);
        JsonNode root = config(m, 2);
        assertEquals(JSON.valueToTree(List.of(2, 3, 1)), root.at("/config/layers/0/config/batch_shape"));
        assertTrue(root.at("/config/layers/1/config/stateful").asBoolean());
        assertEquals(JSON.valueToTree(List.of(2, 3, 1)), root.at("/config/layers/1/build_config/input_shape"));
    }

    @Test
    void saveWritesTheFileAndARefusedModelLeavesTheOldOneUntouched() throws IOException {
        Path file = dir.resolve("m.keras");
        Case c = lstmDense();
        KerasExport.save(c.model(), file);
        assertEquals(KerasVarListing.of(c.model()), KerasVarListing.ofKerasFile(Files.readAllBytes(file)));
        byte[] before = Files.readAllBytes(file);
        Sequential peephole = new Sequential().input(4, 2).add(PeepholeLSTM.of(3));
        assertThrows(KerasExportException.class, () -> KerasExport.save(peephole, file));
        assertArrayEquals(before, Files.readAllBytes(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left");
        }
    }

    @Test
    void anUnbuiltModelIsBuiltAndOneWithoutInputShapeIsRefused() throws IOException {
        Sequential unbuilt = new Sequential().input(2, 3).add(GRU.of(2));
        assertEquals(List.of("config.json", "metadata.json", "model.weights.h5"),
                new ArrayList<>(new TreeSet<>(entries(KerasExport.toBytes(unbuilt), new ArrayList<>(), new ArrayList<>()).keySet())));
        Sequential noInput = new Sequential().add(GRU.of(2));
        String msg = assertThrows(KerasExportException.class, () -> KerasExport.toBytes(noInput)).getMessage();
        assertTrue(msg.contains("input shape"), msg);
    }
}
