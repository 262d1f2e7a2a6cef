package dev.recurrent.graph;

import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.Shape;
import dev.recurrent.layers.attention.AttentionLayer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Calling layers on nodes, as Keras' functional API does: {@code Node h = call(lstm, x)} is Keras'
 * {@code h = lstm(x)}. A layer is built on its first call, for the node's shape, its weights drawn
 * from the next seed of {@link #setSeed}; a later call shares those weights. Shapes are checked at
 * the call: a refusal names the layer, the node and both shapes.
 */
public final class Functional {
    private static final AtomicLong SEED = new AtomicLong();
    private static final Map<Object, Integer> CALLS = new WeakHashMap<>();

    private Functional() {
    }

    /**
     * Seeds the weights of the layers built from now on (Keras' {@code keras.utils.set_random_seed}):
     * the n-th layer built after this call draws from {@code seed} and n.
     */
    public static void setSeed(long seed) {
        SEED.set(seed * 1_000_003L);
    }

    /** {@code layer(x)}: a one-output layer (or a recurrent layer without {@code returnState}) on x. */
    public static Node call(Layer layer, Node x) {
        if (layer instanceof Recurrent r) {
            return call(r, x, new Node[0]);
        }
        if (x.variableSteps() && x.shape().rank() == 1 && !(layer instanceof Embedding)) {
            throw new IllegalArgumentException(layer.name() + ": called on " + x.name() + " " + x.shapeText()
                    + ", token ids of any length; only an Embedding takes those");
        }
        Shape out = buildOrResize(layer, x);
        return newCall(new LayerOp(layer), List.of(x), new Shape[] {out}, x.variableSteps()).outputs().get(0);
    }

    /**
     * {@code layer(x, initial_state=[h, c])}: a recurrent layer without {@code returnState} on x,
     * from these initial states (none: zeros).
     */
    public static Node call(Recurrent layer, Node x, Node... initialStates) {
        if (layer.config().returnState()) {
            throw new IllegalArgumentException(layer.name() + ": a layer with returnState returns its states too;"
                    + " call it with callWithState");
        }
        return recurrentCall(layer, x, initialStates, false).outputs().get(0);
    }

    /** {@code output, h, c = layer(x, initial_state=[...])} for a recurrent layer with {@code returnState}. */
    public static Outputs callWithState(Recurrent layer, Node x, Node... initialStates) {
        if (!layer.config().returnState()) {
            throw new IllegalArgumentException(layer.name() + ": callWithState needs a layer made with returnState(true)");
        }
        return new Outputs(recurrentCall(layer, x, initialStates, false).outputs());
    }

    /** As {@link #callWithState(Recurrent, Node, Node...)}, the initial states as a list ({@code encoder_states}). */
    public static Outputs callWithState(Recurrent layer, Node x, List<Node> initialStates) {
        return callWithState(layer, x, initialStates.toArray(new Node[0]));
    }

    /** As {@link #call(Recurrent, Node, Node...)}, the initial states as a list. */
    public static Node call(Recurrent layer, Node x, List<Node> initialStates) {
        return call(layer, x, initialStates.toArray(new Node[0]));
    }

    /**
     * A recurrent call that runs every step of x, its mask not applied; the output keeps x's mask.
     * This is what Keras 3 does with {@code layer(x, initial_state=[...])} on a masked x: its
     * {@code Layer.__call__} fills in {@code mask} only for a call of one tensor
     * ({@code keras/src/layers/layer.py}), so masked steps advance the states. Model importers use
     * it; {@code call} and {@code callWithState} apply the mask, as tf.keras did. The outputs are
     * those of {@code callWithState} with {@code returnState}, else the output alone.
     */
    public static Outputs callIgnoringMask(Recurrent layer, Node x, List<Node> initialStates) {
        return new Outputs(recurrentCall(layer, x, initialStates.toArray(new Node[0]), true).outputs());
    }

    private static Call recurrentCall(Recurrent layer, Node x, Node[] states, boolean ignoresMask) {
        if (layer.config().stateful()) {
            throw new IllegalArgumentException(layer.name() + ": stateful layers are not supported in graph models yet;"
                    + " pass the states explicitly (returnState, then initial states)");
        }
        Shape out = buildOrResize(layer, x);
        if (states.length > 0) {
            if (states.length != layer.stateCount()) {
                throw new IllegalArgumentException(layer.name() + ": expected " + layer.stateCount() + " initial state"
                        + (layer.stateCount() == 1 ? " (h)" : "s (h, c)") + ", got " + states.length);
            }
            Shape want = Shape.of(layer.units());
            for (int i = 0; i < states.length; i++) {
                Node s = states[i];
                if (!s.shape().equals(want) || s.variableSteps()) {
                    throw new IllegalArgumentException(layer.name() + ": initial state " + (i == 0 ? "h" : "c") + " "
                            + s.name() + " has shape " + s.shapeText() + ", expected " + Shapes.text(want, false));
                }
            }
        }
        List<Node> inputs = new ArrayList<>();
        inputs.add(x);
        inputs.addAll(List.of(states));
        RecurrentOp op = new RecurrentOp(layer, states.length > 0, ignoresMask);
        return newCall(op, inputs, op.prepare(new Shape[] {x.shape()}), x.variableSteps());
    }

    /**
     * {@code attention([query, value])} or {@code attention([query, value, key])}: the output
     * [Tq, Dv], the query's mask kept. The layer is built on its first call.
     */
    public static Node call(AttentionLayer attention, List<Node> queryValueKey) {
        return call(attention, queryValueKey, false);
    }

    /** As {@link #call(AttentionLayer, List)} with Keras' {@code use_causal_mask}. */
    public static Node call(AttentionLayer attention, List<Node> queryValueKey, boolean useCausalMask) {
        return attentionCall(attention, queryValueKey, useCausalMask, false).outputs().get(0);
    }

    /** {@code output, scores = attention([...], return_attention_scores=True)}: {@code get(0)}, {@code get(1)}. */
    public static Outputs callWithScores(AttentionLayer attention, List<Node> queryValueKey, boolean useCausalMask) {
        return new Outputs(attentionCall(attention, queryValueKey, useCausalMask, true).outputs());
    }

    private static Call attentionCall(AttentionLayer attention, List<Node> in, boolean causal, boolean scores) {
        if (in.size() != 2 && in.size() != 3) {
            throw new IllegalArgumentException(attention.name() + ": expected [query, value] or [query, value, key], got "
                    + in.size() + " inputs");
        }
        Shape[] shapes = new Shape[in.size()];
        for (int i = 0; i < shapes.length; i++) {
            shapes[i] = in.get(i).shape();
        }
        AttentionOp op = new AttentionOp(attention, causal, scores);
        Shape[] out;
        try {
            if (!attention.isBuilt()) {
                attention.build(shapes[0], shapes[1], shapes.length > 2 ? shapes[2] : null, SEED.getAndIncrement());
            }
            out = op.prepare(shapes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(attention.name() + ": cannot attend with " + Merge.describe(in)
                    + ": " + e.getMessage(), e);
        }
        boolean steps = in.get(0).variableSteps() || in.get(1).variableSteps();
        return newCall(op, in, out, steps);
    }

    static Node callMerge(Merge merge, List<Node> inputs) {
        Shape out = merge.outputShape(inputs);
        boolean steps = false;
        for (Node n : inputs) {
            steps |= n.variableSteps();
        }
        return newCall(merge, inputs, new Shape[] {out}, steps).outputs().get(0);
    }

    /** Builds the layer for x on its first call; else checks that it runs on x's shape. */
    private static Shape buildOrResize(Layer layer, Node x) {
        if (!layer.isBuilt()) {
            return layer.build(x.shape(), SEED.getAndIncrement());
        }
        try {
            return layer.resizeSteps(x.shape());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(layer.name() + ": called on " + x.name() + " of shape " + x.shapeText()
                    + ", but it was built for " + Shapes.text(layer.inputShape(), false), e);
        }
    }

    private static Call newCall(Op op, List<Node> inputs, Shape[] outputs, boolean variableSteps) {
        int index;
        synchronized (CALLS) {
            index = CALLS.merge(op.layer(), 1, Integer::sum) - 1;
        }
        return new Call(op, inputs, index, outputs, variableSteps);
    }
}
