package dev.recurrent.graph;

import dev.recurrent.init.SeededRandom;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Dropout;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.GRU;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite-difference checks of the graph's backward pass: the loss Σ r·output over every output, its
 * gradient for every weight and input against central differences in float32.
 */
class GraphGradientTest {
    static final float STEP = 1e-2f;
    static final double ABS_TOL = 2e-3, REL_TOL = 2e-2;
    static final int B = 2;

    @Test
    void encoderStatesIntoDecoderWithSharedLayers() {
        Functional.setSeed(7);
        Node enc = Input.of(4, 3), dec = Input.of(3, 2), dec2 = Input.of(Input.NONE, 2);
        Outputs o = Functional.callWithState(LSTM.builder(5).returnState(true).build(), enc);
        LSTM decoder = LSTM.builder(5).returnSequences(true).build();
        Node seq = Functional.call(decoder, dec, o.h(), o.c());
        Node again = Functional.call(decoder, dec2);              // the decoder shared, from zero states
        Dense head = Dense.of(4, "tanh");
        Node y1 = Functional.call(head, seq), y2 = o.output().apply(head), y3 = again.apply(head);   // one Dense, three calls
        Graph g = new Graph("seq2seq", List.of(enc, dec, dec2), List.of(y1, y2, y3));
        assertEquals(3, g.layers().size());
        float[][] inputs = {random(B * 4 * 3, 1), random(B * 3 * 2, 2), random(B * 5 * 2, 3)};
        List<String> bad = check(g, inputs);
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    @Test
    void sharedLayersWithDropoutDrawEachCallsMasksAgain() {
        Functional.setSeed(17);
        Node a = Input.of(4, 3), b = Input.of(6, 3);
        LSTM shared = LSTM.builder(4).returnSequences(true).dropout(0.3f).recurrentDropout(0.2f).build();
        Dropout drop = new Dropout(0.4f);
        Node ya = Functional.call(drop, Functional.call(shared, a)), yb = Functional.call(drop, Functional.call(shared, b));
        Graph g = new Graph("dropout", List.of(a, b), List.of(ya, yb));
        List<SeededRandom> generators = List.of(shared.random(), drop.random());
        List<String> bad = check(g, new float[][] {random(B * 12, 30), random(B * 18, 31)}, generators);
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    @Test
    void gruStateWiredIntoASecondGruAndConcatenated() {
        Functional.setSeed(11);
        Node enc = Input.of(5, 2), dec = Input.of(4, 3);
        Outputs o = Functional.callWithState(GRU.builder(3).returnState(true).returnSequences(true).build(), enc);
        Node out = Functional.call(GRU.builder(3).build(), dec, o.h());
        Node merged = new Concatenate().call(out, o.h());
        Graph g = new Graph("gru", List.of(enc, dec), List.of(merged, o.output()));
        List<String> bad = check(g, new float[][] {random(B * 10, 4), random(B * 12, 5)});
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    @Test
    void aDecoderIgnoringItsInputsMaskRunsEveryStepBackwardToo() {
        Functional.setSeed(19);
        Node enc = Input.of(3, 2), ids = Input.of(4);
        Outputs o = Functional.callWithState(GRU.builder(3).returnState(true).build(), enc);
        Node embedded = Functional.call(new Embedding(5, 2, true), ids);
        Node seq = Functional.callIgnoringMask(GRU.builder(3).returnSequences(true).build(), embedded, o.states()).output();
        Graph g = new Graph("keras3", List.of(enc, ids), List.of(Functional.call(Dense.of(2, "tanh"), seq)));
        float[] tokens = {3, 1, 0, 0, 2, 4, 1, 0};      // token 0 masked
        List<String> bad = check(g, new float[][] {random(B * 6, 40), tokens}, List.of(), 1);
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    @Test
    void luongAndBahdanauAttentionOverEncoderSteps() {
        Functional.setSeed(13);
        Node enc = Input.of(5, 3), dec = Input.of(4, 2);
        Outputs o = Functional.callWithState(LSTM.builder(4).returnSequences(true).returnState(true).build(), enc);
        Node seq = Functional.call(LSTM.builder(4).returnSequences(true).build(), dec, o.states());
        Outputs luong = Functional.callWithScores(new dev.recurrent.layers.attention.Attention("luong", true, "dot", 0f),
                List.of(seq, o.output()), false);
        Node bahdanau = Functional.call(new dev.recurrent.layers.attention.AdditiveAttention(),
                List.of(seq, o.output(), o.output()), true);
        Node context = new Concatenate().call(seq, luong.get(0), bahdanau);
        Node y = Functional.call(Dense.of(3, "tanh"), context);
        Graph g = new Graph("attention", List.of(enc, dec), List.of(y, luong.get(1)));
        List<String> bad = check(g, new float[][] {random(B * 15, 6), random(B * 8, 7)});
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    @Test
    void concatenateOnEachAxis() {
        assertMergeGradients(new Concatenate(), new int[] {3, 2}, new int[] {3, 4});
        assertMergeGradients(new Concatenate(1), new int[] {2, 3}, new int[] {4, 3});
        assertMergeGradients(new Concatenate(), new int[] {5}, new int[] {2}, new int[] {1});
    }

    @Test
    void elementwiseMerges() {
        for (Merge m : new Merge[] {new Add(), new Multiply(), new Average()}) {
            assertMergeGradients(m, new int[] {3, 2}, new int[] {3, 2}, new int[] {3, 2});
        }
    }

    @Test
    void dotOnEachPairOfAxes() {
        assertMergeGradients(new Dot(1), new int[] {4}, new int[] {4});
        assertMergeGradients(new Dot(2), new int[] {3, 4}, new int[] {5, 4});
        assertMergeGradients(new Dot(1), new int[] {3, 4}, new int[] {3, 2});
        assertMergeGradients(new Dot(2, 1), new int[] {3, 4}, new int[] {4});
        assertMergeGradients(new Dot(1, 2), new int[] {3}, new int[] {2, 3});
    }

    private static void assertMergeGradients(Merge merge, int[]... shapes) {
        List<Node> in = new ArrayList<>();
        float[][] xs = new float[shapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            in.add(Input.of(shapes[i]));
            int n = B;
            for (int d : shapes[i]) {
                n *= d;
            }
            xs[i] = random(n, 20 + i);
        }
        Graph g = new Graph("merge", in, List.of(merge.call(in)));
        List<String> bad = check(g, xs);
        assertTrue(bad.isEmpty(), merge.type() + ":\n" + String.join("\n", bad));
    }

    /** Every weight's and every input's gradient against central differences; the mismatches, one a line. */
    static List<String> check(Graph g, float[][] inputs) {
        return check(g, inputs, List.of());
    }

    /**
     * As {@link #check(Graph, float[][])}, the dropout generators set back before each forward pass (the same masks);
     * the inputs at {@code fixed} (token ids) are not varied.
     */
    static List<String> check(Graph g, float[][] inputs, List<SeededRandom> generators, int... fixed) {
        List<long[]> states = new ArrayList<>();
        for (SeededRandom r : generators) {
            states.add(r.state());
        }
        Runnable sameMasks = () -> {
            for (int i = 0; i < generators.size(); i++) {
                generators.get(i).setState(states.get(i));
            }
        };
        GraphRun run = new GraphRun(g);
        run.keepInputGradients(true);
        float[][] out = run.forward(inputs, B, true);
        float[][] r = new float[out.length][];
        for (int i = 0; i < out.length; i++) {
            r[i] = random(out[i].length, 100 + i);
        }
        for (Parameter p : g.parameters()) {
            p.zeroGrad();
        }
        run.backward(r);
        sameMasks.run();
        DoubleSupplier loss = () -> {
            sameMasks.run();
            float[][] y = run.forward(inputs, B, true);
            double s = 0;
            for (int i = 0; i < y.length; i++) {
                for (int j = 0; j < y[i].length; j++) {
                    s += (double) y[i][j] * r[i][j];
                }
            }
            return s;
        };
        List<String> bad = new ArrayList<>();
        for (Parameter p : g.parameters()) {
            bad.addAll(compare(p.name(), p.value(), p.grad().clone(), loss));
        }
        float[][] dIn = new float[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            dIn[i] = run.inputGradient(i) == null ? new float[inputs[i].length] : run.inputGradient(i).clone();
        }
        java.util.Set<Integer> held = new java.util.HashSet<>();
        for (int f : fixed) {
            held.add(f);
        }
        for (int i = 0; i < inputs.length; i++) {
            if (!held.contains(i)) {
                bad.addAll(compare("input " + i, inputs[i], dIn[i], loss));
            }
        }
        assertTrue(g.parameters().isEmpty() || nonZero(g.parameters()), "the weights got no gradient");
        return bad;
    }

    private static boolean nonZero(List<Parameter> ps) {
        for (Parameter p : ps) {
            for (float v : p.grad()) {
                if (v != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> compare(String what, float[] values, float[] analytic, DoubleSupplier loss) {
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < analytic.length; i++) {
            float keep = values[i];
            values[i] = keep + STEP;
            double up = loss.getAsDouble();
            values[i] = keep - STEP;
            double down = loss.getAsDouble();
            values[i] = keep;
            double numeric = (up - down) / (2.0 * STEP);
            if (Math.abs(numeric - analytic[i]) > ABS_TOL + REL_TOL * Math.abs(numeric)) {
                bad.add(String.format("%s[%d]: analytic %.6f, numeric %.6f", what, i, analytic[i], numeric));
            }
        }
        return bad;
    }

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }
}
