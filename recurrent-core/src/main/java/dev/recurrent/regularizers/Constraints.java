package dev.recurrent.regularizers;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Makes {@link Constraint}s with Keras' defaults: {@code maxNorm()} (max_value 2, axis 0),
 * {@code nonNeg()}, {@code unitNorm()} (axis 0), {@code minMaxNorm()} (min 0, max 1, rate 1, axis 0);
 * by name ({@code "max_norm"}, {@code "non_neg"}, {@code "unit_norm"}, {@code "min_max_norm"}) or
 * from a layer config.
 */
public final class Constraints {
    static final List<String> CLASS_NAMES = List.of("MaxNorm", "NonNeg", "UnitNorm", "MinMaxNorm");

    private Constraints() {
    }

    public static Constraint maxNorm(double maxValue, int axis) {
        return new Constraint("MaxNorm", 0, maxValue, 1, axis);
    }

    public static Constraint maxNorm() {
        return maxNorm(2, 0);
    }

    public static Constraint nonNeg() {
        return new Constraint("NonNeg", 0, 0, 1, 0);
    }

    public static Constraint unitNorm(int axis) {
        return new Constraint("UnitNorm", 0, 0, 1, axis);
    }

    public static Constraint unitNorm() {
        return unitNorm(0);
    }

    public static Constraint minMaxNorm(double minValue, double maxValue, double rate, int axis) {
        return new Constraint("MinMaxNorm", minValue, maxValue, rate, axis);
    }

    public static Constraint minMaxNorm() {
        return minMaxNorm(0, 1, 1, 0);
    }

    /** A Keras name ({@code "max_norm"}, ...) or class name ({@code "MaxNorm"}), with the defaults. */
    public static Constraint byName(String name) {
        String key = name == null ? "" : name.replace("_", "").toLowerCase(Locale.ROOT);
        switch (key) {
            case "maxnorm":
                return maxNorm();
            case "nonneg":
                return nonNeg();
            case "unitnorm":
                return unitNorm();
            case "minmaxnorm":
                return minMaxNorm();
            default:
                throw new IllegalArgumentException("expected a constraint name, one of [max_norm, non_neg, unit_norm,"
                        + " min_max_norm], got '" + name + "'");
        }
    }

    /** The constraint a layer config holds: a name, or Keras' {@code {"class_name": ..., "config": {...}}}. */
    public static Constraint fromConfig(Object value) {
        if (value instanceof String) {
            return byName((String) value);
        }
        Map<String, Object> args = Serialized.arguments("constraint", value);
        String className = Serialized.className(value);
        switch (className) {
            case "MaxNorm":
                Serialized.only(className, args, List.of("max_value", "axis"));
                return maxNorm(Serialized.number(className, args, "max_value", 2),
                        Serialized.integer(className, args, "axis", 0));
            case "NonNeg":
                Serialized.only(className, args, List.of());
                return nonNeg();
            case "UnitNorm":
                Serialized.only(className, args, List.of("axis"));
                return unitNorm(Serialized.integer(className, args, "axis", 0));
            case "MinMaxNorm":
                Serialized.only(className, args, List.of("min_value", "max_value", "rate", "axis"));
                return minMaxNorm(Serialized.number(className, args, "min_value", 0),
                        Serialized.number(className, args, "max_value", 1), Serialized.number(className, args, "rate", 1),
                        Serialized.integer(className, args, "axis", 0));
            default:
                throw new IllegalArgumentException("expected a constraint class, one of " + CLASS_NAMES + ", got '"
                        + className + "'");
        }
    }
}
