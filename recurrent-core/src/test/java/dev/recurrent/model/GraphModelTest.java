package dev.recurrent.model;

import dev.recurrent.graph.Add;
import dev.recurrent.graph.Concatenate;
import dev.recurrent.graph.Functional;
import dev.recurrent.graph.Input;
import dev.recurrent.graph.Node;
import dev.recurrent.graph.Outputs;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.LSTM;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.loss.MeanSquaredError;
import dev.recurrent.optim.Adam;
import dev.recurrent.optim.SGD;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The graph model: training as Sequential trains, several inputs and outputs, checks when built. */
class GraphModelTest {

    @Test
    void aChainTrainsExactlyAsTheSequentialOfTheSameLayers() {
        Tensor x = random(8, 5, 3, 1), y = oneHot(8, 4, 2);
        Sequential seq = new Sequential().input(5, 3).seed(3).add(LSTM.of(6)).add(Dense.of(4, "softmax"))
                .compile(new SGD(0.5), new CategoricalCrossentropy());
        seq.build();
        Node in = Input.of(5, 3);
        Node out = Functional.call(Dense.of(4, "softmax"), Functional.call(LSTM.of(6), in));
        Model graph = new Model(in, out).compile(new SGD(0.5), new CategoricalCrossentropy());
        graph.setWeights(seq.getWeights());
        for (int step = 0; step < 3; step++) {
            assertEquals(seq.trainOnBatch(x, y), graph.trainOnBatch(List.of(x), List.of(y)), 1e-6, "loss of step " + step);
        }
        List<float[]> a = seq.getWeights(), b = graph.getWeights();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), 1e-6f, "weight " + i);
        }
        assertArrayEquals(seq.predict(x, 4).data(), graph.predict(x, 4).data(), 1e-6f);
    }

    @Test
    void twoOutputsWithLossWeightsFitWithValidationAndCallbacks() {
        Functional.setSeed(5);
        Node a = Input.of(4, 2), b = Input.of(3);
        Node h = Functional.call(LSTM.of(5), a);
        Node both = new Concatenate().call(h, Functional.call(Dense.of(5), b));
        Node first = Functional.call(new Dense("first", 2, "linear"), both);
        Node second = Functional.call(new Dense("second", 1, "linear"), new Add().call(h, Functional.call(Dense.of(5), both)));
        Model model = new Model("two", List.of(a, b), List.of(first, second))
                .compile(new Adam(0.01), List.of(new MeanSquaredError(), new MeanSquaredError()), List.of(1.0, 0.5), "mae");
        List<Tensor> xs = List.of(random(20, 4, 2, 1), random(20, 3, 2)), ys = List.of(random(20, 2, 3), random(20, 1, 4));
        Map<String, Double> before = model.evaluate(xs, ys, 7);
        assertEquals(before.get("loss"), before.get("first_loss") + 0.5 * before.get("second_loss"), 1e-5);
        List<Integer> epochs = new ArrayList<>();
        History history = model.fit(xs, ys, FitOptions.defaults().epochs(30).batchSize(4).validationSplit(0.25)
                .callbacks(Callback.atEpochEnd((e, logs) -> epochs.add(e))));
        assertEquals(30, epochs.size());
        assertTrue(history.keys().containsAll(List.of("loss", "first_loss", "second_loss", "first_mae", "second_mae", "val_loss", "val_first_loss")),
                history.keys().toString());
        assertTrue(history.last("loss") < history.get("loss").get(0), history.get("loss").toString());
        List<Tensor> predicted = model.predict(xs, 6);
        assertArrayEquals(new int[] {20, 2}, predicted.get(0).shape());
        assertArrayEquals(new int[] {20, 1}, predicted.get(1).shape());
    }

    @Test
    void theLossSkipsMaskedSteps() {
        Node ids = Input.of(3);
        Node seq = Functional.call(LSTM.builder(4).returnSequences(true).build(),
                Functional.call(new dev.recurrent.layers.Embedding(5, 3, true), ids));
        Model model = new Model(ids, Functional.call(Dense.of(2), seq)).compile(new SGD(0.1), new MeanSquaredError());
        Tensor x = Tensor.of(new float[] {1, 2, 0, 3, 0, 0}, 2, 3);
        Tensor y = random(2, 3, 2, 8);
        float[] atMasked = y.data().clone(), atKept = y.data().clone();
        atMasked[2 * 2] += 5;            // sample 0, step 2: padding
        atKept[1 * 2] += 5;              // sample 0, step 1: a token
        double loss = model.evaluate(List.of(x), List.of(y), 2).get("loss");
        assertEquals(loss, model.evaluate(List.of(x), List.of(Tensor.of(atMasked, 2, 3, 2)), 2).get("loss"), 1e-9);
        assertTrue(model.evaluate(List.of(x), List.of(Tensor.of(atKept, 2, 3, 2)), 2).get("loss") > loss + 0.1);
    }

    @Test
    void earlyStoppingStopsAGraphModel() {
        Node in = Input.of(3);
        Model model = new Model(in, Functional.call(Dense.of(1), in)).compile(new SGD(0.0), new MeanSquaredError());
        History h = model.fit(random(10, 3, 9), random(10, 1, 2), FitOptions.defaults().epochs(50)
                .callbacks(new EarlyStopping("loss", 0, 2, "min", false)));
        assertTrue(h.epochs().size() < 50, "stopped after " + h.epochs().size());
    }

    @Test
    void wrongWiringIsRefusedNamingTheNodeAndBothShapes() {
        Node enc = Input.of(4, 3), dec = Input.of(4, 2);
        LSTM encoder = LSTM.builder(8).returnState(true).build();
        Outputs o = Functional.callWithState(encoder, enc);
        IllegalArgumentException state = assertThrows(IllegalArgumentException.class,
                () -> Functional.call(LSTM.of(16), dec, o.h(), o.c()));
        assertTrue(state.getMessage().contains("(None, 8), expected (None, 16)") && state.getMessage().contains(o.h().name()),
                state.getMessage());
        Node stray = Input.named("stray", 4, 2);
        Node out = new Concatenate().call(Functional.call(LSTM.of(3), stray), o.output());
        IllegalArgumentException disconnected = assertThrows(IllegalArgumentException.class,
                () -> new Model(List.of(enc), List.of(out)));
        assertTrue(disconnected.getMessage().contains("depends on the input stray"), disconnected.getMessage());
        IllegalArgumentException merge = assertThrows(IllegalArgumentException.class,
                () -> new Add().call(o.output(), o.output(), Functional.call(Dense.of(3), o.output())));
        assertTrue(merge.getMessage().contains("(None, 8)") && merge.getMessage().contains("(None, 3)"), merge.getMessage());
        IllegalArgumentException built = assertThrows(IllegalArgumentException.class,
                () -> Functional.callWithState(encoder, dec));
        assertTrue(built.getMessage().contains("built for (None, 4, 3)"), built.getMessage());
        IllegalArgumentException stateful = assertThrows(IllegalArgumentException.class,
                () -> Functional.call(LSTM.builder(2).stateful(true).build(), enc));
        assertTrue(stateful.getMessage().contains("stateful layers are not supported"), stateful.getMessage());
    }

    @Test
    void theSummaryNamesWhatEachCallIsConnectedTo() {
        Node enc = Input.named("encoder_inputs", 4, 3), dec = Input.named("decoder_inputs", Input.NONE, 2);
        LSTM encoder = LSTM.builder(8).name("encoder").returnState(true).build();
        Outputs o = Functional.callWithState(encoder, enc);
        Node seq = Functional.call(LSTM.builder(8).name("decoder").returnSequences(true).build(), dec, o.states());
        Model model = new Model(List.of(enc, dec), List.of(Functional.call(Dense.of(2, "softmax"), seq)));
        String s = model.summary();
        assertTrue(s.contains("Connected to"), s);
        assertTrue(s.contains("[(None, 8), (None, 8), (None, 8)]"), s);
        assertTrue(s.contains("decoder_inputs[0][0], encoder[0][1], encoder[0][2]"), s);
        assertTrue(s.contains("(None, None, 2)"), s);
        assertTrue(s.contains("Total params: " + String.format("%,d", model.parameterCount())), s);
    }

    static Tensor random(int n, int a, int b, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n * a * b];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.of(v, n, a, b);
    }

    static Tensor random(int n, int a, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n * a];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.of(v, n, a);
    }

    static Tensor oneHot(int n, int classes, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n * classes];
        for (int i = 0; i < n; i++) {
            v[i * classes + r.nextInt(classes)] = 1;
        }
        return Tensor.of(v, n, classes);
    }
}
