package dev.recurrent.cli.demos;

import dev.recurrent.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The data of the alphabet demo, as the lecture notes builds it: every window of {@code window}
 * consecutive letters and the letter that follows; a letter is its index divided by 26, the target
 * a one-hot vector of 26.
 */
public final class Alphabet {
    public static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final int SIZE = LETTERS.length();

    private Alphabet() {
    }

    /** The number of windows: 26 − window. */
    public static int samples(int window) {
        return SIZE - window;
    }

    /**
     * Inputs: [n, window, 1] when the window is time steps, else [n, 1, window] (one step of
     * {@code window} features). Values {@code index / 26}, in reading order either way.
     */
    public static Tensor inputs(int window, boolean asSteps) {
        int n = samples(window);
        float[] x = new float[n * window];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < window; j++) {
                x[i * window + j] = (i + j) / (float) SIZE;
            }
        }
        return asSteps ? Tensor.of(x, n, window, 1) : Tensor.of(x, n, 1, window);
    }

    /** Targets: [n, 26], one-hot, the letter after each window. */
    static Tensor targets(int window) {
        int n = samples(window);
        float[] y = new float[n * SIZE];
        for (int i = 0; i < n; i++) {
            y[i * SIZE + i + window] = 1f;
        }
        return Tensor.of(y, n, SIZE);
    }

    /** Window {@code i} as Python prints a list of letters: {@code ['A', 'B', 'C']}. */
    static String pattern(int i, int window) {
        List<String> letters = new ArrayList<>();
        for (int j = 0; j < window; j++) {
            letters.add("'" + LETTERS.charAt(i + j) + "'");
        }
        return "[" + String.join(", ", letters) + "]";
    }

    /** The letter of the largest of 26 probabilities at {@code offset}. */
    public static char argmaxLetter(float[] p, int offset) {
        int best = 0;
        for (int k = 1; k < SIZE; k++) {
            if (p[offset + k] > p[offset + best]) {
                best = k;
            }
        }
        return LETTERS.charAt(best);
    }
}
