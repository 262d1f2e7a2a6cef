package dev.recurrent.io;

import dev.recurrent.init.Initializers;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.LayerFactory;
import dev.recurrent.layers.MaskingMode;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.SimpleRNN;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.Sequential;
import dev.recurrent.optim.Adam;
import dev.recurrent.regularizers.Constraints;
import dev.recurrent.regularizers.Regularizers;
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

/**
 * use_bias, the initializers, zero_output_for_mask, reset_after, the masking mode, the regularizers
 * and the constraints survive save → load.
 */
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

    private static Sequential regularizedModel() {
        return new Sequential("rules").input(6, 3).seed(9)
                .add(LSTM.builder(4).returnSequences(true).masking(MaskingMode.DL4J)
                        .kernelRegularizer(Regularizers.l1L2(0.01, 0.02)).recurrentRegularizer("l2")
                        .biasRegularizer(Regularizers.l1(0.3)).activityRegularizer("l1_l2")
                        .kernelConstraint(Constraints.maxNorm(1.5, 0)).recurrentConstraint("unit_norm")
                        .biasConstraint(Constraints.minMaxNorm(0.1, 0.9, 0.5, 0)).build())
                .add(new Bidirectional(GRU.builder(3).kernelConstraint("non_neg").activityRegularizer("l2").build()))
                .add(Dense.of(1).kernelRegularizer(Regularizers.l2(0.2)).biasRegularizer(Regularizers.l1())
                        .activityRegularizer(Regularizers.l1(0.05)).kernelConstraint(Constraints.unitNorm(1))
                        .biasConstraint(Constraints.nonNeg()))
                .compile(Adam.builder().learningRate(0.01).build(), dev.recurrent.loss.Losses.byName("mse"))
                .build();
    }

    @Test
    void masksRegularizersAndConstraintsRoundTrip() throws Exception {
        Sequential model = regularizedModel();
        Tensor x = Models.random(3, 8, 6, 3), y = Models.random(4, 8, 1);
        model.fit(x, y, FitOptions.defaults().epochs(2).batchSize(4));
        Path f = dir.resolve("rules.zip");
        ModelFiles.save(model, f);
        Sequential loaded = ModelFiles.load(f);
        for (int i = 0; i < model.layers().size(); i++) {
            assertEquals(model.layers().get(i).getConfig(), loaded.layers().get(i).getConfig(), model.layers().get(i).name());
        }
        Recurrent lstm = (Recurrent) loaded.layers().get(0);
        assertEquals(MaskingMode.DL4J, lstm.config().masking());
        assertEquals(Regularizers.l1L2(0.01, 0.02), lstm.config().rules().kernelRegularizer());
        assertEquals(Regularizers.l2(), lstm.config().rules().recurrentRegularizer());
        assertEquals(Constraints.minMaxNorm(0.1, 0.9, 0.5, 0), lstm.config().rules().biasConstraint());
        assertEquals(Constraints.unitNorm(), lstm.parameters().get(1).constraint());
        Dense dense = (Dense) loaded.layers().get(2);
        assertEquals(Regularizers.l1(0.05), dense.rules().activityRegularizer());
        assertEquals(Constraints.unitNorm(1), dense.parameters().get(0).constraint());
        assertEquals(Constraints.nonNeg(), ((Recurrent) ((Bidirectional) loaded.layers().get(1)).backwardLayer())
                .parameters().get(0).constraint());
        Models.assertSameWeights(model, loaded);
        // the same loss, penalties included, and the same next training step
        loaded.compile(Adam.builder().learningRate(0.01).build(), dev.recurrent.loss.Losses.byName("mse"));
        model.compile(Adam.builder().learningRate(0.01).build(), dev.recurrent.loss.Losses.byName("mse"));
        assertEquals(model.evaluate(x, y, 8).get("loss"), loaded.evaluate(x, y, 8).get("loss"), 0.0);
        assertEquals(model.trainOnBatch(x, y), loaded.trainOnBatch(x, y), 0.0);
        Models.assertSameWeights(model, loaded);

        Map<String, Object> c = model.layers().get(0).getConfig();
        assertEquals("dl4j", c.get("masking_mode"));
        assertEquals(Map.of("class_name", "MaxNorm", "config", Map.of("max_value", 1.5, "axis", 0)), c.get("kernel_constraint"));
        assertEquals(Map.of("class_name", "L2", "config", Map.of("l2", 0.01)), c.get("recurrent_regularizer"));
    }

    @Test
    void refusesBadRegularizersConstraintsAndMaskingModes() {
        Map<String, Object> c = new LinkedHashMap<>(LSTM.of(2).getConfig());
        c.put("kernel_regularizer", "l3");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerFactory.fromConfig("LSTM", c));
        assertEquals("LSTM: received an invalid value for argument `kernel_regularizer`, expected a regularizer name,"
                + " one of [l1, l2, l1_l2], got 'l3'", e.getMessage());
        c.put("kernel_regularizer", null);
        c.put("bias_constraint", Map.of("class_name", "MaxNorm", "config", Map.of("max", 2)));
        e = assertThrows(IllegalArgumentException.class, () -> LayerFactory.fromConfig("LSTM", c));
        assertEquals("LSTM: received an invalid value for argument `bias_constraint`, the MaxNorm takes only"
                + " [max_value, axis], got `max`", e.getMessage());
        c.remove("bias_constraint");
        c.put("masking_mode", "pytorch");
        e = assertThrows(IllegalArgumentException.class, () -> LayerFactory.fromConfig("LSTM", c));
        assertEquals("LSTM: received an invalid value for argument `masking_mode`, expected a masking mode, one of"
                + " [keras, zero_output, dl4j], got 'pytorch'", e.getMessage());
        Map<String, Object> d = new LinkedHashMap<>(Dense.of(2).getConfig());
        d.put("recurrent_regularizer", "l2");
        e = assertThrows(IllegalArgumentException.class, () -> LayerFactory.fromConfig("Dense", d));
        assertTrue(e.getMessage().contains("recurrent_regularizer"), e.getMessage());
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
