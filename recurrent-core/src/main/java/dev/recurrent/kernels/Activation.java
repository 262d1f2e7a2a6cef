package dev.recurrent.kernels;

import java.util.Locale;

/**
 * The element-wise activations a recurrent cell may use, by their Keras names.
 *
 * <p>Every one of them has a derivative that is a function of its output {@code y = f(x)}, which is
 * what backpropagation through time keeps: {@link #derivativeFromOutput(float)}.
 */
public enum Activation {
    /** {@code tanh(x)}; derivative {@code 1 - y²}. */
    TANH("tanh"),
    /** {@code 1 / (1 + e^-x)}; derivative {@code y (1 - y)}. */
    SIGMOID("sigmoid"),
    /** Keras 3's {@code hard_sigmoid}: {@code clip(x / 6 + 1/2, 0, 1)}; derivative 1/6 inside (0, 1). */
    HARD_SIGMOID("hard_sigmoid"),
    /**
     * Keras 1 and 2's (and tf.keras 2's) {@code hard_sigmoid}: {@code clip(0.2 x + 1/2, 0, 1)};
     * derivative 0.2 inside (0, 1). Its own name keeps model files unambiguous.
     */
    HARD_SIGMOID_KERAS2("hard_sigmoid_keras2"),
    /** {@code max(x, 0)}; derivative 1 where {@code y > 0}. */
    RELU("relu"),
    /** The identity; derivative 1. */
    LINEAR("linear");

    private final String kerasName;

    Activation(String kerasName) {
        this.kerasName = kerasName;
    }

    /** The name Keras gives this activation, e.g. {@code "tanh"}. */
    public String kerasName() {
        return kerasName;
    }

    /** Looks an activation up by its Keras name ({@code "tanh"}, {@code "sigmoid"}, ...). */
    public static Activation byName(String name) {
        String key = name == null ? "linear" : name.toLowerCase(Locale.ROOT);
        for (Activation a : values()) {
            if (a.kerasName.equals(key)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; expected one of"
                + " tanh, sigmoid, hard_sigmoid, hard_sigmoid_keras2, relu, linear");
    }

    /** {@code f(x)}. */
    public float apply(float x) {
        switch (this) {
            case TANH:
                return (float) Math.tanh(x);
            case SIGMOID:
                return (float) (1.0 / (1.0 + Math.exp(-x)));
            case HARD_SIGMOID:
                return Math.max(0f, Math.min(1f, x * (1f / 6f) + 0.5f));
            case HARD_SIGMOID_KERAS2:
                return Math.max(0f, Math.min(1f, x * 0.2f + 0.5f));
            case RELU:
                return Math.max(x, 0f);
            default:
                return x;
        }
    }

    /** {@code f'(x)} expressed through {@code y = f(x)}. */
    public float derivativeFromOutput(float y) {
        switch (this) {
            case TANH:
                return 1f - y * y;
            case SIGMOID:
                return y * (1f - y);
            case HARD_SIGMOID:
                return y > 0f && y < 1f ? 1f / 6f : 0f;
            case HARD_SIGMOID_KERAS2:
                return y > 0f && y < 1f ? 0.2f : 0f;
            case RELU:
                return y > 0f ? 1f : 0f;
            default:
                return 1f;
        }
    }
}
