package dev.recurrent.examples;

import dev.recurrent.data.OneHot;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.LSTM;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.Sequential;
import dev.recurrent.optim.Adam;
import dev.recurrent.tensor.Tensor;

import java.util.Map;

/**
 * Learning the alphabet: from three letters, the next one. The window of three letters is given as
 * three time steps of one feature, so the LSTM sees the letters in order (model 3 of
 * {@code recurrent demo alphabet}).
 */
public final class AlphabetExample {
    static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final int WINDOW = 3;

    private AlphabetExample() {
    }

    /** Trains the network and returns its accuracy on the 23 windows A,B,C → D … W,X,Y → Z. */
    public static double train(long seed) {
        // x: 23 windows [23, 3, 1], each letter as its index / 26; y: the next letter, one-hot [23, 26]
        int n = LETTERS.length() - WINDOW;
        float[] x = new float[n * WINDOW];
        float[] y = new float[n * 26];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < WINDOW; j++) {
                x[i * WINDOW + j] = (i + j) / 26f;
            }
            y[i * 26 + i + WINDOW] = 1f;
        }
        Tensor inputs = Tensor.of(x, n, WINDOW, 1);
        Tensor targets = Tensor.of(y, n, 26);

        Sequential model = new Sequential().input(WINDOW, 1).seed(seed)   // samples of 3 steps × 1 feature
                .add(LSTM.of(32))
                .add(Dense.of(26, "softmax"))
                .compile(new Adam(), new CategoricalCrossentropy(), "accuracy");
        System.out.print(model.summary());                                 // 4,352 + 858 = 5,210 parameters

        // No validation split and no early stopping: each of the 23 windows is a letter to learn.
        // validationSplit(0.2) would hold out the last five windows (S,T,U → V … W,X,Y → Z), which
        // the network then never sees, and EarlyStopping on their loss would stop training after a
        // few epochs, long before the rest is learned. The task is to learn the whole sequence, so
        // train on all of it, batch 1 (shuffled), and measure on the same windows. 800 epochs rather
        // than the demo's 500, which leave one letter wrong for some seeds.
        model.fit(inputs, targets, FitOptions.defaults().epochs(800).batchSize(1));

        Map<String, Double> scores = model.evaluate(inputs, targets, 32);    // {loss=…, accuracy=…}
        int[] predicted = OneHot.argmax(model.predict(inputs, 32));           // the likeliest letter of each window
        for (int i = 0; i < n; i++) {
            System.out.println(LETTERS.substring(i, i + WINDOW) + " -> " + LETTERS.charAt(predicted[i]));
        }
        return scores.get("accuracy");
    }

    public static void main(String[] args) {
        System.out.printf("accuracy: %.4f%n", train(7));
    }
}
