package dev.recurrent.graph;

import dev.recurrent.layers.Shape;

/** Shapes as Keras prints them, and the checks a call makes of them. */
final class Shapes {
    private Shapes() {
    }

    /** {@code (None, 5, 3)}, or {@code (None, None, 3)} with variable steps. */
    static String text(Shape shape, boolean variableSteps) {
        StringBuilder s = new StringBuilder("(None");
        for (int i = 0; i < shape.rank(); i++) {
            s.append(", ").append(i == 0 && variableSteps ? "None" : String.valueOf(shape.dim(i)));
        }
        return s.append(shape.rank() == 0 ? ",)" : ")").toString();
    }
}
