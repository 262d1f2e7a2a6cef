package dev.recurrent.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recurrent.layers.Layer;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Save → load gives the same architecture, configuration, weights and predictions, bit for bit. */
class ModelRoundTripTest {
    @TempDir
    Path dir;

    private static final List<LongFunction<Sequential>> MODELS = List.of(Models::tagger, Models::seq2seq, Models::classifier);

    @Test
    void everyLayerTypeRoundTripsWithIdenticalPredictions() throws Exception {
        for (LongFunction<Sequential> make : MODELS) {
            Sequential model = make.apply(3);
            Tensor x = Models.inputs(model, 9, 11);
            // train a little so that the weights are not the initial ones a rebuild would draw again
            Tensor y = model.predict(x, 4);
            Tensor target = targets(model, y);
            model.fit(x, target, FitOptions.defaults().epochs(2).batchSize(4));

            Path f = dir.resolve(model.name() + ".zip");
            ModelFiles.save(model, f);
            Sequential loaded = ModelFiles.load(f);

            assertEquals(model.name(), loaded.name());
            assertEquals(model.seed(), loaded.seed());
            assertEquals(model.inputShape(), loaded.inputShape());
            assertEquals(model.summary(), loaded.summary());
            assertEquals(model.layers().size(), loaded.layers().size());
            for (int i = 0; i < model.layers().size(); i++) {
                Layer a = model.layers().get(i), b = loaded.layers().get(i);
                assertEquals(a.getClass(), b.getClass());
                assertEquals(a.getConfig(), b.getConfig(), a.name());
                assertEquals(a.outputShape(), b.outputShape());
            }
            Models.assertSameWeights(model, loaded);
            assertEquals(model.loss().getClass(), loaded.loss().getClass());
            assertEquals(model.metricNames(), loaded.metricNames());
            assertEquals(model.optimizer().config(), loaded.optimizer().config());
            assertEquals(model.optimizer().iterations(), loaded.optimizer().iterations());
            assertArrayEquals(Models.bits(model.predict(x, 4).data()), Models.bits(loaded.predict(x, 4).data()),
                    model.name() + ": predictions differ after a round trip");
            assertArrayEquals(Models.bits(model.predict(x, 9).data()), Models.bits(loaded.predict(x, 9).data()));
            assertEquals(model.evaluate(x, target, 4), loaded.evaluate(x, target, 4));
        }
    }

    /** Targets of the right shape for each model (values do not matter here). */
    static Tensor targets(Sequential model, Tensor y) {
        if (model.name().equals("tagger")) {
            return Models.taggerData(y.samples(), 5)[1];
        }
        if (model.name().equals("classifier")) {
            float[] t = new float[y.samples()];
            for (int i = 0; i < t.length; i++) {
                t[i] = i % 2;
            }
            return Tensor.of(t, y.samples(), 1);
        }
        return Models.random(7, y.shape());
    }

    @Test
    void entriesAreNamedInTheKerasLayout() throws Exception {
        Path f = dir.resolve("t.zip");
        ModelFiles.save(Models.tagger(1), f, false);
        List<String> names = new ArrayList<>();
        try (ZipFile z = new ZipFile(f.toFile())) {
            z.stream().forEach(e -> names.add(e.getName()));
            for (ZipEntry e : z.stream().toList()) {
                if (e.getName().endsWith(".npy")) {
                    assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
                }
            }
        }
        assertEquals(List.of("model.json",
                "embedding/embeddings.npy",
                "bidirectional/forward_lstm/kernel.npy", "bidirectional/forward_lstm/recurrent_kernel.npy",
                "bidirectional/forward_lstm/bias.npy",
                "bidirectional/backward_lstm/kernel.npy", "bidirectional/backward_lstm/recurrent_kernel.npy",
                "bidirectional/backward_lstm/bias.npy",
                "lstm/kernel.npy", "lstm/recurrent_kernel.npy", "lstm/bias.npy",
                "time_distributed/dense/kernel.npy", "time_distributed/dense/bias.npy"), names);
    }

    @Test
    void modelJsonDescribesArchitectureTrainingAndState() throws Exception {
        Sequential m = Models.seq2seq(2);
        Tensor x = Models.inputs(m, 4, 1);
        m.fit(x, Models.random(3, 4, 3, 2), FitOptions.defaults().epochs(1).batchSize(2));
        Path f = dir.resolve("s.zip");
        ModelFiles.save(m, f, true, 1);
        JsonNode json;
        List<String> names = new ArrayList<>();
        try (ZipFile z = new ZipFile(f.toFile())) {
            json = new ObjectMapper().readTree(z.getInputStream(z.getEntry("model.json")));
            z.stream().forEach(e -> names.add(e.getName()));
        }
        assertEquals("recurrent-model", json.get("format").asText());
        assertEquals(1, json.get("format_version").asInt());
        assertEquals("Sequential", json.get("class_name").asText());
        JsonNode config = json.get("config");
        assertEquals("seq2seq", config.get("name").asText());
        assertEquals("[5,3]", config.get("input_shape").toString());
        assertEquals("SimpleRNN", config.get("layers").get(0).get("class_name").asText());
        assertEquals(7, config.get("layers").get(0).get("config").get("units").asInt());
        assertEquals("GRU", config.get("layers").get(2).get("class_name").asText());
        assertTrue(config.get("layers").get(2).get("config").get("return_sequences").asBoolean());
        assertEquals("{\"entry\":\"gru/bias.npy\",\"shape\":[2,18]}", json.get("weights").get(5).toString());
        JsonNode training = json.get("training_config");
        assertEquals("mean_squared_error", training.get("loss").get("name").asText());
        assertEquals("[\"mae\"]", training.get("metrics").toString());
        assertEquals("RMSprop", training.get("optimizer").get("class_name").asText());
        assertEquals(0.5, training.get("optimizer").get("config").get("momentum").asDouble());
        JsonNode state = json.get("training_state");
        assertEquals(2, state.get("iterations").asLong());
        assertEquals(1, state.get("epochs_completed").asInt());
        assertTrue(names.contains("optimizer/velocity/0.npy"), names.toString());
        assertTrue(names.contains("optimizer/momentum/7.npy"), names.toString());
        assertNotNull(state.get("random_state").get("shuffle"));
        assertNotNull(state.get("random_state").get("layers").get("gru"));

        assertEquals(1, ModelFiles.loadCheckpoint(f).epochsCompleted());
        ModelFiles.save(m, f, false);
        try (ZipFile z = new ZipFile(f.toFile())) {
            assertTrue(new ObjectMapper().readTree(z.getInputStream(z.getEntry("model.json")))
                    .get("training_state").isNull());
            assertNull(z.getEntry("optimizer/velocity/0.npy"));
        }
        Sequential loaded = ModelFiles.load(f);
        assertEquals(0, loaded.optimizer().iterations());
        assertFalse(loaded.optimizer().isBuilt());
    }

    @Test
    void sameModelSavesToSameBytes() throws Exception {
        Sequential m = Models.classifier(4);
        Path a = dir.resolve("a.zip"), b = dir.resolve("b.zip");
        ModelFiles.save(m, a);
        ModelFiles.save(ModelFiles.load(a), b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void uncompiledModelRoundTrips() throws Exception {
        Sequential m = new Sequential("plain").input(3, 2).seed(5)
                .add(dev.recurrent.layers.LSTM.of(4)).add(dev.recurrent.layers.Dense.of(2)).build();
        Path f = dir.resolve("plain.zip");
        ModelFiles.save(m, f);
        Sequential loaded = ModelFiles.load(f);
        assertNull(loaded.optimizer());
        Tensor x = Models.random(1, 5, 3, 2);
        assertArrayEquals(Models.bits(m.predict(x, 5).data()), Models.bits(loaded.predict(x, 5).data()));
    }
}
