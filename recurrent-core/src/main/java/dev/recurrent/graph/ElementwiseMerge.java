package dev.recurrent.graph;

import dev.recurrent.layers.Shape;

import java.util.List;

/** Add, Multiply and Average: inputs of one shape, merged value by value. */
abstract class ElementwiseMerge extends Merge {

    ElementwiseMerge(String name) {
        super(name);
    }

    @Override
    final Shape outputShape(List<Node> inputs) {
        return sameShapes(name(), inputs);
    }

    @Override
    final Shape outputShape(Shape[] inputs) {
        for (Shape s : inputs) {
            if (!s.equals(inputs[0])) {
                throw new IllegalArgumentException(name() + ": expected inputs of one shape, got " + java.util.Arrays.toString(inputs));
            }
        }
        return inputs[0];
    }
}
