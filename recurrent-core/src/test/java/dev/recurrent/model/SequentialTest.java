package dev.recurrent.model;

import dev.recurrent.tensor.Tensor;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Dropout;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.Flatten;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.RepeatVector;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.loss.BinaryCrossentropy;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.loss.MeanSquaredError;
import dev.recurrent.loss.SparseCategoricalCrossentropy;
import dev.recurrent.optim.Adam;
import dev.recurrent.optim.RMSprop;
import dev.recurrent.optim.SGD;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sequential's contract: Keras' summary, naming, validation split, history, evaluate, predict, masked losses. */
class SequentialTest {

    // ------------------------------------------------------------------ summary

    /** The summary row of {@code layer} (e.g. "lstm (LSTM)"), failing if there is none. */
    static String row(String summary, String layer) {
        for (String line : summary.split("\n")) {
            if (line.trim().startsWith(layer + " ")) {
                return line;
            }
        }
        throw new AssertionError("no row for '" + layer + "' in\n" + summary);
    }

    static void assertRow(String summary, String layer, String shape, String params) {
        String r = row(summary, layer);
        assertTrue(r.contains(shape), layer + " should show output shape " + shape + ": " + r);
        assertTrue(r.trim().endsWith(" " + params), layer + " should show " + params + " parameters: " + r);
    }

    static void assertTotals(String summary, String total) {
        assertTrue(summary.contains("Total params: " + total + "\n"), summary);
        assertTrue(summary.contains("Trainable params: " + total + "\n"), summary);
        assertTrue(summary.contains("Non-trainable params: 0\n"), summary);
    }

    @Test
    void summaryOfTheAlphabetModels() {
        int[][] inputs = {{1, 1}, {1, 3}, {3, 1}};
        String[] lstm = {"4,352", "4,608", "4,352"}, total = {"5,210", "5,466", "5,210"};
        for (int i = 0; i < 3; i++) {
            String s = AlphabetModelTest.model(inputs[i][0], inputs[i][1], 1).summary();
            assertRow(s, "lstm (LSTM)", "(None, 32)", lstm[i]);
            assertRow(s, "dense (Dense)", "(None, 26)", "858");
            assertTotals(s, total[i]);
            assertTrue(s.startsWith("Model: \"sequential\""), s);
        }
    }

    static Sequential additionModel(int hidden, long seed) {
        return new Sequential().input(7, 12).seed(seed)
                .add(LSTM.of(hidden))
                .add(new RepeatVector(4))
                .add(LSTM.builder(hidden).returnSequences(true).build())
                .add(new TimeDistributed(Dense.of(12, "softmax")))
                .compile(new Adam(), new CategoricalCrossentropy(), "accuracy");
    }

    @Test
    void summaryOfTheAdditionModel() {
        String s = additionModel(128, 0).summary();
        assertRow(s, "lstm (LSTM)", "(None, 128)", "72,192");
        assertRow(s, "repeat_vector (RepeatVector)", "(None, 4, 128)", "0");
        assertRow(s, "lstm_1 (LSTM)", "(None, 4, 128)", "131,584");
        assertRow(s, "time_distributed (TimeDistributed)", "(None, 4, 12)", "1,548");
        assertTotals(s, "205,324");
    }

    @Test
    void summaryOfTheImdbModel() {
        Sequential m = new Sequential().input(500)
                .add(new Embedding(10000, 32, false))
                .add(LSTM.builder(32).dropout(0.2f).build())
                .add(Dense.of(1, "sigmoid"));
        String s = m.summary();
        assertRow(s, "embedding (Embedding)", "(None, 500, 32)", "320,000");
        assertRow(s, "lstm (LSTM)", "(None, 32)", "8,320");
        assertRow(s, "dense (Dense)", "(None, 1)", "33");
        assertTotals(s, "328,353");
        assertEquals(328_353, m.parameterCount());
    }

    @Test
    void summaryOfABidirectionalModel() {
        Sequential m = new Sequential().input(10, 8)
                .add(new Bidirectional(LSTM.builder(16).returnSequences(true).build()))
                .add(new Bidirectional(LSTM.of(16), Bidirectional.Merge.SUM))
                .add(Dense.of(1));
        String s = m.summary();
        // Keras: 2 × 4·16·(8 + 16 + 1) = 3,200 and 2 × 4·16·(32 + 16 + 1) = 6,272
        assertRow(s, "bidirectional (Bidirectional)", "(None, 10, 32)", "3,200");
        assertRow(s, "bidirectional_1 (Bidirectional)", "(None, 16)", "6,272");
        assertRow(s, "dense (Dense)", "(None, 1)", "17");
        assertTotals(s, "9,489");
    }

    // ------------------------------------------------------------------ naming

    @Test
    void layersAreNamedAsKerasNamesThem() {
        Sequential m = new Sequential().input(6)
                .add(new Embedding(10, 4, true))
                .add(LSTM.builder(4).returnSequences(true).build())
                .add(LSTM.builder(4).returnSequences(true).build())
                .add(new Dropout(0.1f))
                .add(LSTM.of(4))
                .add(new RepeatVector(2))
                .add(new TimeDistributed(Dense.of(3)))
                .add(new Flatten())
                .add(Dense.of(2))
                .add(Dense.of(1));
        List<String> names = new ArrayList<>();
        for (Layer l : m.layers()) {
            names.add(l.name());
        }
        assertEquals(List.of("embedding", "lstm", "lstm_1", "dropout", "lstm_2", "repeat_vector", "time_distributed",
                "flatten", "dense", "dense_1"), names);
        assertSame(m.layers().get(2), m.layer("lstm_1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.layer("gru"));
        assertTrue(e.getMessage().contains("'gru'"), e.getMessage());
        assertTrue(m.summary().contains("lstm_2 (LSTM)"));
    }

    @Test
    void anExplicitNameIsKeptAndClashesAreSuffixed() {
        Sequential m = new Sequential().input(3, 2)
                .add(LSTM.builder(4).name("encoder").returnSequences(true).build())
                .add(LSTM.builder(4).name("encoder").build())
                .add(new Dense("head", 1, "linear"));
        assertEquals("encoder", m.layers().get(0).name());
        assertEquals("encoder_1", m.layers().get(1).name());
        assertEquals("head", m.layers().get(2).name());
    }

    @Test
    void theSameLayerInstanceCannotBeAddedTwice() {
        Dense d = Dense.of(4);
        Sequential m = new Sequential().input(4).add(d);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.add(d));
        assertTrue(e.getMessage().contains("dense"), e.getMessage());
    }

    // ------------------------------------------------------------------ data for the fit tests

    /** n samples of a 3-step, 2-feature sequence; target: 2 classes by the sign of the sum, one-hot. */
    static Tensor[] signData(int n, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[n * 6], y = new float[n * 2];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < 6; j++) {
                x[i * 6 + j] = (float) rnd.nextGaussian();
                s += x[i * 6 + j];
            }
            y[i * 2 + (s > 0 ? 1 : 0)] = 1f;
        }
        return new Tensor[] {Tensor.of(x, n, 3, 2), Tensor.of(y, n, 2)};
    }

    static Sequential signModel(long seed) {
        return new Sequential().input(3, 2).seed(seed)
                .add(LSTM.of(5))
                .add(Dense.of(2, "softmax"))
                .compile(new Adam(0.01), new CategoricalCrossentropy(), "accuracy");
    }

    // ------------------------------------------------------------------ trainOnBatch

    @Test
    void trainOnBatchIsOneFitStepOnTheWholeBatch() {
        Tensor[] d = signData(8, 2);
        Sequential viaFit = signModel(5);
        History h = viaFit.fit(d[0], d[1], FitOptions.defaults().epochs(1).batchSize(8).shuffle(false));
        Sequential viaBatch = signModel(5);
        double loss = viaBatch.trainOnBatch(d[0], d[1]);
        assertEquals(h.last("loss"), loss, 1e-6, "the loss of the batch, before the update");
        List<float[]> a = viaFit.getWeights(), b = viaBatch.getWeights();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "weight " + i + ": the same single update as fit");
        }
        double second = viaBatch.trainOnBatch(d[0], d[1]);
        assertNotEquals(loss, second, "the second call starts from the updated weights");
        assertThrows(IllegalStateException.class, () -> new Sequential().input(3, 2).add(Dense.of(2))
                .trainOnBatch(d[0], d[1]), "not compiled");
    }

    // ------------------------------------------------------------------ validation split and history

    @Test
    void validationSplitHoldsOutTheLastSamples() {
        Tensor[] d = signData(10, 1);
        Sequential withSplit = signModel(3);
        History h = withSplit.fit(d[0], d[1], FitOptions.defaults().epochs(3).batchSize(4).validationSplit(0.2));
        // the same model trained on the first 8 samples alone ends with the same weights, bit for bit
        Sequential firstEight = signModel(3);
        firstEight.fit(d[0].slice(0, 8), d[1].slice(0, 8), FitOptions.defaults().epochs(3).batchSize(4));
        List<float[]> a = withSplit.getWeights(), b = firstEight.getWeights();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(b.get(i), a.get(i), "weight " + i + ": training used exactly the first 8 samples");
        }
        // val_loss is computed at the end of the epoch, with that epoch's final weights
        Map<String, Double> onLastTwo = withSplit.evaluate(d[0].slice(8, 10), d[1].slice(8, 10), 4);
        assertEquals(onLastTwo.get("loss"), h.last("val_loss"), 1e-12);
        assertEquals(onLastTwo.get("accuracy"), h.last("val_accuracy"), 1e-12);
        assertNotEquals(h.get("val_loss").get(0), h.get("val_loss").get(2), "the weights changed between epochs");
    }

    @Test
    void validationSplitFallsWhereKerasPutsIt() {
        Tensor[] d = signData(10, 2);
        // Keras: split_at = floor(10 · 0.75) = 7 training samples, 3 for validation
        Sequential withSplit = signModel(4);
        withSplit.fit(d[0], d[1], FitOptions.defaults().epochs(1).batchSize(10).validationSplit(0.25).shuffle(false));
        Sequential firstSeven = signModel(4);
        firstSeven.fit(d[0].slice(0, 7), d[1].slice(0, 7), FitOptions.defaults().epochs(1).batchSize(10).shuffle(false));
        List<float[]> a = withSplit.getWeights(), b = firstSeven.getWeights();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(b.get(i), a.get(i), "weight " + i + ": Keras trains on the first 7 of 10");
        }
        // floor(4 · 0.99) = 3: one validation sample, which Keras accepts
        signModel(5).fit(d[0].slice(0, 4), d[1].slice(0, 4), FitOptions.defaults().validationSplit(0.01));
    }

    @Test
    void validationDataOverridesValidationSplit() {
        Tensor[] d = signData(10, 12), v = signData(4, 13);
        Sequential both = signModel(4);
        History h = both.fit(d[0], d[1], FitOptions.defaults().epochs(2).batchSize(5)
                .validationData(v[0], v[1]).validationSplit(0.2));
        Sequential dataOnly = signModel(4);
        dataOnly.fit(d[0], d[1], FitOptions.defaults().epochs(2).batchSize(5).validationData(v[0], v[1]));
        List<float[]> a = both.getWeights(), b = dataOnly.getWeights();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(b.get(i), a.get(i), "weight " + i + ": Keras trains on all 10 samples");
        }
        assertEquals(both.evaluate(v[0], v[1], 5).get("loss"), h.last("val_loss"), 1e-12, "validated on validationData");
    }

    @Test
    void historyHasLossMetricsAndTheirValidationTwins() {
        Tensor[] d = signData(12, 3);
        Sequential m = signModel(6);
        History h = m.fit(d[0], d[1], FitOptions.defaults().epochs(3).batchSize(5).validationSplit(0.25));
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy").stream().sorted().toList(),
                h.keys().stream().sorted().toList());
        assertEquals(List.of(0, 1, 2), h.epochs());
        for (String k : h.keys()) {
            assertEquals(3, h.get(k).size(), k);
            for (double v : h.get(k)) {
                assertTrue(Double.isFinite(v), k + " = " + v);
            }
        }
        for (double acc : h.get("accuracy")) {
            // 9 training samples: an accuracy is a multiple of 1/9
            assertEquals(0, Math.abs(acc * 9 - Math.round(acc * 9)), 1e-9, "accuracy " + acc);
        }
        assertThrows(IllegalArgumentException.class, () -> h.get("val_mae"));
        History noVal = signModel(6).fit(d[0], d[1], FitOptions.defaults().epochs(1));
        assertEquals(List.of("accuracy", "loss"), noVal.keys().stream().sorted().toList());
    }

    @Test
    void batchesPerEpochIncludeTheSmallerLastOne() {
        Tensor[] d = signData(10, 4);
        List<Integer> seen = new ArrayList<>();
        double[] lastRunning = new double[1];
        Callback counter = new Callback() {
            @Override
            public void onBatchEnd(int batch, int batches, Map<String, Double> logs) {
                seen.add(batch);
                assertEquals(3, batches);
                lastRunning[0] = logs.get("loss");
            }
        };
        History h = signModel(7).fit(d[0], d[1], FitOptions.defaults().epochs(2).batchSize(4).callbacks(counter));
        assertEquals(List.of(0, 1, 2, 0, 1, 2), seen);
        assertEquals(h.last("loss"), lastRunning[0], 1e-12, "the epoch's loss is the running mean after its last batch");
    }

    @Test
    void epochLossIsTheSampleWeightedMeanOfItsBatches() {
        // batches of 4, 4 and 2; a learning rate so small that no weight moves: every batch loss is
        // then the loss of the initial weights, and their sample-weighted mean is evaluate's
        Tensor[] d = signData(10, 10);
        Sequential m = new Sequential().input(3, 2).seed(2)
                .add(LSTM.of(5))
                .add(Dense.of(2, "softmax"))
                .compile(new SGD(1e-30), new CategoricalCrossentropy(), "accuracy");
        Map<String, Double> before = m.evaluate(d[0], d[1], 10);
        List<float[]> w0 = m.getWeights();
        History h = m.fit(d[0], d[1], FitOptions.defaults().epochs(1).batchSize(4).shuffle(false));
        for (int i = 0; i < w0.size(); i++) {
            assertArrayEquals(w0.get(i), m.getWeights().get(i), 1e-12f, "weight " + i + " moved");
        }
        assertEquals(before.get("loss"), h.last("loss"), 1e-6, "Keras weights each batch's loss by its sample count");
        assertEquals(before.get("accuracy"), h.last("accuracy"), 1e-12);
    }

    // ------------------------------------------------------------------ evaluate and predict

    @Test
    void evaluateReturnsTheLossAndMetricsOfPredict() {
        Tensor[] d = signData(11, 5);
        Sequential m = signModel(8);
        m.fit(d[0], d[1], FitOptions.defaults().epochs(5).batchSize(4));
        Map<String, Double> ev = m.evaluate(d[0], d[1], 3);
        assertEquals(List.of("loss", "accuracy"), new ArrayList<>(ev.keySet()));

        Tensor p = m.predict(d[0], 4);
        assertArrayEquals(new int[] {11, 2}, p.shape());
        double ce = 0;
        int correct = 0;
        for (int i = 0; i < 11; i++) {
            int target = d[1].get(i, 1) == 1f ? 1 : 0;
            ce -= Math.log(p.get(i, target));
            correct += (p.get(i, 1) > p.get(i, 0) ? 1 : 0) == target ? 1 : 0;
        }
        assertEquals(ce / 11, ev.get("loss"), 1e-5, "mean categorical cross-entropy of the predictions");
        assertEquals(correct / 11.0, ev.get("accuracy"), 1e-12);
        // the batch size does not change the result
        Map<String, Double> whole = m.evaluate(d[0], d[1], 100);
        assertEquals(ev.get("loss"), whole.get("loss"), 1e-6);
        assertEquals(ev.get("accuracy"), whole.get("accuracy"), 1e-12);
    }

    @Test
    void evaluateWithARegressionMetric() {
        Random rnd = new Random(6);
        float[] x = new float[8 * 4 * 1], y = new float[8];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < 8; i++) {
            y[i] = (float) rnd.nextGaussian();
        }
        Tensor tx = Tensor.of(x, 8, 4, 1), ty = Tensor.of(y, 8, 1);
        Sequential m = new Sequential().input(4, 1).seed(2).add(LSTM.of(3)).add(Dense.of(1))
                .compile(new SGD(), new MeanSquaredError(), "mae");
        Map<String, Double> ev = m.evaluate(tx, ty, 3);
        assertEquals(List.of("loss", "mae"), new ArrayList<>(ev.keySet()));
        Tensor p = m.predict(tx, 8);
        double mse = 0, mae = 0;
        for (int i = 0; i < 8; i++) {
            double e = p.get(i, 0) - y[i];
            mse += e * e;
            mae += Math.abs(e);
        }
        assertEquals(mse / 8, ev.get("loss"), 1e-6);
        assertEquals(mae / 8, ev.get("mae"), 1e-6);
    }

    @Test
    void predictShapes() {
        assertArrayEquals(new int[] {5, 26}, AlphabetModelTest.model(3, 1, 1).predict(Tensor.zeros(5, 3, 1), 2).shape());
        Tensor add = additionModel(16, 1).predict(Tensor.zeros(3, 7, 12), 2);
        assertArrayEquals(new int[] {3, 4, 12}, add.shape());
        for (int i = 0; i < 3; i++) {
            for (int t = 0; t < 4; t++) {
                double s = 0;
                for (int c = 0; c < 12; c++) {
                    s += add.get(i, t, c);
                }
                assertEquals(1.0, s, 1e-5, "each step's softmax sums to 1");
            }
        }
        Sequential imdb = new Sequential().input(6).add(new Embedding(10, 4, true)).add(LSTM.of(4))
                .add(Dense.of(1, "sigmoid"));
        assertArrayEquals(new int[] {7, 1}, imdb.predict(Tensor.zeros(7, 6), 3).shape());
    }

    @Test
    void predictDoesNotDependOnTheBatchSize() {
        Tensor[] d = signData(9, 7);
        Sequential m = signModel(9);
        float[] one = m.predict(d[0], 1).data(), all = m.predict(d[0], 9).data(), four = m.predict(d[0], 4).data();
        for (int i = 0; i < one.length; i++) {
            assertEquals(all[i], one[i], 1e-6f, "value " + i);
            assertEquals(all[i], four[i], 1e-6f, "value " + i);
        }
    }

    @Test
    void predictLeavesItsInputUnchanged() {
        Tensor[] d = signData(9, 7);
        float[] before = d[0].data().clone();
        Sequential m = signModel(9);
        float[] first = m.predict(d[0], 9).data();
        assertArrayEquals(before, d[0].data(), "one batch: the input is used in place, read only");
        m.predict(d[0], 4);
        assertArrayEquals(before, d[0].data(), "several batches");
        assertArrayEquals(first, m.predict(d[0], 9).data(), "the same input gives the same output again");
    }

    @Test
    void predictThroughAnEmbeddingGivesWhatTheLayersGiveOneByOne() {
        int vocab = 30, steps = 12, batch = 5;
        Sequential m = new Sequential("tokens").input(steps).seed(3)
                .add(new Embedding(vocab, 8, true))
                .add(LSTM.of(6))
                .add(Dense.of(1, "sigmoid"))
                .compile(new RMSprop(1e-2), new BinaryCrossentropy());
        Random rng = new Random(4);
        float[] ids = new float[batch * steps], labels = new float[batch];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % steps < 3 ? 0 : 1 + rng.nextInt(vocab - 1);      // leading padding, masked
        }
        for (int i = 0; i < batch; i++) {
            labels[i] = i % 2;
        }
        Tensor x = Tensor.of(ids, batch, steps), y = Tensor.of(labels, batch, 1);
        m.fit(x, y, FitOptions.defaults().epochs(2).batchSize(batch));    // weights moved by training
        float[] predicted = m.predict(x, batch).data().clone();

        float[] a = x.data().clone();
        boolean[] mask = null;
        for (Layer l : m.layers()) {
            a = l.forward(a, batch, mask, false).clone();
            mask = l.outputMask(mask);
        }
        assertArrayEquals(a, predicted, "predict reads the tokens' projections from a table: the same bits");
    }

    @Test
    void inputShapeComesFromTheDataWhenNotGiven() {
        Tensor[] d = signData(6, 8);
        Sequential m = new Sequential().seed(1).add(LSTM.of(3)).add(Dense.of(2, "softmax"))
                .compile(new Adam(), new CategoricalCrossentropy());
        m.fit(d[0], d[1], FitOptions.defaults());
        assertEquals("(None, 3, 2)", m.inputShape().toString());
        assertEquals("(None, 2)", m.outputShape().toString());
    }

    @Test
    void getAndSetWeights() {
        Sequential a = signModel(1), b = signModel(2);
        b.setWeights(a.getWeights());
        Tensor x = signData(4, 9)[0];
        assertArrayEquals(a.predict(x, 4).data(), b.predict(x, 4).data());
        List<float[]> w = a.getWeights();
        w.get(0)[0] += 1f;
        assertNotEquals(w.get(0)[0], a.getWeights().get(0)[0], "getWeights returns copies");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.setWeights(w.subList(0, 2)));
        assertTrue(e.getMessage().contains("5") && e.getMessage().contains("2"), e.getMessage());
        List<float[]> wrong = new ArrayList<>(a.getWeights());
        wrong.set(1, new float[3]);
        e = assertThrows(IllegalArgumentException.class, () -> b.setWeights(wrong));
        assertTrue(e.getMessage().contains("recurrent_kernel"), e.getMessage());
    }

    // ------------------------------------------------------------------ masking

    /** Token ids [4, 6], zero-padded in front (Keras' pad_sequences) and once in the middle. */
    static final float[] PADDED = {
            0, 0, 3, 1, 4, 1,
            5, 2, 6, 5, 3, 5,
            0, 0, 0, 0, 7, 2,
            1, 0, 2, 0, 3, 4};

    static Sequential taggerModel() {
        return new Sequential().input(6).seed(11)
                .add(new Embedding(8, 4, true))
                .add(LSTM.builder(5).returnSequences(true).build())
                .add(new TimeDistributed(Dense.of(3, "softmax")))
                .compile(new SGD(0.1), new SparseCategoricalCrossentropy(), "accuracy");
    }

    static float[] tags(long seed) {
        Random rnd = new Random(seed);
        float[] y = new float[PADDED.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = rnd.nextInt(3);
        }
        return y;
    }

    @Test
    void maskedStepsDoNotCountInTheLoss() {
        Tensor x = Tensor.of(PADDED.clone(), 4, 6);
        float[] y = tags(1);
        Sequential m = taggerModel();
        Map<String, Double> base = m.evaluate(x, Tensor.of(y, 4, 6), 4);

        // the loss and accuracy over the real steps only, from predict
        Tensor p = m.predict(x, 4);
        double ce = 0;
        int real = 0, correct = 0;
        for (int i = 0; i < 4; i++) {
            for (int t = 0; t < 6; t++) {
                if (PADDED[i * 6 + t] == 0) {
                    continue;
                }
                int c = (int) y[i * 6 + t];
                ce -= Math.log(p.get(i, t, c));
                real++;
                int best = 0;
                for (int k = 1; k < 3; k++) {
                    best = p.get(i, t, k) > p.get(i, t, best) ? k : best;
                }
                correct += best == c ? 1 : 0;
            }
        }
        assertEquals(16, real);
        assertEquals(ce / real, base.get("loss"), 1e-5, "mean over the 16 real steps");
        assertEquals(correct / (double) real, base.get("accuracy"), 1e-12);

        float[] changed = y.clone();
        for (int i = 0; i < changed.length; i++) {
            if (PADDED[i] == 0) {
                changed[i] = (changed[i] + 1) % 3;
            }
        }
        assertEquals(base, m.evaluate(x, Tensor.of(changed, 4, 6), 4), "other targets at padded steps");
        float[] real2 = y.clone();
        real2[2] = (real2[2] + 1) % 3;
        assertNotEquals(base.get("loss"), m.evaluate(x, Tensor.of(real2, 4, 6), 4).get("loss"), "a real step's target counts");
    }

    @Test
    void maskedStepsDoNotCountInTraining() {
        Tensor x = Tensor.of(PADDED.clone(), 4, 6);
        float[] y = tags(2), changed = y.clone();
        for (int i = 0; i < changed.length; i++) {
            if (PADDED[i] == 0) {
                changed[i] = (changed[i] + 2) % 3;
            }
        }
        Sequential a = taggerModel(), b = taggerModel();
        History ha = a.fit(x, Tensor.of(y, 4, 6), FitOptions.defaults().epochs(2).batchSize(2));
        History hb = b.fit(x, Tensor.of(changed, 4, 6), FitOptions.defaults().epochs(2).batchSize(2));
        List<float[]> wa = a.getWeights(), wb = b.getWeights();
        for (int i = 0; i < wa.size(); i++) {
            assertArrayEquals(wa.get(i), wb.get(i), "weight " + i);
        }
        assertEquals(ha.get("loss"), hb.get("loss"));
        assertFalse(Arrays.equals(wa.get(1), taggerModel().getWeights().get(1)), "training changed the LSTM");
    }

    @Test
    void paddingDoesNotChangeAPrediction() {
        // with maskZero, a sequence and its zero-padded copy give the same last-step output
        Sequential m = new Sequential().input(6).seed(12)
                .add(new Embedding(8, 4, true))
                .add(LSTM.of(5))
                .add(Dense.of(1, "sigmoid"))
                .compile(new RMSprop(), new BinaryCrossentropy(), "accuracy");
        Tensor x = Tensor.of(new float[] {
                0, 0, 0, 3, 1, 4,
                0, 3, 0, 1, 0, 4,
                0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 6}, 4, 6);
        Tensor p = m.predict(x, 4);
        assertEquals(p.get(0, 0), p.get(1, 0), 1e-6f, "holes are skipped like leading padding");
        Sequential three = new Sequential().input(3).seed(12)
                .add(new Embedding(8, 4, true))
                .add(LSTM.of(5))
                .add(Dense.of(1, "sigmoid"));
        three.setWeights(m.getWeights());
        assertEquals(p.get(0, 0), three.predict(Tensor.of(new float[] {3, 1, 4}, 1, 3), 1).get(0, 0), 1e-6f,
                "the unpadded sequence");
        assertEquals(sigmoidOfBias(m), p.get(2, 0), 1e-6f, "an all-padding sequence leaves the zero state");
    }

    /** σ(bias) of the Dense head: its output for a zero LSTM state. */
    static float sigmoidOfBias(Sequential m) {
        float b = m.layer("dense").parameters().get(1).value()[0];
        return (float) (1 / (1 + Math.exp(-b)));
    }
}
