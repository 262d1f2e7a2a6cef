package dev.recurrent.model;

import dev.recurrent.kernels.KernelsProvider;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Dropout;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.Flatten;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.RecurrentWorkspace;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.loss.MeanSquaredError;
import dev.recurrent.optim.Adam;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FitOptions#tbptt}: one chunk as long as the sequence is whole-sequence training, bit for
 * bit; shorter chunks are the steps a Keras user takes by hand with a stateful model, one
 * {@code train_on_batch} per chunk.
 */
class TruncatedBpttTrainingTest {
    static final int T = 12, N = 6, F = 2, C = 3;

    static <L extends Recurrent> L scalar(L layer) {
        layer.withKernels(KernelsProvider.scalar());
        return layer;
    }

    /** LSTM (sequences) → Dropout → TimeDistributed(Dense softmax), with inputs of {@code steps} steps. */
    static Sequential sequenceModel(int steps, boolean stateful) {
        return new Sequential().input(steps, F).seed(3)
                .add(scalar(LSTM.builder(5).returnSequences(true).stateful(stateful).build()))
                .add(new Dropout(0.2f))
                .add(new TimeDistributed(Dense.of(C, "softmax")))
                .compile(new Adam(0.01), new CategoricalCrossentropy(), "accuracy");
    }

    /** Embedding(mask_zero) → GRU (sequences) → Dense softmax on every step. */
    static Sequential maskedModel(int steps) {
        return new Sequential().input(steps).seed(5)
                .add(new Embedding(7, 4, true))
                .add(scalar(GRU.builder(6).returnSequences(true).build()))
                .add(Dense.of(C, "softmax"))
                .compile(new Adam(0.01), new CategoricalCrossentropy());
    }

    /** GRU → LSTM (last step) → Dense: one output per sequence. */
    static Sequential lastStepModel(int steps) {
        return new Sequential().input(steps, F).seed(7)
                .add(scalar(GRU.builder(4).returnSequences(true).build()))
                .add(scalar(LSTM.of(5)))
                .add(Dense.of(2))
                .compile(new Adam(0.01), new MeanSquaredError());
    }

    static Tensor gaussian(Random rnd, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return Tensor.of(v, shape);
    }

    static Tensor oneHot(Random rnd, int rows, int... shape) {
        float[] v = new float[rows * C];
        for (int r = 0; r < rows; r++) {
            v[r * C + rnd.nextInt(C)] = 1f;
        }
        return Tensor.of(v, shape);
    }

    /** Token ids in [1, 7) with a run of padding zeros at the start of every other sample. */
    static Tensor paddedIds(Random rnd) {
        float[] v = new float[N * T];
        for (int i = 0; i < N; i++) {
            for (int t = 0; t < T; t++) {
                v[i * T + t] = i % 2 == 1 && t < 2 + i ? 0 : 1 + rnd.nextInt(6);
            }
        }
        return Tensor.of(v, N, T);
    }

    /** Steps [t0, t0 + c) of every sample of a [N, T, ...] tensor. */
    static Tensor steps(Tensor x, int t0, int c) {
        int[] shape = x.shape();
        int per = x.sampleSize() / T;
        float[] v = new float[N * c * per];
        for (int i = 0; i < N; i++) {
            System.arraycopy(x.data(), (i * T + t0) * per, v, i * c * per, c * per);
        }
        shape[1] = c;
        return Tensor.of(v, shape);
    }

    static void assertSameWeights(Sequential a, Sequential b, double tolerance) {
        List<float[]> wa = a.getWeights(), wb = b.getWeights();
        assertEquals(wa.size(), wb.size());
        for (int i = 0; i < wa.size(); i++) {
            if (tolerance == 0) {
                assertArrayEquals(wa.get(i), wb.get(i), "weight " + i);
            } else {
                assertArrayEquals(wa.get(i), wb.get(i), (float) tolerance, "weight " + i);
            }
        }
    }

    static FitOptions options() {
        return FitOptions.defaults().epochs(3).batchSize(4).shuffle(true);
    }

    @Test
    void oneChunkAsLongAsTheSequenceIsWholeSequenceTraining() {
        Random rnd = new Random(1);
        Tensor x = gaussian(rnd, N, T, F), y = oneHot(rnd, N * T, N, T, C);
        for (int k : new int[] {T, T + 5}) {
            Sequential whole = sequenceModel(T, false), cut = sequenceModel(T, false);
            History hw = whole.fit(x, y, options());
            History hc = cut.fit(x, y, options().tbptt(k));
            assertSameWeights(whole, cut, 0);
            assertEquals(hw.get("loss"), hc.get("loss"));
            assertEquals(hw.get("accuracy"), hc.get("accuracy"));
        }
        Tensor y2 = gaussian(rnd, N, 2);
        Sequential whole = lastStepModel(T), cut = lastStepModel(T);
        whole.fit(x, y2, options());
        cut.fit(x, y2, options().tbptt(T));
        assertSameWeights(whole, cut, 0);
    }

    @Test
    void chunksAreStatefulTrainOnBatchCalls() {
        Random rnd = new Random(2);
        Tensor x = gaussian(rnd, N, T, F), y = oneHot(rnd, N * T, N, T, C);
        int k = 4;
        for (boolean stateful : new boolean[] {false, true}) {
            Sequential model = sequenceModel(T, stateful);
            Sequential byHand = sequenceModel(k, true);
            byHand.setWeights(model.getWeights());
            History h = model.fit(x, y, FitOptions.defaults().epochs(2).batchSize(N).shuffle(false).tbptt(k));
            double lastLoss = 0;
            for (int epoch = 0; epoch < 2; epoch++) {
                if (!stateful) {
                    byHand.resetStates();       // a stateful model's states run on from batch to batch
                }
                lastLoss = 0;
                for (int t0 = 0; t0 < T; t0 += k) {
                    lastLoss += byHand.trainOnBatch(steps(x, t0, k), steps(y, t0, k)) * k / T;
                }
            }
            assertSameWeights(model, byHand, 1e-6);
            assertEquals(lastLoss, h.get("loss").get(1), 1e-6);
            assertFalse(sameWeights(model, sequenceModel(T, stateful)), "training changed the weights");
        }
    }

    @Test
    void masksAreCutWithTheirChunks() {
        Random rnd = new Random(3);
        Tensor ids = paddedIds(rnd), y = oneHot(rnd, N * T, N, T, C);
        Sequential whole = maskedModel(T), oneChunk = maskedModel(T);
        whole.fit(ids, y, options());
        oneChunk.fit(ids, y, options().tbptt(T));
        assertSameWeights(whole, oneChunk, 0);

        int k = 3;
        Sequential model = maskedModel(T);
        Sequential byHand = new Sequential().input(k).seed(5)
                .add(new Embedding(7, 4, true))
                .add(scalar(GRU.builder(6).returnSequences(true).stateful(true).build()))
                .add(Dense.of(C, "softmax"))
                .compile(new Adam(0.01), new CategoricalCrossentropy());
        byHand.setWeights(model.getWeights());
        model.fit(ids, y, FitOptions.defaults().batchSize(N).shuffle(false).tbptt(k));
        for (int t0 = 0; t0 < T; t0 += k) {
            byHand.trainOnBatch(steps(ids, t0, k), steps(y, t0, k));
        }
        assertSameWeights(model, byHand, 1e-6);
    }

    @Test
    void aLastStepOutputTrainsOnTheLastChunkAfterTheOthersRunForward() {
        Random rnd = new Random(4);
        Tensor x = gaussian(rnd, N, T, F), y = gaussian(rnd, N, 2);
        int k = 4;
        Sequential model = lastStepModel(T);
        Sequential byHand = new Sequential().input(k, F).seed(7)
                .add(scalar(GRU.builder(4).returnSequences(true).stateful(true).build()))
                .add(scalar(LSTM.builder(5).stateful(true).build()))
                .add(Dense.of(2))
                .compile(new Adam(0.01), new MeanSquaredError());
        byHand.setWeights(model.getWeights());
        History h = model.fit(x, y, FitOptions.defaults().batchSize(N).shuffle(false).tbptt(k));
        for (int t0 = 0; t0 < T - k; t0 += k) {
            byHand.predict(steps(x, t0, k), N);     // forward only: the states run on, no update
        }
        double loss = byHand.trainOnBatch(steps(x, T - k, k), y);
        assertSameWeights(model, byHand, 1e-6);
        assertEquals(loss, h.get("loss").get(0), 1e-6);
    }

    @Test
    void theBackwardLengthIgnoresTheEarlierStepsOfEachChunk() {
        Random rnd = new Random(5);
        Tensor x = gaussian(rnd, N, T, F), y = oneHot(rnd, N * T, N, T, C);
        float[] changed = y.data().clone();
        for (int i = 0; i < N; i++) {                 // other targets at steps 0-3 of the only chunk
            for (int t = 0; t < 4; t++) {
                for (int j = 0; j < C; j++) {
                    changed[(i * T + t) * C + j] = j == 0 ? 1f : 0f;
                }
            }
        }
        Tensor y2 = Tensor.of(changed, N, T, C);
        FitOptions lastEight = FitOptions.defaults().batchSize(N).shuffle(false).tbptt(T, 8);
        Sequential a = sequenceModel(T, false), b = sequenceModel(T, false);
        a.fit(x, y, lastEight);
        b.fit(x, y2, lastEight);
        assertSameWeights(a, b, 0);
        Sequential c = sequenceModel(T, false), d = sequenceModel(T, false);
        c.fit(x, y, FitOptions.defaults().batchSize(N).shuffle(false).tbptt(T));
        d.fit(x, y2, FitOptions.defaults().batchSize(N).shuffle(false).tbptt(T));
        assertFalse(sameWeights(c, d), "with the full backward length every target counts");

        // a single output: the gradient flows back 4 steps, as a gradient window of 4 lets it
        Tensor yLast = gaussian(rnd, N, 2);
        Sequential e = lastStepModel(T), g = lastStepModel(T);
        e.fit(x, yLast, FitOptions.defaults().batchSize(N).tbptt(T, 4));
        g.fit(x, yLast, FitOptions.defaults().batchSize(N).gradientWindow(4));
        assertSameWeights(e, g, 0);
    }

    @Test
    void trainingMemoryIsTheChunks() {
        Random rnd = new Random(6);
        int steps = 400, k = 16;
        Tensor x = gaussian(rnd, 2, steps, F), y = gaussian(rnd, 2, steps, C);
        LSTM lstm = LSTM.builder(5).returnSequences(true).build();
        Sequential model = new Sequential().input(steps, F).add(lstm).add(Dense.of(C))
                .compile(new Adam(0.01), new MeanSquaredError());
        model.fit(x, y, FitOptions.defaults().batchSize(2).tbptt(k));
        assertEquals(k, RecurrentWorkspace.steps(lstm), "the LSTM's caches hold one chunk");
        assertEquals(Dense.class, model.layers().get(1).getClass());
        assertEquals(steps, model.outputShape().dim(0), "the model is set back to whole sequences after fit");
        assertEquals(2 * steps * C, model.predict(x, 2).data().length);
    }

    @Test
    void refusesWhatCannotRunInChunks() {
        Random rnd = new Random(7);
        Tensor x = gaussian(rnd, N, T, F), y = gaussian(rnd, N, 2);
        Sequential bi = new Sequential().input(T, F).add(new Bidirectional(LSTM.of(3))).add(Dense.of(2))
                .compile(new Adam(), new MeanSquaredError());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bi.fit(x, y, FitOptions.defaults().tbptt(4)));
        assertTrue(e.getMessage().contains("Bidirectional") && e.getMessage().contains("backward direction"), e.getMessage());

        Sequential flat = new Sequential().input(T, F).add(LSTM.builder(3).returnSequences(true).build())
                .add(new Flatten()).add(Dense.of(2)).compile(new Adam(), new MeanSquaredError());
        e = assertThrows(IllegalArgumentException.class, () -> flat.fit(x, y, FitOptions.defaults().tbptt(4)));
        assertTrue(e.getMessage().contains("Flatten layer cannot run on chunks"), e.getMessage());
        assertEquals(T * 3, flat.layers().get(1).inputShape().size(), "a refused model is left as it was");

        Sequential back = new Sequential().input(T, F).add(LSTM.builder(3).goBackwards(true).build()).add(Dense.of(2))
                .compile(new Adam(), new MeanSquaredError());
        e = assertThrows(IllegalArgumentException.class, () -> back.fit(x, y, FitOptions.defaults().tbptt(4)));
        assertTrue(e.getMessage().contains("go_backwards"), e.getMessage());

        Sequential ok = lastStepModel(T);
        e = assertThrows(IllegalArgumentException.class,
                () -> ok.fit(x, y, FitOptions.defaults().tbptt(4).gradientWindow(2)));
        assertTrue(e.getMessage().contains("not both"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FitOptions.defaults().tbptt(0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FitOptions.defaults().tbptt(4, 5));
        assertTrue(e.getMessage().contains("[1, 4]") && e.getMessage().contains("got 5"), e.getMessage());
    }

    @Test
    @SuppressWarnings("deprecation")
    void theOldNameIsTheGradientWindow() {
        Random rnd = new Random(8);
        Tensor x = gaussian(rnd, N, T, F), y = gaussian(rnd, N, 2);
        Sequential a = lastStepModel(T), b = lastStepModel(T);
        a.fit(x, y, options().truncatedBptt(3));
        b.fit(x, y, options().gradientWindow(3));
        assertSameWeights(a, b, 0);
        LSTM lstm = LSTM.of(2);
        lstm.setTruncatedBptt(5);
        assertEquals(5, lstm.gradientWindow());
    }

    static boolean sameWeights(Sequential a, Sequential b) {
        List<float[]> wa = a.getWeights(), wb = b.getWeights();
        for (int i = 0; i < wa.size(); i++) {
            if (!java.util.Arrays.equals(wa.get(i), wb.get(i))) {
                return false;
            }
        }
        return true;
    }
}
