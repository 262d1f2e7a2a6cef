package dev.recurrent.decoding;

/**
 * The repetition penalty of Keskar et al., CTRL (2019), as Hugging Face's
 * {@code RepetitionPenaltyLogitsProcessor} applies it: the score of every token already in the
 * sequence (prompt included) is divided by the penalty when positive and multiplied by it when
 * negative, so that a penalty above 1 makes repeats less likely and one below 1 more.
 *
 * <p>Here the scores are log-probabilities, all ≤ 0, so a seen token's log p becomes
 * {@code penalty · log p}: its probability is raised to the power of the penalty before the
 * distribution is normalized again. (Hugging Face applies it to log-probabilities too in beam
 * search; in sampling it takes the raw logits, whose zero point is arbitrary: a softmax output
 * gives the same distribution for logits shifted by any constant, but the penalty would not.)
 */
public final class RepetitionPenalty {

    private RepetitionPenalty() {
    }

    /** Checks a penalty: a finite number > 0 (1 for none). */
    public static double check(double penalty) {
        if (!(penalty > 0) || Double.isInfinite(penalty)) {
            throw new IllegalArgumentException("the repetition penalty must be a finite number > 0 (1 for none), got "
                    + penalty);
        }
        return penalty;
    }

    /** Applies the penalty in place to the scores of the tokens marked in {@code seen} [V]. */
    public static void apply(double[] scores, boolean[] seen, double penalty) {
        if (penalty == 1) {
            return;
        }
        for (int i = 0; i < scores.length; i++) {
            if (seen[i] && scores[i] != Double.NEGATIVE_INFINITY) {
                scores[i] = scores[i] < 0 ? scores[i] * penalty : scores[i] / penalty;
            }
        }
    }
}
