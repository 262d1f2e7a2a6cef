package dev.recurrent.graph;

import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.Shape;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One call of a layer on nodes (Keras' {@code Node} of a layer): its inputs, its outputs and its
 * index among that layer's calls, as the summary's "Connected to" column names it ({@code lstm[1][0]}).
 */
public final class Call {
    final Op op;
    private final List<Node> inputs;
    private final List<Node> outputs = new ArrayList<>();
    private final int index;

    Call(Op op, List<Node> inputs, int index, Shape[] outputShapes, boolean variableSteps) {
        this.op = op;
        this.inputs = List.copyOf(inputs);
        this.index = index;
        for (int i = 0; i < outputShapes.length; i++) {
            boolean steps = variableSteps && outputShapes[i].rank() >= 2;
            outputs.add(new Node(op.name() + "[" + index + "][" + i + "]", outputShapes[i], steps, this, i));
        }
    }

    public String name() {
        return op.name();
    }

    public String type() {
        return op.type();
    }

    /** The layer called: a {@code Layer}, an attention layer, or a {@link Merge}. */
    public Object layer() {
        return op.layer();
    }

    /** Which call of its layer this is: 0 for the first. */
    public int index() {
        return index;
    }

    public List<Node> inputs() {
        return inputs;
    }

    public List<Node> outputs() {
        return Collections.unmodifiableList(outputs);
    }

    public List<Parameter> parameters() {
        return op.parameters();
    }

    /** Whether this is a recurrent call that runs every step, its input's mask not applied ({@link Functional#callIgnoringMask}). */
    public boolean ignoresMask() {
        return op instanceof RecurrentOp r && r.ignoresMask();
    }

    /** Whether the layer called is an attention layer, which reads every step of its sequences. */
    public boolean isAttention() {
        return op instanceof AttentionOp;
    }

    @Override
    public String toString() {
        return name() + "[" + index + "]";
    }
}
