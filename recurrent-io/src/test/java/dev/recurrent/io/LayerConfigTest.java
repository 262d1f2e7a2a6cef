package dev.recurrent.io;

import dev.recurrent.init.SeededRandom;
import dev.recurrent.kernels.Activation;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Dropout;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.Flatten;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.LayerFactory;
import dev.recurrent.layers.RepeatVector;
import dev.recurrent.layers.SimpleRNN;
import dev.recurrent.layers.TimeDistributed;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two core hooks the model files rely on: {@link LayerFactory} rebuilds every layer type from
 * its config, and {@link SeededRandom} draws what {@link java.util.Random} draws, with a state that
 * can be saved and restored.
 */
class LayerConfigTest {

    private static List<Layer> everyLayer() {
        return List.of(
                LSTM.builder(5).name("enc").activation(Activation.RELU).recurrentActivation(Activation.HARD_SIGMOID)
                        .returnSequences(true).returnState(true).goBackwards(true).stateful(true).dropout(0.25f)
                        .recurrentDropout(0.125f).unitForgetBias(false).seed(-77).build(),
                GRU.builder(3).returnSequences(true).seed(Long.MAX_VALUE).build(),
                GRU.builder(3).name("gru_options").resetAfter(false).useBias(false).zeroOutputForMask(true)
                        .kernelInitializer(dev.recurrent.init.Initializers.truncatedNormal(0.5, 2))
                        .recurrentInitializer("identity").biasInitializer("he_normal").build(),
                SimpleRNN.builder(2).activation(Activation.LINEAR).dropout(0.3f).build(),
                new Dense("head", 4, "softmax"),
                new Dense(1, "sigmoid"),
                new Embedding("emb", 100, 8, true),
                new Dropout("drop", 0.2f),
                new RepeatVector("rep", 4),
                new Flatten("flat"),
                new TimeDistributed(new Dense(3, "relu")),
                new Bidirectional(LSTM.builder(6).returnSequences(true).build(), Bidirectional.Merge.AVE),
                new Bidirectional(GRU.builder(2).goBackwards(true).build(), Bidirectional.Merge.MUL),
                new TimeDistributed(new TimeDistributed(new Dense(2, "tanh"))));
    }

    @Test
    void everyLayerRebuildsFromItsConfig() {
        for (Layer l : everyLayer()) {
            Map<String, Object> serialized = LayerFactory.serialize(l);
            Layer copy = LayerFactory.deserialize(serialized);
            assertEquals(l.getClass(), copy.getClass(), l.name());
            assertEquals(l.type(), copy.type());
            assertEquals(l.name(), copy.name());
            assertEquals(l.getConfig(), copy.getConfig(), l.name());
        }
    }

    @Test
    void refusesUnknownClassesKeysAndWrongTypes() {
        Map<String, Object> lstm = new LinkedHashMap<>(LSTM.of(4).getConfig());
        lstm.put("peephole", true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerFactory.fromConfig("LSTM", lstm));
        assertEquals("LSTM: argument(s) not recognized: [peephole]", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> LayerFactory.fromConfig("Conv1D", Map.of()));
        assertTrue(e.getMessage().startsWith("Unknown layer class 'Conv1D'"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> LayerFactory.fromConfig("Dense", Map.of("units", "4")));
        assertEquals("Dense: config entry `units` must be an integer, got 4 (String)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LayerFactory.fromConfig("Dense", Map.of("units", 4.5)));
        assertTrue(e.getMessage().contains("`units` must be an integer"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LayerFactory.fromConfig("Dense", Map.of("units", 1L << 40)));
        assertTrue(e.getMessage().contains("int range"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LayerFactory.fromConfig("GRU", Map.of("name", "g")));
        assertTrue(e.getMessage().contains("needs `units`"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LayerFactory.fromConfig("Dropout", Map.of("rate", 1.5)));
        assertTrue(e.getMessage().contains("`rate`"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LayerFactory.fromConfig("Bidirectional", Map.of("layer", LayerFactory.serialize(Dense.of(2)))));
        assertTrue(e.getMessage().contains("must be a recurrent layer"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LayerFactory.fromConfig("TimeDistributed", Map.of("layer", "Dense")));
        assertTrue(e.getMessage().contains("class_name"), e.getMessage());

        // defaults are Keras': only the required arguments given
        Layer d = LayerFactory.fromConfig("LSTM", Map.of("units", 3));
        assertEquals(LSTM.of(3).getConfig(), d.getConfig());
    }

    @Test
    void wrappersNestedWithoutEndAreRefused() {
        Map<String, Object> s = LayerFactory.serialize(Dense.of(1));
        for (int i = 0; i < 20; i++) {
            s = Map.of("class_name", "TimeDistributed", "config", Map.of("layer", s));
        }
        Map<String, Object> deep = s;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerFactory.deserialize(deep));
        assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
    }

    @Test
    void seededRandomDrawsWhatRandomDraws() {
        for (long seed : new long[] {0, 1, -5, 42, Long.MIN_VALUE}) {
            Random r = new Random(seed);
            SeededRandom s = new SeededRandom(seed);
            for (int i = 0; i < 20_000; i++) {
                switch (i % 6) {
                    case 0 -> assertEquals(r.nextInt(i + 1), s.nextInt(i + 1));
                    case 1 -> assertEquals(Float.floatToRawIntBits(r.nextFloat()), Float.floatToRawIntBits(s.nextFloat()));
                    case 2 -> assertEquals(Double.doubleToRawLongBits(r.nextDouble()), Double.doubleToRawLongBits(s.nextDouble()));
                    case 3 -> assertEquals(Double.doubleToRawLongBits(r.nextGaussian()), Double.doubleToRawLongBits(s.nextGaussian()));
                    case 4 -> assertEquals(r.nextLong(), s.nextLong());
                    default -> assertEquals(r.nextBoolean(), s.nextBoolean());
                }
            }
            r.setSeed(seed + 1);
            s.setSeed(seed + 1);
            assertEquals(r.nextGaussian(), s.nextGaussian());
        }
    }

    @Test
    void seededRandomStateRestoresTheStream() {
        SeededRandom a = new SeededRandom(7);
        a.nextGaussian();   // leaves the second Gaussian cached: part of the state
        long[] state = a.state();
        double[] expected = {a.nextGaussian(), a.nextFloat(), a.nextInt(1000), a.nextGaussian()};
        SeededRandom b = new SeededRandom(12345);
        b.setState(state);
        assertArrayEquals(expected, new double[] {b.nextGaussian(), b.nextFloat(), b.nextInt(1000), b.nextGaussian()});
        assertThrows(IllegalArgumentException.class, () -> b.setState(new long[] {1L << 50, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> b.setState(new long[] {1, 2, 0}));
        assertThrows(IllegalArgumentException.class,
                () -> b.setState(new long[] {1, 1, Double.doubleToRawLongBits(Double.NaN)}));
        assertThrows(IllegalArgumentException.class, () -> b.setState(new long[] {1, 0}));
    }
}
