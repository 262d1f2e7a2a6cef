package dev.recurrent.layers.attention;

import dev.recurrent.layers.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Wrong options, shapes and arrays are refused in one line naming what was expected and what was received. */
class AttentionInputCheckTest {

    @Test
    void optionsOutOfRangeAreRefused() {
        refused(() -> new Attention("att", false, "general", 0f), "`score_mode`", "'general'");
        refused(() -> new Attention("att", false, "dot", 1f), "`dropout`", "got 1.0");
        refused(() -> new AdditiveAttention("add", true, -0.1f), "`dropout`", "got -0.1");
    }

    @Test
    void shapesThatDoNotFitAreRefusedAtBuildNamingBoth() {
        refused(() -> new Attention().build(Shape.of(3, 4), Shape.of(5, 6), null, 1L),
                "value (the key when none is given)", "(None, 3, 4)", "(None, 5, 6)");
        refused(() -> new Attention().build(Shape.of(3, 4), Shape.of(5, 6), Shape.of(5, 3), 1L),
                "the key must have the query's last dimension", "(None, 3, 4)", "(None, 5, 3)");
        refused(() -> new AdditiveAttention().build(Shape.of(3, 4), Shape.of(5, 4), Shape.of(6, 4), 1L),
                "same number of steps", "(None, 6, 4)", "(None, 5, 4)");
        refused(() -> new Attention().build(Shape.of(4), Shape.of(5, 4), null, 1L), "query as a sequence", "(None, 4)");
        Attention built = new Attention();
        built.build(Shape.of(3, 4), Shape.of(5, 4), null, 1L);
        refused(() -> built.build(Shape.of(3, 6), Shape.of(5, 6), null, 1L), "built for queries of 4 features", "(None, 3, 6)");
    }

    @Test
    void arraysOfTheWrongSizeAreRefusedAtForwardAndBackward() {
        Attention layer = new Attention();
        refused(() -> layer.forward(new float[12], new float[20], 1, false), "not built yet");
        layer.build(Shape.of(3, 4), Shape.of(5, 4), null, 1L);
        refused(() -> layer.backward(new float[12], null), "no forward call");
        refused(() -> layer.forward(new float[11], new float[20], 1, false), "query as [1, 3, 4] (12 values)", "got 11 values");
        refused(() -> layer.forward(new float[12], new float[20], new float[20], null, null, 1, false, false),
                "built without a key input");
        refused(() -> layer.forward(new float[12], new float[20], null, new boolean[2], null, 1, false, false),
                "query mask as [1, 3] (3 values)", "got 2 values");
        refused(() -> layer.forward(new float[12], new float[20], null, null, new boolean[6], 1, false, false),
                "value mask as [1, 5] (5 values)", "got 6 values");
        layer.forward(new float[12], new float[20], 1, false);
        refused(() -> layer.backward(new float[13], null), "output gradient as [1, 3, 4]", "got 13 values");
        refused(() -> layer.backward(new float[12], new float[14]), "scores gradient as [1, 3, 5]", "got 14 values");
    }

    @Test
    void configsRoundTripAndUnknownArgumentsAreRefused() {
        for (AttentionLayer layer : List.of(new Attention("att", true, "concat", 0.25f), new AdditiveAttention("add", false, 0.5f))) {
            Map<String, Object> s = AttentionLayers.serialize(layer);
            @SuppressWarnings("unchecked")
            AttentionLayer copy = AttentionLayers.deserialize((Map<String, ?>) (Map<?, ?>) s);
            assertEquals(layer.getClass(), copy.getClass());
            assertEquals(layer.getConfig(), copy.getConfig());
        }
        assertEquals(List.of("name", "use_scale", "score_mode", "dropout"), List.copyOf(new Attention().getConfig().keySet()));
        assertEquals(List.of("name", "use_scale", "dropout"), List.copyOf(new AdditiveAttention().getConfig().keySet()));
        Map<String, Object> keras = new LinkedHashMap<>(Map.of("name", "attention", "trainable", true, "dtype", "float32",
                "use_scale", true, "score_mode", "dot", "dropout", 0.0));
        assertTrue(((Attention) AttentionLayers.fromConfig("Attention", keras)).useScale());
        keras.put("units", 3);
        refused(() -> AttentionLayers.fromConfig("Attention", keras), "not recognized", "units");
        refused(() -> AttentionLayers.fromConfig("AdditiveAttention", Map.of("trainable", false)), "trainable", "true");
        refused(() -> AttentionLayers.fromConfig("MultiHeadAttention", Map.of()), "MultiHeadAttention", "[Attention, AdditiveAttention]");
    }

    private static void refused(Executable call, String... parts) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertTrue(e instanceof IllegalArgumentException || e instanceof IllegalStateException, e.toString());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should name " + p);
        }
    }
}
