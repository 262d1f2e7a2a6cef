package dev.recurrent.graph;

import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Masks through the graph as Keras' compute_mask passes them. */
class GraphMaskTest {
    // two samples of 4 steps; token 0 is padding
    static final float[] IDS = {3, 1, 0, 0, 2, 2, 2, 0};
    static final float[] OTHER_IDS = {1, 0, 0, 0, 4, 4, 4, 4};
    static final boolean[] MASK = {true, true, false, false, true, true, true, false};
    static final boolean[] OTHER_MASK = {true, false, false, false, true, true, true, true};

    @Test
    void layersKeepOrDropTheMaskAndMergesCombineIt() {
        Node ids = Input.of(4), otherIds = Input.of(4), plain = Input.of(4, 5);
        Node embedded = Functional.call(new Embedding(6, 5, true), ids);
        Node other = Functional.call(new Embedding(6, 5, true), otherIds);
        Node seq = Functional.call(LSTM.builder(5).returnSequences(true).build(), embedded);
        Outputs last = Functional.callWithState(LSTM.builder(5).returnState(true).build(), embedded);
        Node dense = Functional.call(Dense.of(5), seq);
        List<Node> outs = List.of(dense, last.output(), last.h(),
                new Add().call(seq, plain), new Multiply().call(seq, other),
                new Concatenate().call(seq, plain), new Concatenate().call(seq, other), new Concatenate(1).call(seq, plain),
                new Dot(2).call(seq, other));
        Graph g = new Graph("masks", List.of(ids, otherIds, plain), outs);
        GraphRun run = new GraphRun(g);
        run.forward(new float[][] {IDS, OTHER_IDS, new float[2 * 4 * 5]}, 2, false);
        assertArrayEquals(MASK, run.outputMask(0), "Dense passes the mask");
        assertNull(run.outputMask(1), "a last-step output has no mask");
        assertNull(run.outputMask(2), "states have no mask");
        assertArrayEquals(MASK, run.outputMask(3), "Add: the AND of the masks there are");
        assertArrayEquals(new boolean[] {true, false, false, false, true, true, true, false}, run.outputMask(4),
                "Multiply: AND");
        assertNull(run.outputMask(5), "Concatenate on the features with an unmasked input: all steps kept");
        assertArrayEquals(new boolean[] {true, true, false, false, true, true, true, true}, run.outputMask(6),
                "Concatenate on the features: OR");
        assertArrayEquals(new boolean[] {true, true, false, false, true, true, true, true,
                true, true, true, false, true, true, true, true}, run.outputMask(7), "Concatenate on the steps: joined");
        assertNull(run.outputMask(8), "Dot has no mask");
    }

    @Test
    void aCallIgnoringTheMaskRunsMaskedStepsAndKeepsTheMask() {
        Functional.setSeed(3);
        Node ids = Input.of(4), h0 = Input.of(3);
        Node embedded = Functional.call(new Embedding(6, 5, true), ids);
        GRU gru = GRU.builder(3).returnSequences(true).build();
        Node masked = Functional.call(gru, embedded, h0);
        Outputs unmasked = Functional.callIgnoringMask(gru, embedded, List.of(h0));
        Graph g = new Graph("keras3", List.of(ids, h0), List.of(masked, unmasked.output()));
        GraphRun run = new GraphRun(g);
        float[][] y = run.forward(new float[][] {IDS, {.1f, -.2f, .3f, .4f, .5f, -.6f}}, 2, false);

        float[] maskedRow = y[0], unmaskedRow = y[1];
        // sample 0, steps 0-1 kept: the same; step 2 masked: the masked call repeats step 1, the other moves on
        for (int u = 0; u < 6; u++) {
            assertEquals(maskedRow[u], unmaskedRow[u], 0f, "kept steps agree");
        }
        for (int u = 0; u < 3; u++) {
            assertEquals(maskedRow[3 + u], maskedRow[6 + u], 0f, "masked step holds the output");
        }
        assertNotEquals(unmaskedRow[3], unmaskedRow[6], "an unmasked run advances at a masked step");
        assertArrayEquals(MASK, run.outputMask(1), "the output keeps the input's mask, as Keras' compute_mask");
        assertFalse(masked.producer().ignoresMask());
        assertTrue(unmasked.output().producer().ignoresMask());
        assertTrue(Graph.callOptions(unmasked.output().producer()).containsKey("mask"));
        assertNull(Graph.callOptions(unmasked.output().producer()).get("mask"));
        assertTrue(Graph.callOptions(masked.producer()).isEmpty());
    }

    @Test
    void ignoringTheMaskOfAnUnmaskedInputChangesNothing() {
        Functional.setSeed(5);
        Node x = Input.of(4, 2), h0 = Input.of(3);
        GRU gru = GRU.builder(3).returnSequences(true).returnState(true).build();
        Outputs plain = Functional.callWithState(gru, x, h0);
        Outputs ignoring = Functional.callIgnoringMask(gru, x, List.of(h0));
        assertEquals(2, ignoring.size(), "with returnState: the output and h");
        GraphRun run = new GraphRun(new Graph("plain", List.of(x, h0), List.of(plain.output(), ignoring.output(), ignoring.h())));
        float[] xs = new float[2 * 4 * 2];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (i % 7 - 3) / 4f;
        }
        float[][] y = run.forward(new float[][] {xs, new float[6]}, 2, false);
        assertArrayEquals(y[0], y[1], 0f);
        assertEquals(y[2][5], y[1][2 * 12 - 1], 0f, "h is the last step's output");
    }
}
