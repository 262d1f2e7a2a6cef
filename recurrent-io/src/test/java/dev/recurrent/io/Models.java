package dev.recurrent.io;

import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Dropout;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.Flatten;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.RepeatVector;
import dev.recurrent.layers.SimpleRNN;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.loss.BinaryCrossentropy;
import dev.recurrent.loss.Losses;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import dev.recurrent.optim.Adam;
import dev.recurrent.optim.ExponentialDecay;
import dev.recurrent.optim.RMSprop;
import dev.recurrent.optim.SGD;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Small models covering every layer type, and data for them. */
final class Models {
    static final int TOKENS = 12, STEPS = 6, CLASSES = 4;

    private Models() {
    }

    /** Embedding(maskZero) → Bidirectional(LSTM) → Dropout → LSTM(returnSequences) → TimeDistributed(Dense softmax). */
    static Sequential tagger(long seed) {
        return new Sequential("tagger").input(STEPS).seed(seed)
                .add(new Embedding(TOKENS, 5, true))
                .add(new Bidirectional(LSTM.builder(4).returnSequences(true).recurrentDropout(0.2f).build()))
                .add(new Dropout(0.25f))
                .add(LSTM.builder(5).returnSequences(true).dropout(0.1f).build())
                .add(new TimeDistributed(Dense.of(CLASSES, "softmax")))
                .compile(Adam.builder().learningRate(0.01).build(), Losses.byName("sparse_categorical_crossentropy"),
                        "accuracy")
                .build();
    }

    /** SimpleRNN → RepeatVector → GRU(returnSequences) → Dense: an encoder-decoder. */
    static Sequential seq2seq(long seed) {
        return new Sequential("seq2seq").input(5, 3).seed(seed)
                .add(SimpleRNN.of(7))
                .add(new RepeatVector(3))
                .add(GRU.builder(6).returnSequences(true).build())
                .add(Dense.of(2))
                .compile(RMSprop.builder().momentum(0.5).build(), Losses.byName("mse"), "mae")
                .build();
    }

    /** GRU(goBackwards) → RepeatVector → LSTM(returnSequences) → Flatten → Dense(sigmoid). */
    static Sequential classifier(long seed) {
        return new Sequential("classifier").input(4, 2).seed(seed)
                .add(GRU.builder(3).goBackwards(true).build())
                .add(new RepeatVector(2))
                .add(new Bidirectional(SimpleRNN.builder(3).returnSequences(true).build(), Bidirectional.Merge.SUM))
                .add(new Flatten())
                .add(Dense.of(1, "sigmoid"))
                .compile(SGD.builder().learningRate(new ExponentialDecay(0.1, 5, 0.9)).momentum(0.9).nesterov(true)
                        .build(), new BinaryCrossentropy(), "accuracy")
                .build();
    }

    /** Token ids in [0, TOKENS) with some trailing padding (0), and a class per step. */
    static Tensor[] taggerData(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * STEPS], y = new float[n * STEPS];
        for (int i = 0; i < n; i++) {
            int len = 3 + r.nextInt(STEPS - 2);
            for (int t = 0; t < len; t++) {
                int tok = 1 + r.nextInt(TOKENS - 1);
                x[i * STEPS + t] = tok;
                y[i * STEPS + t] = tok % CLASSES;
            }
        }
        return new Tensor[] {Tensor.of(x, n, STEPS), Tensor.of(y, n, STEPS)};
    }

    static Tensor random(long seed, int... shape) {
        Random r = new Random(seed);
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.of(v, shape);
    }

    /** Inputs the model accepts: token ids for the tagger, normal values otherwise. */
    static Tensor inputs(Sequential m, int n, long seed) {
        if (m.layers().get(0) instanceof Embedding) {
            return taggerData(n, seed)[0];
        }
        int[] s = m.inputShape().dims();
        int[] shape = new int[s.length + 1];
        shape[0] = n;
        System.arraycopy(s, 0, shape, 1, s.length);
        return random(seed, shape);
    }

    /** Every weight equal, bit for bit. */
    static void assertSameWeights(Sequential expected, Sequential actual) {
        List<Parameter> e = expected.parameters(), a = actual.parameters();
        assertEquals(e.size(), a.size());
        for (int i = 0; i < e.size(); i++) {
            assertEquals(e.get(i).name(), a.get(i).name());
            assertArrayEquals(e.get(i).shape(), a.get(i).shape());
            assertArrayEquals(bits(e.get(i).value()), bits(a.get(i).value()), "weight " + i + " " + e.get(i));
        }
    }

    static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }
}
