package dev.recurrent.model;

import dev.recurrent.graph.Concatenate;
import dev.recurrent.graph.Functional;
import dev.recurrent.graph.Input;
import dev.recurrent.graph.Node;
import dev.recurrent.graph.Outputs;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.attention.Attention;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.loss.MeanSquaredError;
import dev.recurrent.optim.Adam;
import dev.recurrent.optim.SGD;
import dev.recurrent.regularizers.Constraints;
import dev.recurrent.regularizers.Regularizers;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import static dev.recurrent.model.TruncatedBpttTrainingTest.gaussian;
import static dev.recurrent.model.TruncatedBpttTrainingTest.oneHot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The graph model's fit is {@link Sequential}'s loop: a chain trains as the Sequential of its layers
 * bit for bit with truncated BPTT, the gradient window, regularizers, constraints, validation and
 * gradient norms; the stop at the first non-finite loss or gradient; truncated BPTT on graphs of
 * several inputs and outputs, and refused, naming the call or node, where it does not apply.
 */
class GraphTrainingTest {
    static final int T = 12, N = 6, F = 2, C = 3;

    /** The same layers as a Sequential and as a chain graph with the Sequential's weights. */
    private record Twins(Sequential sequential, Model graph) {
    }

    private static Twins twins(Supplier<List<dev.recurrent.layers.Layer>> layers, long seed,
                               Supplier<dev.recurrent.optim.Optimizer> optimizer, dev.recurrent.loss.Loss loss) {
        Sequential seq = new Sequential().input(T, F).seed(seed);
        for (dev.recurrent.layers.Layer l : layers.get()) {
            seq.add(l);
        }
        seq.compile(optimizer.get(), loss).build();
        Node in = Input.of(T, F), node = in;
        for (dev.recurrent.layers.Layer l : layers.get()) {
            node = Functional.call(l, node);
        }
        Model graph = new Model(in, node).seed(seed).compile(optimizer.get(), loss);
        graph.setWeights(seq.getWeights());
        return new Twins(seq, graph);
    }

    /** LSTM on every step → Dense softmax on every step. */
    private static Twins sequenceTwins() {
        return twins(() -> List.of(TruncatedBpttTrainingTest.scalar(LSTM.builder(5).returnSequences(true).build()),
                Dense.of(C, "softmax")), 3, () -> new Adam(0.01), new CategoricalCrossentropy());
    }

    /** GRU (sequences) → LSTM (last step) → Dense: one output per sequence. */
    private static Twins lastStepTwins() {
        return twins(() -> List.of(TruncatedBpttTrainingTest.scalar(GRU.builder(4).returnSequences(true).build()),
                TruncatedBpttTrainingTest.scalar(LSTM.of(5)), Dense.of(2)), 7, () -> new Adam(0.01), new MeanSquaredError());
    }

    static void assertSameWeights(List<float[]> a, List<float[]> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "weight " + i);
        }
    }

    static boolean sameWeights(List<float[]> a, List<float[]> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!java.util.Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    static FitOptions options() {
        return FitOptions.defaults().epochs(2).batchSize(4).shuffle(true);
    }

    @Test
    void aChainWithTruncatedBpttTrainsExactlyAsTheSequential() {
        Random rnd = new Random(1);
        Tensor x = gaussian(rnd, N, T, F), y = oneHot(rnd, N * T, N, T, C), yLast = gaussian(rnd, N, 2);
        for (int[] kl : new int[][] {{4, 4}, {5, 2}}) {
            Twins t = sequenceTwins();
            History hs = t.sequential().fit(x, y, options().tbptt(kl[0], kl[1]));
            History hg = t.graph().fit(x, y, options().tbptt(kl[0], kl[1]));
            assertSameWeights(t.sequential().getWeights(), t.graph().getWeights());
            assertEquals(hs.get("loss"), hg.get("loss"));
            assertFalse(sameWeights(t.graph().getWeights(), sequenceTwins().graph().getWeights()), "training changed nothing");
        }
        Twins t = lastStepTwins();
        t.sequential().fit(x, yLast, options().tbptt(4));
        t.graph().fit(x, yLast, options().tbptt(4));
        assertSameWeights(t.sequential().getWeights(), t.graph().getWeights());
        // after fit, both run on whole sequences again
        assertArrayEquals(t.sequential().predict(x, 4).data(), t.graph().predict(x, 4).data());
        assertArrayEquals(new int[] {N, 2}, t.graph().predict(x, 4).shape());
    }

    @Test
    void aChainWithTheGradientWindowTrainsExactlyAsTheSequential() {
        Random rnd = new Random(2);
        Tensor x = gaussian(rnd, N, T, F), y = gaussian(rnd, N, 2);
        Twins t = lastStepTwins(), full = lastStepTwins();
        t.sequential().fit(x, y, options().gradientWindow(3));
        t.graph().fit(x, y, options().gradientWindow(3));
        full.graph().fit(x, y, options());
        assertSameWeights(t.sequential().getWeights(), t.graph().getWeights());
        assertFalse(sameWeights(t.graph().getWeights(), full.graph().getWeights()), "the window cut nothing");

        // with state wiring: each call's window counts its own steps; the encoder's states get the
        // gradient of the decoder's first window
        List<Tensor> xs = List.of(gaussian(rnd, N, T, F), gaussian(rnd, N, T, F));
        List<Tensor> ys = List.of(oneHot(rnd, N * T, N, T, C));
        Model windowed = seq2seq(), whole = seq2seq();
        windowed.fit(xs, ys, options().gradientWindow(4));
        whole.fit(xs, ys, options());
        assertFalse(sameWeights(windowed.getWeights(), whole.getWeights()), "the window cut nothing");
        assertFalse(sameWeights(windowed.getWeights(), seq2seq().getWeights()), "the encoder trained");
        for (dev.recurrent.layers.Layer l : List.of((dev.recurrent.layers.Layer) windowed.layer("encoder"),
                (dev.recurrent.layers.Layer) windowed.layer("decoder"))) {
            assertEquals(0, ((dev.recurrent.layers.Recurrent) l).gradientWindow(), "the window is off after fit");
        }
    }

    /** Keras' lstm_seq2seq: the encoder's final states start the decoder, with teacher forcing. */
    private static Model seq2seq() {
        Functional.setSeed(9);
        Node enc = Input.named("enc", T, F), dec = Input.named("dec", T, F);
        Outputs encoder = Functional.callWithState(LSTM.builder(4).name("encoder").returnState(true).build(), enc);
        Node decoded = Functional.call(LSTM.builder(4).name("decoder").returnSequences(true).build(), dec, encoder.states());
        return new Model(List.of(enc, dec), List.of(Functional.call(Dense.of(C, "softmax"), decoded))).seed(1)
                .compile(new Adam(0.01), new CategoricalCrossentropy());
    }

    @Test
    void regularizersConstraintsValidationAndNormsAreSequentials() {
        Random rnd = new Random(3);
        Tensor x = gaussian(rnd, 10, T, F), y = gaussian(rnd, 10, 2), xv = gaussian(rnd, 4, T, F), yv = gaussian(rnd, 4, 2);
        Supplier<List<dev.recurrent.layers.Layer>> layers = () -> List.of(
                TruncatedBpttTrainingTest.scalar(LSTM.builder(4).kernelRegularizer(Regularizers.l2(0.05))
                        .recurrentConstraint("non_neg").build()),
                Dense.of(2).kernelConstraint(Constraints.maxNorm(0.3, 0)).activityRegularizer(Regularizers.l1(0.01)));
        Twins t = twins(layers, 4, () -> SGD.builder().learningRate(0.3).momentum(0.9).clipnorm(1.0).build(), new MeanSquaredError());
        FitOptions o = FitOptions.defaults().epochs(3).batchSize(4).validationData(xv, yv).recordGradientNorms(true);
        History hs = t.sequential().fit(x, y, o);
        History hg = t.graph().fit(x, y, o);
        assertSameWeights(t.sequential().getWeights(), t.graph().getWeights());
        for (String key : List.of("loss", "val_loss", "grad_norm", "grad_norm_clipped_max")) {
            assertEquals(hs.get(key), hg.get(key), key);
        }
        assertEquals(t.sequential().evaluate(x, y, 5), t.graph().evaluate(List.of(x), List.of(y), 5));
        for (float v : t.graph().parameters().get(1).value()) {
            assertTrue(v >= 0, "the recurrent kernel's non_neg constraint: " + v);
        }
        float[] kernel = t.graph().parameters().get(3).value();       // Dense [4, 2]: max_norm(0.3) per column
        for (int col = 0; col < 2; col++) {
            double n = 0;
            for (int row = 0; row < 4; row++) {
                n += kernel[row * 2 + col] * kernel[row * 2 + col];
            }
            assertTrue(Math.sqrt(n) <= 0.3 + 1e-6, "Dense kernel column " + col + " norm " + Math.sqrt(n));
        }
    }

    /** Two sequence inputs concatenated → LSTM on every step → two outputs on every step. */
    private static Model twoInOut() {
        Functional.setSeed(11);
        Node a = Input.named("a", T, F), b = Input.named("b", T, 1);
        Node seq = Functional.call(TruncatedBpttTrainingTest.scalar(LSTM.builder(5).returnSequences(true).build()),
                new Concatenate().call(a, b));
        Node first = Functional.call(new Dense("first", C, "softmax"), seq);
        Node second = Functional.call(new Dense("second", 1, "linear"), seq);
        return new Model("two", List.of(a, b), List.of(first, second)).seed(2)
                .compile(new Adam(0.01), List.of(new CategoricalCrossentropy(), new MeanSquaredError()), List.of(1.0, 0.5));
    }

    @Test
    void oneChunkAsLongAsTheSequenceIsWholeSequenceTraining() {
        Random rnd = new Random(4);
        List<Tensor> xs = List.of(gaussian(rnd, N, T, F), gaussian(rnd, N, T, 1));
        List<Tensor> ys = List.of(oneHot(rnd, N * T, N, T, C), gaussian(rnd, N, T, 1));
        Model whole = twoInOut();
        History hw = whole.fit(xs, ys, options());
        for (int k : new int[] {T, T + 5}) {
            Model cut = twoInOut();
            History hc = cut.fit(xs, ys, options().tbptt(k));
            assertSameWeights(whole.getWeights(), cut.getWeights());
            assertEquals(hw.get("loss"), hc.get("loss"));
            assertEquals(hw.get("second_loss"), hc.get("second_loss"));
        }
        Model cut = twoInOut();
        History h = cut.fit(xs, ys, options().tbptt(4));
        assertFalse(sameWeights(whole.getWeights(), cut.getWeights()), "chunks of 4 steps train otherwise");
        assertTrue(h.keys().containsAll(List.of("first_loss", "second_loss")), h.keys().toString());
    }

    @Test
    void truncatedBpttIsRefusedWhereItDoesNotApplyNamingTheNode() {
        Random rnd = new Random(5);
        Model seq2seq = seq2seq();
        List<Tensor> xs = List.of(gaussian(rnd, N, T, F), gaussian(rnd, N, T, F));
        List<Tensor> ys = List.of(oneHot(rnd, N * T, N, T, C));
        assertRefused(() -> seq2seq.fit(xs, ys, options().tbptt(4)),
                "cannot train decoder[0]: its initial states come from encoder[0][1]");

        Node in = Input.named("in", T, F);
        LSTM shared = LSTM.builder(3).returnSequences(true).build();
        Node twice = new Concatenate().call(Functional.call(shared, in), Functional.call(shared, in));
        Model sharing = new Model(in, Functional.call(Dense.of(1), twice)).compile(new Adam(), new MeanSquaredError());
        assertRefused(() -> sharing.fit(xs.get(0), gaussian(rnd, N, T, 1), options().tbptt(4)), "is called 2 times");

        Node q = Functional.call(LSTM.builder(3).returnSequences(true).build(), in);
        Node attended = Functional.call(new Attention(), List.of(q, q));
        Model attention = new Model(in, Functional.call(Dense.of(1), attended)).compile(new Adam(), new MeanSquaredError());
        assertRefused(() -> attention.fit(xs.get(0), gaussian(rnd, N, T, 1), options().tbptt(4)),
                "cannot train attention[0]: attention reads every step");

        Node steps = Functional.call(LSTM.builder(3).returnSequences(true).build(), in);
        Node perStep = Functional.call(new Dense("per_step", 1, "linear"), steps);
        Node last = Functional.call(new Dense("last", 1, "linear"), Functional.call(LSTM.of(2), steps));
        Model mixed = new Model(List.of(in), List.of(perStep, last)).compile(new Adam(), new MeanSquaredError());
        assertRefused(() -> mixed.fit(List.of(xs.get(0)), List.of(gaussian(rnd, N, T, 1), gaussian(rnd, N, 1)),
                options().tbptt(4)), "output per_step[0][0] (None, 12, 1) has them, output last[0][0] (None, 1) does not");

        Node shorter = Input.named("shorter", T - 2, F);
        Node both = new Concatenate(1).call(Functional.call(LSTM.of(2), in), Functional.call(LSTM.of(2), shorter));
        Model lengths = new Model(List.of(in, shorter), List.of(Functional.call(Dense.of(1), both)))
                .compile(new Adam(), new MeanSquaredError());
        assertRefused(() -> lengths.fit(List.of(xs.get(0), gaussian(rnd, N, T - 2, F)), List.of(gaussian(rnd, N, 1)),
                options().tbptt(4)), "input in has 12 steps, input shorter has 10");

        // the refused models still train whole
        History h = seq2seq.fit(xs, ys, options());
        assertEquals(2, h.epochs().size());
    }

    private static void assertRefused(org.junit.jupiter.api.function.Executable fit, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, fit);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith("fit: truncated BPTT"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    // ------------------------------------------------------------------ non-finite values

    /** The weights after each applied batch. */
    private static final class Weights implements Callback {
        final List<List<float[]>> after = new ArrayList<>();
        Model model;

        @Override
        public void onTrainBegin(Model model) {
            this.model = model;
        }

        @Override
        public void onBatchEnd(int batch, int batches, Map<String, Double> logs) {
            after.add(model.getWeights());
        }
    }

    private static Model twoInputs() {
        Functional.setSeed(6);
        Node a = Input.named("a", 3, 1), b = Input.named("b", 2);
        Node h = new Concatenate().call(Functional.call(LSTM.of(4), a), Functional.call(Dense.of(3), b));
        return new Model("g", List.of(a, b), List.of(Functional.call(new Dense("out", 1, "linear"), h)))
                .compile(new SGD(0.01), new MeanSquaredError());
    }

    @Test
    void aNonFiniteLossStopsAGraphModelBeforeItsUpdate() {
        Random rnd = new Random(7);
        List<Tensor> xs = List.of(gaussian(rnd, 12, 3, 1), gaussian(rnd, 12, 2));
        Tensor y = gaussian(rnd, 12, 1);
        y.data()[9] = Float.NaN;        // batches of 4 in order: the third batch
        Model m = twoInputs();
        Weights w = new Weights();
        NonFiniteTrainingException e = assertThrows(NonFiniteTrainingException.class, () -> m.fit(xs, List.of(y),
                FitOptions.defaults().epochs(3).batchSize(4).shuffle(false).callbacks(w)));
        assertEquals(0, e.epoch());
        assertEquals(2, e.batch());
        assertEquals("the loss is NaN", e.what());
        assertTrue(e.getMessage().startsWith("g: training stopped at epoch 1, batch 3: the loss is NaN"), e.getMessage());
        assertEquals(2, w.after.size());
        assertSameWeights(w.after.get(1), m.getWeights());

        Model off = twoInputs();
        History h = off.fit(xs, List.of(y), FitOptions.defaults().epochs(1).batchSize(4).shuffle(false)
                .terminateOnNonFinite(false));
        assertTrue(Double.isNaN(h.last("loss")));
        boolean anyNaN = false;
        for (float[] v : off.getWeights()) {
            for (float f : v) {
                anyNaN |= Float.isNaN(f);
            }
        }
        assertTrue(anyNaN, "without the stop, the NaN step is applied");
    }

    @Test
    void anInfiniteGradientOfAGraphNamesTheParameter() {
        Random rnd = new Random(8);
        List<Tensor> xs = List.of(gaussian(rnd, 12, 3, 1), gaussian(rnd, 12, 2));
        xs.get(1).data()[2 * 5] = 1e20f;      // sample 5, in the second batch: finite, as is the loss in double
        Model m = twoInputs();
        NonFiniteTrainingException e = assertThrows(NonFiniteTrainingException.class, () -> m.fit(xs,
                List.of(gaussian(rnd, 12, 1)), FitOptions.defaults().batchSize(4).shuffle(false)));
        assertEquals(0, e.epoch());
        assertEquals(1, e.batch());
        // the last layer's kernel gradient, dense's output (about 1e20) times the output's gradient,
        // overflows; dense's own kernel gradient stays finite
        assertEquals("the gradient of out/kernel is Infinity at flat index 4", e.what());
        for (float[] v : m.getWeights()) {
            for (float f : v) {
                assertTrue(Float.isFinite(f));
            }
        }
    }
}
