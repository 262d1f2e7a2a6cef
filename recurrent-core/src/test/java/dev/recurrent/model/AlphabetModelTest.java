package dev.recurrent.model;

import dev.recurrent.tensor.Tensor;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.LSTM;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.optim.Adam;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The alphabet networks of the lecture notes: Keras' parameter counts, and they learn. */
class AlphabetModelTest {
    static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /** Windows of {@code window} letters (index / 26) and the one-hot next letter. */
    static Tensor[] data(int window, boolean asSteps) {
        int n = 26 - window;
        float[] x = new float[n * window], y = new float[n * 26];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < window; j++) {
                x[i * window + j] = (i + j) / 26f;
            }
            y[i * 26 + i + window] = 1f;
        }
        return new Tensor[] {asSteps ? Tensor.of(x, n, window, 1) : Tensor.of(x, n, 1, window), Tensor.of(y, n, 26)};
    }

    static Sequential model(int steps, int features, long seed) {
        return new Sequential().input(steps, features).seed(seed)
                .add(LSTM.of(32))
                .add(Dense.of(26, "softmax"))
                .compile(new Adam(), new CategoricalCrossentropy(), "accuracy");
    }

    @Test
    void summaryShowsKerasParameterCounts() {
        String one = model(1, 1, 1).summary();
        assertTrue(one.contains("lstm (LSTM)"), one);
        assertTrue(one.contains("(None, 32)") && one.contains("4,352"), one);
        assertTrue(one.contains("dense (Dense)") && one.contains("(None, 26)") && one.contains("858"), one);
        assertTrue(one.contains("Total params: 5,210"), one);
        String two = model(1, 3, 1).summary();
        assertTrue(two.contains("4,608") && two.contains("Total params: 5,466"), two);
    }

    @Test
    void timeStepsLearnTheAlphabet() {
        Tensor[] d = data(3, true);
        Sequential m = model(3, 1, 7);
        History h = m.fit(d[0], d[1], FitOptions.defaults().epochs(300).batchSize(1));
        double acc = m.evaluate(d[0], d[1], 32).get("accuracy");
        assertTrue(acc >= 0.9, "accuracy " + acc + " after 300 epochs; history " + h.get("accuracy").subList(290, 300));
        assertEquals(300, h.get("loss").size());
        assertTrue(h.get("loss").get(299) < h.get("loss").get(0));
    }
}
