package dev.recurrent.cli.demos;

import dev.recurrent.tensor.Tensor;

import java.util.Random;

/**
 * The long-range memory tasks of {@code demo gradients}: recall the first of T symbols, and Hochreiter &
 * Schmidhuber's adding problem.
 */
public final class GradientsTasks {
    /** Recall: the symbols to remember. */
    public static final int SYMBOLS = 4;
    /** Distractor symbols, their own one-hot features after the SYMBOLS ones. */
    public static final int DISTRACTORS = 4, FEATURES = SYMBOLS + DISTRACTORS;

    private GradientsTasks() {
    }

    /**
     * Sequences [n, T, K + D] one-hot: step 1 one of the K symbols, steps 2…T one of the D
     * distractors; and the one-hot class of the first symbol [n, K].
     */
    public static Tensor[] recallTask(int n, int steps, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * steps * FEATURES], y = new float[n * SYMBOLS];
        for (int i = 0; i < n; i++) {
            int s = r.nextInt(SYMBOLS);
            x[i * steps * FEATURES + s] = 1f;
            y[i * SYMBOLS + s] = 1f;
            for (int t = 1; t < steps; t++) {
                x[(i * steps + t) * FEATURES + SYMBOLS + r.nextInt(DISTRACTORS)] = 1f;
            }
        }
        return new Tensor[] {Tensor.of(x, n, steps, FEATURES), Tensor.of(y, n, SYMBOLS)};
    }

    /** Adding problem: features per step (the value, the marker). */
    public static final int ADDING_FEATURES = 2;
    /** Adding problem: a test MSE below this counts as solved. */
    public static final double SOLVED_MSE = 0.01;

    /**
     * Hochreiter & Schmidhuber's adding problem: sequences [n, T, 2], each step a value uniform in [0, 1]
     * and a marker; exactly two steps are marked, one in the first half [0, T/2) and one in the second
     * [T/2, T); the target [n, 1] is the sum of the two marked values.
     */
    public static Tensor[] addingTask(int n, int steps, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * steps * ADDING_FEATURES], y = new float[n];
        int half = steps / 2;
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < steps; t++) {
                x[(i * steps + t) * ADDING_FEATURES] = r.nextFloat();
            }
            int a = r.nextInt(half), b = half + r.nextInt(steps - half);
            x[(i * steps + a) * ADDING_FEATURES + 1] = 1f;
            x[(i * steps + b) * ADDING_FEATURES + 1] = 1f;
            y[i] = x[(i * steps + a) * ADDING_FEATURES] + x[(i * steps + b) * ADDING_FEATURES];
        }
        return new Tensor[] {Tensor.of(x, n, steps, ADDING_FEATURES), Tensor.of(y, n, 1)};
    }

    /** Mean squared error of always predicting 1.0 (the mean of the target): about 1/6. */
    public static double addingBaseline(Tensor y) {
        double s = 0;
        for (float v : y.data()) {
            s += (v - 1.0) * (v - 1.0);
        }
        return s / y.data().length;
    }
}
