package dev.recurrent.io;

import dev.recurrent.init.Initializers;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.LayerFactory;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.SimpleRNN;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.Sequential;
import dev.recurrent.optim.Adam;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** use_bias, the initializers, zero_output_for_mask and reset_after survive save → load. */
class RecurrentOptionsRoundTripTest {
    @TempDir
    Path dir;

    private static Sequential model() {
        return new Sequential("options").input(6, 3).seed(5)
                .add(LSTM.builder(4).returnSequences(true).useBias(false).zeroOutputForMask(true)
                        .kernelInitializer(Initializers.randomNormal(0.1, 0.2))
                        .recurrentInitializer(Initializers.orthogonal(0.5)).build())
                .add(new Bidirectional(GRU.builder(3).resetAfter(false).returnSequences(true)
                        .biasInitializer(Initializers.constant(0.25)).kernelInitializer("he_uniform").build()))
                .add(SimpleRNN.builder(2).kernelInitializer("lecun_normal").recurrentInitializer("identity")
                        .biasInitializer("ones").build())
                .add(Dense.of(1))
                .compile(Adam.builder().learningRate(0.01).build(), dev.recurrent.loss.Losses.byName("mse"), "mae")
                .build();
    }

    @Test
    void theOptionsRoundTripWithIdenticalPredictions() throws Exception {
        Sequential model = model();
        // LSTM without bias 4·4·(3 + 4), 2 × GRU(reset_after=false) 3·3·(4 + 3 + 1), SimpleRNN 2·(6 + 2 + 1), Dense 3
        assertEquals(112 + 144 + 18 + 3, model.parameterCount());
        Tensor x = Models.random(3, 8, 6, 3);
        model.fit(x, Models.random(4, 8, 1), FitOptions.defaults().epochs(2).batchSize(4));

        Path f = dir.resolve("options.zip");
        ModelFiles.save(model, f);
        Sequential loaded = ModelFiles.load(f);
        for (int i = 0; i < model.layers().size(); i++) {
            Layer a = model.layers().get(i), b = loaded.layers().get(i);
            assertEquals(a.getConfig(), b.getConfig(), a.name());
        }
        Recurrent lstm = (Recurrent) loaded.layers().get(0);
        assertFalse(lstm.config().useBias());
        assertTrue(lstm.config().zeroOutputForMask());
        assertEquals(Initializers.orthogonal(0.5), lstm.config().weights().recurrentInitializer());
        assertFalse(((GRU) ((Bidirectional) loaded.layers().get(1)).forwardLayer()).resetAfter());
        Models.assertSameWeights(model, loaded);
        assertArrayEquals(Models.bits(model.predict(x, 4).data()), Models.bits(loaded.predict(x, 4).data()));

        List<String> names = new ArrayList<>();
        try (ZipFile z = new ZipFile(f.toFile())) {
            z.stream().forEach(e -> names.add(e.getName()));
        }
        assertTrue(names.stream().anyMatch(n -> n.endsWith("lstm/kernel.npy")), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.endsWith("lstm/bias.npy")), names.toString());
    }

    @Test
    void initializersAreWrittenAsKerasWritesThem() {
        Map<String, Object> c = LSTM.builder(2).biasInitializer(Initializers.constant(0.5)).build().getConfig();
        assertEquals("glorot_uniform", c.get("kernel_initializer"));
        assertEquals("orthogonal", c.get("recurrent_initializer"));
        assertEquals(Map.of("class_name", "Constant", "config", Map.of("value", 0.5)), c.get("bias_initializer"));
        assertEquals(true, c.get("use_bias"));
        assertEquals(false, c.get("zero_output_for_mask"));

        // Keras' own serialized form, module and a null seed included, is read back
        Map<String, Object> keras = new LinkedHashMap<>(c);
        Map<String, Object> init = new LinkedHashMap<>();
        init.put("minval", -0.1);
        init.put("maxval", 0.1);
        init.put("seed", null);
        Map<String, Object> serialized = new LinkedHashMap<>();
        serialized.put("module", "keras.initializers");
        serialized.put("class_name", "RandomUniform");
        serialized.put("config", init);
        serialized.put("registered_name", null);
        keras.put("kernel_initializer", serialized);
        Recurrent read = (Recurrent) LayerFactory.fromConfig("LSTM", keras);
        assertEquals(Initializers.randomUniform(-0.1, 0.1), read.config().weights().kernelInitializer());
    }

    @Test
    void refusesBadInitializersWithKerasStyleMessages() {
        Map<String, Object> c = new LinkedHashMap<>(GRU.of(2).getConfig());
        c.put("kernel_initializer", "glorot_uniformm");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerFactory.fromConfig("GRU", c));
        assertTrue(e.getMessage().startsWith("GRU: received an invalid value for argument `kernel_initializer`,"
                + " expected an initializer name, one of [zeros, ones, constant,"), e.getMessage());
        assertTrue(e.getMessage().endsWith("got 'glorot_uniformm'"), e.getMessage());

        c.put("kernel_initializer", Map.of("class_name", "Constant", "config", Map.of("val", 1)));
        e = assertThrows(IllegalArgumentException.class, () -> LayerFactory.fromConfig("GRU", c));
        assertEquals("GRU: received an invalid value for argument `kernel_initializer`, the constant initializer takes"
                + " only [value], got `val`", e.getMessage());

        c.put("kernel_initializer", "zeros");
        c.put("use_bias", "no");
        e = assertThrows(IllegalArgumentException.class, () -> LayerFactory.fromConfig("GRU", c));
        assertTrue(e.getMessage().contains("use_bias"), e.getMessage());
    }
}
