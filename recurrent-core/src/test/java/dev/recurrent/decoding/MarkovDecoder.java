package dev.recurrent.decoding;

import java.util.Random;

/**
 * A toy decoder: the next token's distribution depends on the last token only, a row of a
 * transition table. Its state is the last token read.
 */
final class MarkovDecoder implements Decoder<int[]> {
    private final float[][] next;
    int steps;

    MarkovDecoder(float[][] next) {
        this.next = next;
    }

    /** A table of {@code v} random rows, some entries 0. */
    static MarkovDecoder random(int v, long seed) {
        Random r = new Random(seed);
        float[][] t = new float[v][v];
        for (float[] row : t) {
            for (int j = 0; j < v; j++) {
                row[j] = r.nextInt(5) == 0 ? 0f : r.nextFloat();
            }
            row[r.nextInt(v)] += 0.01f;
        }
        return new MarkovDecoder(t);
    }

    static int[] start() {
        return new int[] {-1};
    }

    @Override
    public int vocabularySize() {
        return next.length;
    }

    @Override
    public float[] step(int[] state, int token) {
        steps++;
        state[0] = token;
        return next[token].clone();
    }

    @Override
    public int[] copy(int[] state) {
        return state.clone();
    }
}
