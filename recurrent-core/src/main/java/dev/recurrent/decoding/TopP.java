package dev.recurrent.decoding;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Nucleus (top-p) filtering (Holtzman et al. 2020, "The Curious Case of Neural Text
 * Degeneration"), as Hugging Face's {@code TopPLogitsWarper}: the scores sorted in ascending order,
 * the softmax's cumulative sum taken along them, and every token whose cumulative sum is at most
 * {@code 1 − p} removed (−∞). What is left is the smallest set of most likely tokens whose
 * probability is at least p; the most likely token is always kept.
 */
public final class TopP {

    private TopP() {
    }

    /** Keeps the nucleus of mass {@code p} in (0, 1] in place; p = 1 keeps every token. */
    public static void apply(double[] scores, double p) {
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("top-p needs p in (0, 1], got " + p);
        }
        if (p == 1) {
            return;
        }
        double[] probs = Scores.softmax(scores);
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).thenComparing(i -> -i));
        double cumulative = 0;
        for (int r = 0; r < order.length - 1; r++) {     // the last (most likely) always stays
            cumulative += probs[order[r]];
            if (cumulative <= 1 - p) {
                scores[order[r]] = Double.NEGATIVE_INFINITY;
            }
        }
    }
}
