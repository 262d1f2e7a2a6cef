package dev.recurrent.decoding;

import java.util.Arrays;

/**
 * One sequence found by {@link BeamSearch}.
 *
 * @param tokens         the tokens generated (without the prompt; with the end token when it ended so)
 * @param logProbability the sum of their log-probabilities (after the repetition penalty, if any)
 * @param score          {@code logProbability / length^α}, what the search ranks by
 */
public record Hypothesis(int[] tokens, double logProbability, double score) {

    /** Whether the sequence ended with the end token rather than at the length limit. */
    public boolean ended(int endToken) {
        return endToken >= 0 && tokens.length > 0 && tokens[tokens.length - 1] == endToken;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hypothesis h && Arrays.equals(tokens, h.tokens)
                && Double.compare(logProbability, h.logProbability) == 0 && Double.compare(score, h.score) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(tokens) * 31 + Double.hashCode(score);
    }

    @Override
    public String toString() {
        return "Hypothesis" + Arrays.toString(tokens) + " log p " + logProbability + ", score " + score;
    }
}
