package dev.recurrent.regularizers;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Makes {@link Regularizer}s as Keras does: {@code l1()}, {@code l2()} and {@code l1L2()} with
 * Keras' default factors (0.01), by name ({@code "l1"}, {@code "l2"}, {@code "l1_l2"}) or from a
 * layer config.
 */
public final class Regularizers {
    /** Keras' class names. */
    static final List<String> CLASS_NAMES = List.of("L1", "L2", "L1L2");
    /** The factor of a regularizer given by name, as Keras' {@code get("l1")}. */
    public static final double DEFAULT_FACTOR = 0.01;

    private Regularizers() {
    }

    /** {@code L1(l1)}: {@code l1·Σ|w|}. */
    public static Regularizer l1(double l1) {
        return new Regularizer("L1", l1, 0);
    }

    /** {@code L1()}: l1 = 0.01. */
    public static Regularizer l1() {
        return l1(DEFAULT_FACTOR);
    }

    /** {@code L2(l2)}: {@code l2·Σw²}. */
    public static Regularizer l2(double l2) {
        return new Regularizer("L2", 0, l2);
    }

    /** {@code L2()}: l2 = 0.01. */
    public static Regularizer l2() {
        return l2(DEFAULT_FACTOR);
    }

    /** {@code L1L2(l1, l2)}: both penalties. */
    public static Regularizer l1L2(double l1, double l2) {
        return new Regularizer("L1L2", l1, l2);
    }

    /** Keras' {@code l1_l2()}: l1 = l2 = 0.01 (the class {@code L1L2()} defaults to 0 and 0). */
    public static Regularizer l1L2() {
        return l1L2(DEFAULT_FACTOR, DEFAULT_FACTOR);
    }

    /** {@code "l1"}, {@code "l2"} or {@code "l1_l2"} (or the class names), with the 0.01 factors. */
    public static Regularizer byName(String name) {
        String key = name == null ? "" : name.toLowerCase(Locale.ROOT);
        switch (key) {
            case "l1":
                return l1();
            case "l2":
                return l2();
            case "l1_l2":
            case "l1l2":
                return l1L2();
            default:
                throw new IllegalArgumentException("expected a regularizer name, one of [l1, l2, l1_l2], got '" + name + "'");
        }
    }

    /**
     * The regularizer a layer config holds: a name, or {@code {"class_name": ..., "config": {...}}}
     * (Keras' serialized form; {@code module} and {@code registered_name} are accepted and ignored).
     * A factor left out takes the class's Keras default (L1, L2: 0.01; L1L2: 0).
     */
    public static Regularizer fromConfig(Object value) {
        if (value instanceof String) {
            return byName((String) value);
        }
        Map<String, Object> args = Serialized.arguments("regularizer", value);
        String className = Serialized.className(value);
        switch (className) {
            case "L1":
                Serialized.only("L1", args, List.of("l1"));
                return l1(Serialized.number("L1", args, "l1", DEFAULT_FACTOR));
            case "L2":
                Serialized.only("L2", args, List.of("l2"));
                return l2(Serialized.number("L2", args, "l2", DEFAULT_FACTOR));
            case "L1L2":
                Serialized.only("L1L2", args, List.of("l1", "l2"));
                return l1L2(Serialized.number("L1L2", args, "l1", 0), Serialized.number("L1L2", args, "l2", 0));
            default:
                throw new IllegalArgumentException("expected a regularizer class, one of " + CLASS_NAMES + ", got '"
                        + className + "'");
        }
    }
}
