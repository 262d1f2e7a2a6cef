package dev.recurrent.cli.pipelines;

import dev.recurrent.data.CharVocabulary;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.LSTM;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.model.Sequential;
import dev.recurrent.optim.RMSprop;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keras' sample(): temperature → distribution, the draw, and generation from a seed. */
public class TextGeneratorTest {
    private static final float[] P = {0.1f, 0.6f, 0.3f};

    @Test
    void temperatureOneKeepsTheDistribution() {
        double[] d = TextGenerator.distribution(P, 0, 3, 1.0);
        assertArrayEquals(new double[] {0.1, 0.6, 0.3}, d, 1e-7);
    }

    @Test
    void temperatureReshapesAsPowerOfTheProbabilities() {
        // softmax(log(p) / T) = p^(1/T) / sum p^(1/T)
        for (double t : new double[] {0.2, 0.5, 1.2, 3.0}) {
            double[] d = TextGenerator.distribution(P, 0, 3, t);
            double z = 0;
            for (float p : P) {
                z += Math.pow(p, 1 / t);
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(Math.pow(P[i], 1 / t) / z, d[i], 1e-12, "T=" + t + ", i=" + i);
            }
        }
        // low temperature sharpens, high flattens
        assertTrue(TextGenerator.distribution(P, 0, 3, 0.2)[1] > 0.6);
        assertTrue(TextGenerator.distribution(P, 0, 3, 3.0)[1] < 0.6);
    }

    @Test
    void temperatureTowardsZeroPicksTheArgmax() {
        Random rng = new Random(3);
        for (double t : new double[] {0.0, 1e-3, 1e-6, 1e-12}) {
            for (int i = 0; i < 200; i++) {
                assertEquals(1, TextGenerator.sample(P, 0, 3, t, rng), "T=" + t);
            }
        }
        // without overflow even for tiny T: exactly one-hot
        assertArrayEquals(new double[] {0, 1, 0}, TextGenerator.distribution(P, 0, 3, 1e-9), 0);
        // with an offset into a larger array
        float[] batch = {0.9f, 0.05f, 0.05f, 0.2f, 0.1f, 0.7f};
        assertEquals(2, TextGenerator.sample(batch, 3, 3, 0, rng));
    }

    @Test
    void drawsFollowTheDistributionAndNeverAZero() {
        float[] p = {0.2f, 0f, 0.8f};
        Random rng = new Random(11);
        int[] counts = new int[3];
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            counts[TextGenerator.sample(p, 0, 3, 1.0, rng)]++;
        }
        assertEquals(0, counts[1]);
        assertEquals(0.2, counts[0] / (double) n, 0.015);
        assertEquals(0.8, counts[2] / (double) n, 0.015);
    }

    @Test
    void badTemperaturesAndProbabilitiesAreRefused() {
        Random rng = new Random(1);
        assertThrows(IllegalArgumentException.class, () -> TextGenerator.sample(P, 0, 3, -0.5, rng));
        assertThrows(IllegalArgumentException.class, () -> TextGenerator.sample(P, 0, 3, Double.NaN, rng));
        assertThrows(IllegalArgumentException.class, () -> TextGenerator.sample(new float[] {0, 0}, 0, 2, 1, rng));
        assertThrows(IllegalArgumentException.class, () -> TextGenerator.sample(new float[] {Float.NaN, 1}, 0, 2, 1, rng));
    }

    @Test
    void sameSeedSameTextAndShortSeedsAreRead() {
        CharVocabulary v = CharVocabulary.of("abc de");
        Sequential model = new Sequential().input(8, v.size()).seed(5)
                .add(LSTM.of(16)).add(Dense.of(v.size(), "softmax"))
                .compile(new RMSprop(0.01), new CategoricalCrossentropy());
        TextGenerator g = new TextGenerator(model, v);
        assertEquals(8, g.window());
        StringBuilder streamed = new StringBuilder();
        String a = g.generate("abc de abc", 50, 1.0, new Random(42), streamed::appendCodePoint);
        String b = g.generate("abc de abc", 50, 1.0, new Random(42), null);
        String c = g.generate("abc de abc", 50, 1.0, new Random(43), null);
        assertEquals(50, a.length());
        assertEquals(a, b);
        assertEquals(a, streamed.toString());
        assertNotEquals(a, c);
        // a seed shorter than the window: read as it is, same text each time
        assertEquals(g.generate("ab", 20, 0.5, new Random(1), null), g.generate("ab", 20, 0.5, new Random(1), null));
        // an unknown character or an empty seed is refused
        assertThrows(IllegalArgumentException.class, () -> g.generate("abz", 5, 1, new Random(1), null));
        assertThrows(IllegalArgumentException.class, () -> g.generate("", 5, 1, new Random(1), null));
    }
}
