package dev.recurrent.decoding;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Greedy decoding and seeded sampling over a toy decoder. */
class SamplerTest {

    @Test
    void greedyFollowsTheMostLikelyTokenAndStopsAtTheEndToken() {
        // 0 ends; from 1 the likeliest is 2, from 2 it is 3, from 3 it is 0
        MarkovDecoder d = new MarkovDecoder(new float[][] {
                {1, 0, 0, 0}, {0.1f, 0.2f, 0.6f, 0.1f}, {0.2f, 0.1f, 0.3f, 0.4f}, {0.5f, 0.2f, 0.2f, 0.1f}});
        int[] out = new Sampler(Sampling.greedy(), 1).generate(d, MarkovDecoder.start(), new int[] {1}, 10, 0, null);
        assertArrayEquals(new int[] {2, 3, 0}, out);
        assertArrayEquals(new int[] {2, 3}, new Sampler(Sampling.greedy(), 1)
                .generate(d, MarkovDecoder.start(), new int[] {1}, 2, 0, null), "at most the length asked for");
        assertArrayEquals(new int[] {2, 3, 0, 0, 0}, new Sampler(Sampling.greedy(), 1)
                .generate(d, MarkovDecoder.start(), new int[] {1}, 5, -1, null), "without an end token, to the length");
    }

    @Test
    void theSameSeedGivesTheSameTokensAndAnotherSeedOthers() {
        MarkovDecoder d = MarkovDecoder.random(12, 3);
        Sampling s = Sampling.temperature(0.9).withTopK(8).withTopP(0.95).withRepetitionPenalty(1.2);
        int[] a = new Sampler(s, 42).generate(d, MarkovDecoder.start(), new int[] {1, 2}, 200, -1, null);
        List<Integer> streamed = new ArrayList<>();
        int[] b = new Sampler(s, 42).generate(d, MarkovDecoder.start(), new int[] {1, 2}, 200, -1, streamed::add);
        int[] c = new Sampler(s, 43).generate(d, MarkovDecoder.start(), new int[] {1, 2}, 200, -1, null);
        assertArrayEquals(a, b);
        assertEquals(200, a.length);
        assertArrayEquals(a, streamed.stream().mapToInt(Integer::intValue).toArray());
        assertFalse(java.util.Arrays.equals(a, c));
    }

    @Test
    void eachTokenIsOneDrawFromTheWarpedDistribution() {
        MarkovDecoder d = MarkovDecoder.random(6, 5);
        Sampling s = Sampling.temperature(0.7).withTopK(4).withTopP(0.9);
        int[] out = new Sampler(s, 7).generate(d, MarkovDecoder.start(), new int[] {0}, 50, -1, null);
        Random r = new Random(7);
        int last = 0;
        for (int token : out) {
            float[] p = d.step(new int[1], last);
            assertEquals(Scores.draw(s.distribution(p, null), r.nextDouble()), token);
            last = token;
        }
    }

    @Test
    void theDrawsFollowTheDistribution() {
        float[] p = {0.1f, 0.6f, 0.3f};
        Sampler sampler = new Sampler(Sampling.temperature(1), 11);
        int[] counts = new int[3];
        for (int i = 0; i < 20_000; i++) {
            counts[sampler.next(p, null)]++;
        }
        assertEquals(0.1, counts[0] / 20_000.0, 0.01);
        assertEquals(0.6, counts[1] / 20_000.0, 0.01);
        assertEquals(0.3, counts[2] / 20_000.0, 0.01);
    }

    @Test
    void theDecoderStepsOncePerPromptTokenAndGeneratedToken() {
        MarkovDecoder d = MarkovDecoder.random(5, 1);
        new Sampler(Sampling.temperature(1), 1).generate(d, MarkovDecoder.start(), new int[] {1, 2, 3}, 10, -1, null);
        assertEquals(3 + 9, d.steps, "the last token drawn is not read back");
    }

    @Test
    void badArgumentsAreRefused() {
        MarkovDecoder d = MarkovDecoder.random(5, 1);
        Sampler s = new Sampler(Sampling.greedy(), 1);
        assertThrows(IllegalArgumentException.class, () -> s.generate(d, MarkovDecoder.start(), new int[0], 3, -1, null));
        assertThrows(IllegalArgumentException.class, () -> s.generate(d, MarkovDecoder.start(), new int[] {5}, 3, -1, null));
        assertThrows(IllegalArgumentException.class, () -> s.generate(d, MarkovDecoder.start(), new int[] {1}, -1, -1, null));
        assertThrows(IllegalArgumentException.class, () -> s.generate(d, MarkovDecoder.start(), new int[] {1}, 3, 7, null));
    }
}
