package dev.recurrent.decoding;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each filter and penalty against distributions worked out by hand. */
class WarpersTest {
    static final double TOL = 1e-12;

    static double[] dist(Sampling s, float[] p, boolean[] seen) {
        return s.distribution(p, seen);
    }

    @Test
    void temperatureRaisesTheProbabilitiesToItsInversePower() {
        float[] p = {0.5f, 0.25f, 0.25f};
        // T = 0.5: p², normalized: 0.25, 0.0625, 0.0625 over 0.375
        assertArrayEquals(new double[] {2 / 3.0, 1 / 6.0, 1 / 6.0}, dist(Sampling.temperature(0.5), p, null), TOL);
        assertArrayEquals(new double[] {0.5, 0.25, 0.25}, dist(Sampling.temperature(1), p, null), TOL);
        assertArrayEquals(new double[] {1, 0, 0}, dist(Sampling.greedy(), p, null), 0);
    }

    @Test
    void topKKeepsTheKMostLikelyAndThoseTiedWithTheKth() {
        float[] p = {0.1f, 0.4f, 0.2f, 0.3f};
        assertArrayEquals(new double[] {0, 4 / 7.0, 0, 3 / 7.0}, dist(Sampling.temperature(1).withTopK(2), p, null), 1e-7);
        assertArrayEquals(new double[] {0.1, 0.4, 0.2, 0.3}, dist(Sampling.temperature(1).withTopK(9), p, null), 1e-7);
        double[] s = {1, 2, 2, 0};
        TopK.apply(s, 1);
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, 2, 2, Double.NEGATIVE_INFINITY}, s, 0);
        assertThrows(IllegalArgumentException.class, () -> TopK.apply(new double[] {1}, 0));
    }

    @Test
    void topPKeepsTheSmallestSetOfMostLikelyTokensReachingP() {
        float[] p = {0.5f, 0.3f, 0.15f, 0.05f};
        // ascending cumulative sums 0.05, 0.20, 0.50, 1.0; with p = 0.75 those ≤ 0.25 go: 0.5 + 0.3 = 0.8 ≥ 0.75 stays
        assertArrayEquals(new double[] {0.625, 0.375, 0, 0}, dist(Sampling.temperature(1).withTopP(0.75), p, null), 1e-7);
        // p = 0.9: only the 0.05 goes (cumulative 0.05 ≤ 0.1); 0.95 left
        assertArrayEquals(new double[] {0.5 / 0.95, 0.3 / 0.95, 0.15 / 0.95, 0},
                dist(Sampling.temperature(1).withTopP(0.9), p, null), 1e-7);
        // p = 0.4: the most likely alone already reaches it
        assertArrayEquals(new double[] {1, 0, 0, 0}, dist(Sampling.temperature(1).withTopP(0.4), p, null), 0);
        // however small p, the most likely token stays
        assertArrayEquals(new double[] {1, 0, 0, 0}, dist(Sampling.temperature(1).withTopP(1e-9), p, null), 0);
        assertArrayEquals(new double[] {0.5, 0.3, 0.15, 0.05}, dist(Sampling.temperature(1).withTopP(1), p, null), 1e-7);
    }

    @Test
    void theRepetitionPenaltyMultipliesTheLogProbabilitiesOfSeenTokens() {
        float[] p = {0.5f, 0.25f, 0.25f};
        boolean[] seen = {true, false, false};
        // log 0.5 · 2 = log 0.25: all three equal
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0},
                dist(Sampling.temperature(1).withRepetitionPenalty(2), p, seen), TOL);
        // greedy takes another token once the likeliest is penalized below it
        assertEquals(1, Scores.argmax(dist(Sampling.greedy().withRepetitionPenalty(3), p, seen)));
        // below 1 it favours repeats: 0.5^0.5 against 0.25 and 0.25
        double a = Math.sqrt(0.5);
        assertArrayEquals(new double[] {a / (a + 0.5), 0.25 / (a + 0.5), 0.25 / (a + 0.5)},
                dist(Sampling.temperature(1).withRepetitionPenalty(0.5), p, seen), TOL);
        double[] logits = {2, -2, 0};
        RepetitionPenalty.apply(logits, new boolean[] {true, true, true}, 2);
        assertArrayEquals(new double[] {1, -4, 0}, logits, 0, "CTRL's rule on scores of either sign");
    }

    @Test
    void theyApplyInHuggingFacesOrderPenaltyTemperatureTopKTopP() {
        float[] p = {0.4f, 0.3f, 0.2f, 0.1f};
        boolean[] seen = {true, false, false, false};
        // penalty 2: 0.16, 0.3, 0.2, 0.1; top-2 keeps 0.3 and 0.2; top-p 0.5 of (0.6, 0.4) keeps 0.3 alone
        Sampling s = Sampling.temperature(1).withRepetitionPenalty(2).withTopK(2);
        assertArrayEquals(new double[] {0, 0.6, 0.4, 0}, dist(s, p, seen), 1e-7);
        assertArrayEquals(new double[] {0, 1, 0, 0}, dist(s.withTopP(0.5), p, seen), 0);
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Sampling(-1, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sampling(Double.POSITIVE_INFINITY, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sampling(1, -1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sampling(1, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sampling(1, 0, 1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sampling(1, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Scores.logOf(new float[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> Scores.logOf(new float[] {Float.NaN, 1}));
    }
}
