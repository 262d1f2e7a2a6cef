package dev.recurrent.graph;

import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Shape;

/**
 * A symbolic tensor of a graph (Keras' {@code KerasTensor}): the output of an {@link Input} or of a
 * layer call. It has a sample shape, without the batch; an input made with {@code None} steps has a
 * variable number of steps, taken from the data when the graph runs.
 */
public final class Node {
    private final String name;
    private final Shape shape;
    private final boolean variableSteps;
    /** The call that makes this node; null for an input. */
    final Call producer;
    /** This node's position among its producer's outputs. */
    final int outputIndex;

    Node(String name, Shape shape, boolean variableSteps, Call producer, int outputIndex) {
        this.name = name;
        this.shape = shape;
        this.variableSteps = variableSteps;
        this.producer = producer;
        this.outputIndex = outputIndex;
    }

    /** Keras' tensor name: the input's name, or {@code layer[call][output]}. */
    public String name() {
        return producer == null ? name : producer.name() + "[" + producer.index() + "][" + outputIndex + "]";
    }

    /** The call that made this node; null for an input. */
    public Call producer() {
        return producer;
    }

    /** This node's position among its producer's outputs (0 for an input). */
    public int outputIndex() {
        return outputIndex;
    }

    /** The sample shape; with variable steps, its steps are a placeholder (1). */
    public Shape shape() {
        return shape;
    }

    /** Whether the first dimension is {@code None}: set by the data each run. */
    public boolean variableSteps() {
        return variableSteps;
    }

    /** Whether this node is a model input. */
    public boolean isInput() {
        return producer == null;
    }

    /** The shape as Keras prints it, with {@code None} for the batch and for variable steps. */
    public String shapeText() {
        return Shapes.text(shape, variableSteps);
    }

    /** {@code layer(this)}: the layer called on this node (see {@link Functional#call}). */
    public Node apply(Layer layer) {
        return Functional.call(layer, this);
    }

    @Override
    public String toString() {
        return name() + " " + shapeText();
    }
}
