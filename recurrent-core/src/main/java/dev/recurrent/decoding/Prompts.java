package dev.recurrent.decoding;

/** Reading a prompt into a decoder's state, and the checks every strategy makes first. */
final class Prompts {

    private Prompts() {
    }

    static void check(Decoder<?> decoder, int[] prompt, int length, int endToken) {
        int v = decoder.vocabularySize();
        if (prompt == null || prompt.length == 0) {
            throw new IllegalArgumentException("the prompt is empty; give at least one token (the context or a start token)");
        }
        for (int i = 0; i < prompt.length; i++) {
            if (prompt[i] < 0 || prompt[i] >= v) {
                throw new IllegalArgumentException("prompt token " + i + " is " + prompt[i] + ", expected a token id in [0, "
                        + v + ")");
            }
        }
        if (length < 0) {
            throw new IllegalArgumentException("the length must be at least 0, got " + length);
        }
        if (endToken < -1 || endToken >= v) {
            throw new IllegalArgumentException("the end token must be a token id in [0, " + v + ") or -1 for none, got "
                    + endToken);
        }
    }

    /** Steps through the prompt, marking its tokens in {@code seen} (may be null); returns the next token's probabilities. */
    static <S> float[] read(Decoder<S> decoder, S state, int[] prompt, boolean[] seen) {
        float[] p = null;
        for (int token : prompt) {
            p = decoder.step(state, token);
            if (seen != null) {
                seen[token] = true;
            }
        }
        return p;
    }
}
