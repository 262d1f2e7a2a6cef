package dev.recurrent.decoding;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Beam search on toy Markov decoders: where greedy fails, width 1 against greedy, and exhaustively. */
class BeamSearchTest {
    static final int END = 0, START = 1, A = 2, B = 3, C = 4;

    /**
     * From the start, A (0.6) is likelier than B (0.4), but after A nothing is likely (C 0.34, then
     * the end), while B ends with 0.9: greedy finds A C end (0.6 · 0.34 = 0.204), the best is B end (0.36).
     */
    static MarkovDecoder trap() {
        float[][] t = new float[5][5];
        t[END][END] = 1;
        t[START][A] = 0.6f;
        t[START][B] = 0.4f;
        t[A][C] = 0.34f;
        t[A][END] = 0.33f;
        t[A][B] = 0.33f;
        t[B][END] = 0.9f;
        t[B][C] = 0.1f;
        t[C][END] = 1;
        return new MarkovDecoder(t);
    }

    static double log(float p) {
        return Math.log(p);
    }

    @Test
    void beamSearchFindsTheLikeliestSequenceWhereGreedyDoesNot() {
        int[] greedy = new Sampler(Sampling.greedy(), 1).generate(trap(), MarkovDecoder.start(), new int[] {START}, 10, END, null);
        assertArrayEquals(new int[] {A, C, END}, greedy);

        List<Hypothesis> found = new BeamSearch(2, 0, END).search(trap(), MarkovDecoder.start(), new int[] {START}, 10, 2);
        assertEquals(2, found.size());
        assertArrayEquals(new int[] {B, END}, found.get(0).tokens());
        assertEquals(log(0.4f) + log(0.9f), found.get(0).logProbability(), 1e-12);
        assertEquals(found.get(0).logProbability(), found.get(0).score(), 0, "α = 0: the score is log p");
        assertArrayEquals(new int[] {A, C, END}, found.get(1).tokens());
        assertEquals(log(0.6f) + log(0.34f) + log(1f), found.get(1).logProbability(), 1e-12);
        assertTrue(found.get(0).ended(END));
    }

    @Test
    void theLengthPenaltyDividesByTheLengthToTheAlpha() {
        List<Hypothesis> found = new BeamSearch(2, 1, END).search(trap(), MarkovDecoder.start(), new int[] {START}, 10, 2);
        for (Hypothesis h : found) {
            assertEquals(h.logProbability() / h.tokens().length, h.score(), 1e-15);
        }
        // α = 3: log 0.36 / 8 = −0.128 against log 0.204 / 27 = −0.059: the longer one wins
        List<Hypothesis> longer = new BeamSearch(2, 3, END).search(trap(), MarkovDecoder.start(), new int[] {START}, 10, 1);
        assertArrayEquals(new int[] {A, C, END}, longer.get(0).tokens());
    }

    @Test
    void widthOneIsGreedy() {
        for (long seed = 0; seed < 30; seed++) {
            MarkovDecoder d = MarkovDecoder.random(7, seed);
            int end = seed % 3 == 0 ? -1 : 0;
            for (double alpha : new double[] {0, 1}) {
                int[] greedy = new Sampler(Sampling.greedy(), 1).generate(d, MarkovDecoder.start(), new int[] {3}, 12, end, null);
                List<Hypothesis> beam = new BeamSearch(1, alpha, end).search(d, MarkovDecoder.start(), new int[] {3}, 12, 1);
                assertArrayEquals(greedy, beam.get(0).tokens(), "seed " + seed + ", α " + alpha);
            }
            int[] penalized = new Sampler(Sampling.greedy().withRepetitionPenalty(1.5), 1)
                    .generate(d, MarkovDecoder.start(), new int[] {3}, 12, end, null);
            List<Hypothesis> beam = new BeamSearch(1, 0, end).withRepetitionPenalty(1.5)
                    .search(d, MarkovDecoder.start(), new int[] {3}, 12, 1);
            assertArrayEquals(penalized, beam.get(0).tokens(), "seed " + seed + " with a repetition penalty");
        }
    }

    @Test
    void aBeamAsWideAsAllSequencesFindsTheLikeliest() {
        int v = 4, length = 4;
        for (long seed = 0; seed < 10; seed++) {
            MarkovDecoder d = MarkovDecoder.random(v, seed + 100);
            double best = Double.NEGATIVE_INFINITY;
            int[] bestTokens = null;
            for (int code = 0; code < Math.pow(v, length); code++) {
                int[] tokens = new int[length];
                double logP = 0;
                int last = 1;
                for (int i = 0, c = code; i < length; i++, c /= v) {
                    tokens[i] = c % v;
                    logP += Math.log(d.step(new int[1], last)[tokens[i]]);
                    last = tokens[i];
                }
                if (logP > best) {
                    best = logP;
                    bestTokens = tokens;
                }
            }
            Hypothesis h = new BeamSearch(64, 0, -1).search(d, MarkovDecoder.start(), new int[] {1}, length, 1).get(0);
            assertArrayEquals(bestTokens, h.tokens(), "seed " + seed);
            assertEquals(best, h.logProbability(), 1e-9);
        }
    }

    @Test
    void theSearchIsDeterministic() {
        MarkovDecoder d = MarkovDecoder.random(9, 4);
        BeamSearch s = new BeamSearch(4, 0.8, 0);
        assertEquals(s.search(d, MarkovDecoder.start(), new int[] {2}, 15, 4), s.search(d, MarkovDecoder.start(), new int[] {2}, 15, 4));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BeamSearch(0, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> new BeamSearch(2, Double.NaN, -1));
        BeamSearch s = new BeamSearch(2, 1, -1);
        assertThrows(IllegalArgumentException.class, () -> s.search(trap(), MarkovDecoder.start(), new int[] {1}, 5, 3));
        assertThrows(IllegalArgumentException.class, () -> s.search(trap(), MarkovDecoder.start(), new int[] {1}, 0, 1));
    }
}
