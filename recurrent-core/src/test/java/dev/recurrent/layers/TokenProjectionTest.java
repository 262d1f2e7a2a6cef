package dev.recurrent.layers;

import dev.recurrent.layers.RecurrentTestSupport.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static dev.recurrent.layers.RecurrentTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Inference on token ids through a table of every token's input projection must give what the
 * embedded input gives, bit for bit, and must follow any change of the weights.
 */
class TokenProjectionTest {
    private static final int VOCAB = 40, DIM = 6, STEPS = 9, UNITS = 5;

    @ParameterizedTest
    @EnumSource(Kind.class)
    void givesTheOutputOfTheEmbeddedInput(Kind kind) {
        for (boolean backwards : new boolean[] {false, true}) {
            for (boolean maskZero : new boolean[] {false, true}) {
                for (boolean sequences : new boolean[] {false, true}) {
                    check(kind, 3, backwards, maskZero, sequences);
                }
            }
        }
        check(kind, 16 * 3, false, true, false);          // several slices of the time loop
    }

    private static void check(Kind kind, int batch, boolean backwards, boolean maskZero, boolean sequences) {
        String what = kind + " B=" + batch + (backwards ? " goBackwards" : "") + (maskZero ? " mask_zero" : "")
                + (sequences ? " returnSequences" : "");
        Random rng = new Random(5);
        Embedding embedding = new Embedding(VOCAB, DIM, maskZero);
        embedding.build(Shape.of(STEPS), 3);
        Recurrent layer = kind.builder(UNITS).goBackwards(backwards).returnSequences(sequences).build();
        layer.build(Shape.of(STEPS, DIM), 4);
        randomize(layer, rng);
        float[] ids = ids(rng, batch);

        float[] expected = reference(embedding, layer, ids, batch);
        float[] actual = layer.forwardTokens(embedding, ids, batch, null).clone();
        assertArrayEquals(expected, actual, what);
        assertDiffer(new float[actual.length], actual, what + ": not all zeros");

        // any change of the embeddings or of the kernel is seen: the table is rebuilt
        embedding.embeddings()[(int) ids[0] * DIM] += 0.5f;
        expected = reference(embedding, layer, ids, batch);
        float[] changed = layer.forwardTokens(embedding, ids, batch, null).clone();
        assertArrayEquals(expected, changed, what + ": after an embedding changed");
        assertDiffer(actual, changed, what + ": the change shows");
        layer.parameters().get(0).value()[1] -= 0.25f;
        expected = reference(embedding, layer, ids, batch);
        assertArrayEquals(expected, layer.forwardTokens(embedding, ids, batch, null), what
                + ": after the kernel changed");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aStatefulLayerCarriesItsStatesAsWithTheEmbeddedInput(Kind kind) {
        Random rng = new Random(13);
        Embedding embedding = new Embedding(VOCAB, DIM, false);
        embedding.build(Shape.of(STEPS), 3);
        Recurrent tokens = kind.builder(UNITS).stateful(true).build();
        tokens.build(Shape.of(STEPS, DIM), 4);
        randomize(tokens, rng);
        Recurrent embedded = kind.builder(UNITS).stateful(true).build();
        embedded.build(Shape.of(STEPS, DIM), 4);
        copyWeights(tokens, embedded);                          // the same weights, its own states
        for (int call = 0; call < 3; call++) {
            float[] ids = ids(rng, 2);
            float[] x = embedding.forward(ids, 2, null, false).clone();
            float[] expected = embedded.forward(x, 2, STEPS, DIM, null, null, false).clone();
            assertArrayEquals(expected, layerTokens(tokens, embedding, ids), kind + ": call " + call);
        }
    }

    private static float[] layerTokens(Recurrent layer, Embedding embedding, float[] ids) {
        return layer.forwardTokens(embedding, ids, 2, null).clone();
    }

    @Test
    void refusesABackwardCallAndIdsThatDoNotFit() {
        Random rng = new Random(9);
        Embedding embedding = new Embedding(VOCAB, DIM, false);
        embedding.build(Shape.of(STEPS), 3);
        Recurrent layer = LSTM.of(UNITS);
        layer.build(Shape.of(STEPS, DIM), 4);
        float[] ids = ids(rng, 2);
        float[] y = layer.forwardTokens(embedding, ids, 2, null);
        assertNull(layer.lastWorkspace().xs, "no time-major input is made for token ids");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> layer.backward(new float[y.length]));
        assertTrue(e.getMessage().contains("forwardTokens"), e.getMessage());

        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> layer.forwardTokens(embedding, new float[STEPS + 1], 1, null));
        assertTrue(shape.getMessage().contains("[1, " + STEPS + "]") && shape.getMessage().contains(STEPS + 1 + " values"),
                shape.getMessage());
        float[] bad = ids.clone();
        bad[3] = VOCAB;
        IllegalArgumentException id = assertThrows(IllegalArgumentException.class,
                () -> layer.forwardTokens(embedding, bad, 2, null));
        assertTrue(id.getMessage().contains("step 3"), id.getMessage());

        Embedding other = new Embedding(VOCAB, DIM + 1, false);
        other.build(Shape.of(STEPS), 3);
        assertFalse(layer.acceptsTokens(other));
        assertThrows(IllegalArgumentException.class, () -> layer.forwardTokens(other, ids, 2, null));
        Embedding huge = new Embedding((int) (TokenProjection.MAX_VALUES / (4 * UNITS)) + 1, DIM, false);
        assertFalse(layer.acceptsTokens(huge));
    }

    private static float[] reference(Embedding embedding, Recurrent layer, float[] ids, int batch) {
        float[] x = embedding.forward(ids, batch, null, false).clone();
        return layer.forward(x, batch, STEPS, DIM, embedding.outputMask(null), null, false).clone();
    }

    private static float[] ids(Random rng, int batch) {
        float[] ids = new float[batch * STEPS];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % 5 == 4 ? 0 : rng.nextInt(VOCAB);
        }
        return ids;
    }

    private static void randomize(Recurrent layer, Random rng) {
        for (Parameter p : layer.parameters()) {
            float[] v = p.value();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (rng.nextGaussian() * 0.4);
            }
        }
    }
}
