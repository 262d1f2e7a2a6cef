package dev.recurrent.graph;

import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.LSTM;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
