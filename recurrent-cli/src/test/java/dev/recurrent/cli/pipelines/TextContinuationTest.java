package dev.recurrent.cli.pipelines;

import dev.recurrent.data.CharVocabulary;
import dev.recurrent.decoding.Sampling;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.GRU;
import dev.recurrent.model.Sequential;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Stepping the network gives the text the window generator gives while the text fits the window
 * (the same network reading the same characters, the same draws); beyond it the context differs.
 */
class TextContinuationTest {
    static final int WINDOW = 12;

    static Sequential model(CharVocabulary v) {
        return new Sequential().input(WINDOW, v.size()).seed(7)
                .add(GRU.of(16)).add(Dense.of(v.size(), "softmax")).build();
    }

    @Test
    void whileTheTextFitsTheWindowItIsTheWindowGeneratorsText() {
        CharVocabulary v = CharVocabulary.of("abc de");
        Sequential m = model(v);
        String seed = "abc d";
        int fits = WINDOW - seed.length() + 1;      // the last of these is drawn from a full window
        for (double t : new double[] {0, 0.5, 1.0}) {
            String windowed = new TextGenerator(m, v).generate(seed, fits, t, new Random(3), null);
            String stepped = new TextContinuation(m, v).sample(seed, fits, Sampling.temperature(t), new Random(3), null);
            assertEquals(windowed, stepped, "temperature " + t);
        }
    }

    @Test
    void theStreamedCharactersAreTheText() {
        CharVocabulary v = CharVocabulary.of("abc de");
        TextContinuation c = new TextContinuation(model(v), v);
        StringBuilder streamed = new StringBuilder();
        String text = c.sample("ab", 40, Sampling.temperature(1).withTopP(0.9), new Random(1), streamed::appendCodePoint);
        assertEquals(40, text.length());
        assertEquals(text, streamed.toString());
        assertEquals(40, c.beam("ab", 40, 3, 1.0).length());
        assertEquals(WINDOW, c.window());
        assertThrows(IllegalArgumentException.class, () -> c.sample("", 5, Sampling.greedy(), new Random(1), null));
        assertThrows(IllegalArgumentException.class, () -> c.sample("abz", 5, Sampling.greedy(), new Random(1), null));
    }
}
