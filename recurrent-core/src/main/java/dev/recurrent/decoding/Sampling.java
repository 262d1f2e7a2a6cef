package dev.recurrent.decoding;

/**
 * The settings of {@link Sampler}: temperature, top-k, top-p and repetition penalty, each checked
 * when set. Applied in Hugging Face's order: repetition penalty, temperature, top-k, top-p, then
 * one draw from the softmax of what is left. Temperature 0 is greedy decoding: the most likely
 * token after the repetition penalty (top-k and top-p never remove it).
 *
 * @param temperature       ≥ 0, finite: the scores (log-probabilities) are divided by it
 * @param topK              ≥ 1, or 0 for no top-k filtering
 * @param topP              in (0, 1]; 1 for no nucleus filtering
 * @param repetitionPenalty > 0; 1 for none
 */
public record Sampling(double temperature, int topK, double topP, double repetitionPenalty) {

    public Sampling {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("the temperature must be a finite number >= 0, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be at least 1 (0 for none), got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must be in (0, 1] (1 for none), got " + topP);
        }
        RepetitionPenalty.check(repetitionPenalty);
    }

    /** Greedy decoding: always the most likely token. */
    public static Sampling greedy() {
        return new Sampling(0, 0, 1, 1);
    }

    /** Keras' {@code sample(preds, temperature)}: log(p) / T, softmax, one draw. */
    public static Sampling temperature(double temperature) {
        return new Sampling(temperature, 0, 1, 1);
    }

    public Sampling withTopK(int k) {
        return new Sampling(temperature, k, topP, repetitionPenalty);
    }

    public Sampling withTopP(double p) {
        return new Sampling(temperature, topK, p, repetitionPenalty);
    }

    public Sampling withRepetitionPenalty(double penalty) {
        return new Sampling(temperature, topK, topP, penalty);
    }

    /**
     * The distribution one token is drawn from, given the model's probabilities [V] and the tokens
     * seen so far ({@code seen} [V], or null when there is no repetition penalty): a new array. At
     * temperature 0, all its mass is on the greedy choice.
     */
    public double[] distribution(float[] probabilities, boolean[] seen) {
        double[] s = Scores.logOf(probabilities);
        if (seen != null) {
            RepetitionPenalty.apply(s, seen, repetitionPenalty);
        }
        if (temperature == 0) {
            double[] p = new double[s.length];
            p[Scores.argmax(s)] = 1;
            return p;
        }
        for (int i = 0; i < s.length; i++) {
            s[i] /= temperature;
        }
        if (topK > 0) {
            TopK.apply(s, topK);
        }
        TopP.apply(s, topP);
        return Scores.softmax(s);
    }
}
