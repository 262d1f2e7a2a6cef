package dev.recurrent.graph;

import dev.recurrent.layers.Shape;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model input (Keras' {@code keras.Input(shape=...)}): {@code Input.of(None, 3)} for sequences
 * of any length with 3 features is written {@code Input.of(Input.NONE, 3)}; token ids of any
 * length, for an {@code Embedding}, {@code Input.of(Input.NONE)}.
 */
public final class Input {
    /** Keras' {@code None} for the number of steps (the first dimension only). */
    public static final int NONE = -1;
    private static final AtomicInteger COUNT = new AtomicInteger();

    private Input() {
    }

    /** An input named {@code input_layer}, {@code input_layer_1}, ... as Keras names them. */
    public static Node of(int... shape) {
        int n = COUNT.getAndIncrement();
        return named(n == 0 ? "input_layer" : "input_layer_" + n, shape);
    }

    /** An input of that name ({@code keras.Input(shape=..., name=...)}). */
    public static Node named(String name, int... shape) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Input: expected a non-empty name, got '" + name + "'");
        }
        if (shape.length == 0) {
            throw new IllegalArgumentException(name + ": expected a sample shape such as (steps, features), got ()");
        }
        int[] dims = shape.clone();
        boolean variable = dims[0] == NONE;
        if (variable) {
            dims[0] = 1;
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] <= 0) {
                throw new IllegalArgumentException(name + ": expected positive dimensions (None only first), got "
                        + java.util.Arrays.toString(shape));
            }
        }
        return new Node(name, Shape.of(dims), variable, null, 0);
    }
}
