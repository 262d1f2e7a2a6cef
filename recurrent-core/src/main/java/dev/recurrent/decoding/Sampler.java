package dev.recurrent.decoding;

import java.util.Random;
import java.util.function.IntConsumer;

/**
 * Greedy decoding and sampling ({@link Sampling}) with any {@link Decoder}, one token per step,
 * seeded: one {@link Random#nextDouble()} per token drawn (none at temperature 0), so that the same
 * seed gives the same tokens.
 */
public final class Sampler {
    private final Sampling sampling;
    private final Random random;

    /** @param random the source of the draws; seed it to repeat a run */
    public Sampler(Sampling sampling, Random random) {
        this.sampling = sampling;
        this.random = random;
    }

    public Sampler(Sampling sampling, long seed) {
        this(sampling, new Random(seed));
    }

    /** One token drawn from {@code probabilities} [V] with the settings; {@code seen} as in {@link Sampling#distribution}. */
    public int next(float[] probabilities, boolean[] seen) {
        double[] p = sampling.distribution(probabilities, seen);
        if (sampling.temperature() == 0) {
            return Scores.argmax(p);
        }
        return Scores.draw(p, random.nextDouble());
    }

    /**
     * Reads the prompt from {@code state} on, then draws up to {@code length} tokens, each read back
     * before the next is drawn; stops after {@code endToken} when it is drawn (−1 for none). Each
     * token goes to {@code onToken} (may be null) as soon as it is drawn.
     *
     * @param prompt at least one token: the context, or a start token
     * @return the tokens drawn (without the prompt)
     */
    public <S> int[] generate(Decoder<S> decoder, S state, int[] prompt, int length, int endToken, IntConsumer onToken) {
        Prompts.check(decoder, prompt, length, endToken);
        boolean[] seen = sampling.repetitionPenalty() != 1 ? new boolean[decoder.vocabularySize()] : null;
        float[] p = Prompts.read(decoder, state, prompt, seen);
        int[] out = new int[length];
        int n = 0;
        while (n < length) {
            int token = next(p, seen);
            out[n++] = token;
            if (onToken != null) {
                onToken.accept(token);
            }
            if (token == endToken || n == length) {
                break;
            }
            if (seen != null) {
                seen[token] = true;
            }
            p = decoder.step(state, token);
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
