package dev.recurrent.model;

import dev.recurrent.tensor.Tensor;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.RepeatVector;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.loss.BinaryCrossentropy;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.optim.Adam;
import dev.recurrent.optim.RMSprop;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Small sequence tasks the models must learn, with fixed seeds, to a stated held-out accuracy
 * within a stated number of epochs. Each takes a second or two; the thresholds leave a margin
 * below what these seeds reach, and far above chance.
 */
class LearningTest {

    /** x [n, steps, 1] of random ±1; y [n, 1] = 1 when the sum is positive (steps odd: never 0). */
    static Tensor[] majority(int n, int steps, Random rnd) {
        float[] x = new float[n * steps], y = new float[n];
        for (int i = 0; i < n; i++) {
            int s = 0;
            for (int t = 0; t < steps; t++) {
                int v = rnd.nextBoolean() ? 1 : -1;
                x[i * steps + t] = v;
                s += v;
            }
            y[i] = s > 0 ? 1f : 0f;
        }
        return new Tensor[] {Tensor.of(x, n, steps, 1), Tensor.of(y, n, 1)};
    }

    @Test
    void stackedLstmSignOfNinePlusMinusOnes_97PercentHeldOutIn10Epochs() {
        Random rnd = new Random(1);
        Tensor[] train = majority(512, 9, rnd), test = majority(256, 9, rnd);
        Sequential m = new Sequential().input(9, 1).seed(2)
                .add(LSTM.builder(12).returnSequences(true).build())
                .add(LSTM.of(12))
                .add(Dense.of(1, "sigmoid"))
                .compile(new Adam(0.01), new BinaryCrossentropy(), "accuracy");
        History h = m.fit(train[0], train[1], FitOptions.defaults().epochs(EPOCHS_MAJORITY).batchSize(32));
        double acc = m.evaluate(test[0], test[1], 256).get("accuracy");
        assertTrue(acc >= 0.97, "LSTM(12, sequences) → LSTM(12) → Dense(sigmoid): held-out accuracy " + acc
                + " after " + EPOCHS_MAJORITY + " epochs, expected ≥ 0.97; history " + h);
    }

    static final int EPOCHS_MAJORITY = 10;

    /**
     * Token ids [n, steps] over 1..vocab−1 without 7, zero-padded in front to a random length in
     * [3, steps]; half the samples get a 7 at a random real position: y = 1.
     */
    static Tensor[] containsSeven(int n, int steps, int vocab, Random rnd) {
        float[] x = new float[n * steps], y = new float[n];
        for (int i = 0; i < n; i++) {
            int len = 3 + rnd.nextInt(steps - 2);
            for (int t = steps - len; t < steps; t++) {
                int id;
                do {
                    id = 1 + rnd.nextInt(vocab - 1);
                } while (id == 7);
                x[i * steps + t] = id;
            }
            if (rnd.nextBoolean()) {
                x[i * steps + steps - len + rnd.nextInt(len)] = 7;
                y[i] = 1;
            }
        }
        return new Tensor[] {Tensor.of(x, n, steps), Tensor.of(y, n, 1)};
    }

    @Test
    void embeddingLstmDetectsToken7InPaddedSequences_97PercentHeldOutIn8Epochs() {
        Random rnd = new Random(3);
        Tensor[] train = containsSeven(512, 12, 20, rnd), test = containsSeven(256, 12, 20, rnd);
        Sequential m = new Sequential().input(12).seed(4)
                .add(new Embedding(20, 8, true))
                .add(LSTM.of(8))
                .add(Dense.of(1, "sigmoid"))
                .compile(new RMSprop(0.01), new BinaryCrossentropy(), "accuracy");
        History h = m.fit(train[0], train[1], FitOptions.defaults().epochs(EPOCHS_TOKEN).batchSize(32)
                .validationSplit(0.2));
        double acc = m.evaluate(test[0], test[1], 256).get("accuracy");
        assertTrue(acc >= 0.97, "Embedding(20, 8, maskZero) → LSTM(8) → Dense(sigmoid): held-out accuracy " + acc
                + " after " + EPOCHS_TOKEN + " epochs, expected ≥ 0.97; history " + h);
        assertTrue(h.last("val_accuracy") >= 0.9, "val_accuracy " + h.get("val_accuracy"));
    }

    static final int EPOCHS_TOKEN = 8;

    /** All 1000 three-digit strings, one-hot [1000, 3, 10], and their reverses [1000, 3, 10], shuffled. */
    static Tensor[] reversals(Random rnd) {
        int[] order = new int[1000];
        for (int i = 0; i < 1000; i++) {
            order[i] = i;
        }
        for (int i = 999; i > 0; i--) {
            int j = rnd.nextInt(i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        float[] x = new float[1000 * 30], y = new float[1000 * 30];
        for (int i = 0; i < 1000; i++) {
            int v = order[i];
            int[] digits = {v / 100, v / 10 % 10, v % 10};
            for (int t = 0; t < 3; t++) {
                x[i * 30 + t * 10 + digits[t]] = 1f;
                y[i * 30 + t * 10 + digits[2 - t]] = 1f;
            }
        }
        return new Tensor[] {Tensor.of(x, 1000, 3, 10), Tensor.of(y, 1000, 3, 10)};
    }

    @Test
    void encoderDecoderReversesThreeDigits_95PercentOfDigitsHeldOutIn20Epochs() {
        Tensor[] d = reversals(new Random(5));
        Tensor trainX = d[0].slice(0, 800), trainY = d[1].slice(0, 800);
        Tensor testX = d[0].slice(800, 1000), testY = d[1].slice(800, 1000);
        Sequential m = new Sequential().input(3, 10).seed(6)
                .add(LSTM.of(32))
                .add(new RepeatVector(3))
                .add(LSTM.builder(32).returnSequences(true).build())
                .add(new TimeDistributed(Dense.of(10, "softmax")))
                .compile(new Adam(0.01), new CategoricalCrossentropy(), "accuracy");
        History h = m.fit(trainX, trainY, FitOptions.defaults().epochs(EPOCHS_REVERSE).batchSize(32));
        double digitAcc = m.evaluate(testX, testY, 200).get("accuracy");
        Tensor p = m.predict(testX, 200);
        int whole = 0;
        for (int i = 0; i < 200; i++) {
            boolean ok = true;
            for (int t = 0; t < 3; t++) {
                int best = 0;
                for (int c = 1; c < 10; c++) {
                    best = p.get(i, t, c) > p.get(i, t, best) ? c : best;
                }
                ok &= testY.get(i, t, best) == 1f;
            }
            whole += ok ? 1 : 0;
        }
        assertTrue(digitAcc >= 0.95, "reverse 3 digits, LSTM(32) → RepeatVector(3) → LSTM(32) → TimeDistributed(Dense(10)):"
                + " held-out digit accuracy " + digitAcc + " after " + EPOCHS_REVERSE + " epochs, expected ≥ 0.95; history " + h);
        assertTrue(whole >= 180, "whole reversals right: " + whole + " of 200, expected ≥ 180");
    }

    static final int EPOCHS_REVERSE = 20;
}
