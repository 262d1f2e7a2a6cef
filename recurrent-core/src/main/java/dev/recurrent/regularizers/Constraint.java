package dev.recurrent.regularizers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras' weight constraints, applied to a weight after each optimizer update: {@code MaxNorm},
 * {@code NonNeg}, {@code UnitNorm} and {@code MinMaxNorm}. The norms are taken along {@code axis}
 * (0, the default: each column of a kernel [inputs, units], the whole of a bias), and a weight is
 * rescaled by {@code desired / (1e-7 + norm)}, Keras' formula with its epsilon. Immutable; made by
 * {@link Constraints}.
 *
 * @param className Keras' class name
 * @param minValue  MinMaxNorm's lower bound (0 for the others)
 * @param maxValue  MaxNorm's and MinMaxNorm's upper bound (0 for the others)
 * @param rate      MinMaxNorm's rate: the weight moves that fraction of the way to the bounds (1 for the others)
 * @param axis      the axis the norms are taken along; negative counts from the last
 */
public record Constraint(String className, double minValue, double maxValue, double rate, int axis) {
    /** Keras' {@code backend.epsilon()}. */
    static final double EPSILON = 1e-7;

    public Constraint {
        if (!Constraints.CLASS_NAMES.contains(className)) {
            throw new IllegalArgumentException("expected a constraint class, one of " + Constraints.CLASS_NAMES
                    + ", got '" + className + "'");
        }
        if (!Double.isFinite(minValue) || !Double.isFinite(maxValue) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException("the " + className + "'s bounds and rate must be finite numbers");
        }
        if (className.equals("MinMaxNorm") && minValue > maxValue) {
            throw new IllegalArgumentException("the MinMaxNorm's min_value must not exceed its max_value, got "
                    + minValue + " > " + maxValue);
        }
    }

    /**
     * Projects {@code w}, of {@code shape}, in place.
     *
     * @throws IllegalArgumentException when the axis does not exist in {@code shape}
     */
    public void apply(float[] w, int[] shape) {
        if (className.equals("NonNeg")) {
            for (int i = 0; i < w.length; i++) {
                w[i] = Math.max(w[i], 0f);
            }
            return;
        }
        int a = axis < 0 ? axis + shape.length : axis;
        if (a < 0 || a >= shape.length) {
            throw new IllegalArgumentException("the " + className + " constraint's axis " + axis
                    + " does not exist in a weight of shape " + Arrays.toString(shape));
        }
        int outer = 1, inner = 1, len = shape[a];
        for (int d = 0; d < a; d++) {
            outer *= shape[d];
        }
        for (int d = a + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * len * inner + i;
                double squares = 0;
                for (int j = 0; j < len; j++) {
                    double v = w[base + j * inner];
                    squares += v * v;
                }
                double norm = Math.sqrt(squares);
                double scale = desired(norm) / (EPSILON + norm);
                for (int j = 0; j < len; j++) {
                    w[base + j * inner] = (float) (w[base + j * inner] * scale);
                }
            }
        }
    }

    private double desired(double norm) {
        switch (className) {
            case "MaxNorm":
                return Math.min(Math.max(norm, 0), maxValue);
            case "UnitNorm":
                return 1;
            case "MinMaxNorm":
                return rate * Math.min(Math.max(norm, minValue), maxValue) + (1 - rate) * norm;
            default:
                throw new AssertionError(className);
        }
    }

    /** As Keras serializes it: {@code {"class_name": "MaxNorm", "config": {"max_value": 2.0, "axis": 0}}}. */
    public Map<String, Object> toConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        switch (className) {
            case "MaxNorm":
                config.put("max_value", maxValue);
                config.put("axis", axis);
                break;
            case "UnitNorm":
                config.put("axis", axis);
                break;
            case "MinMaxNorm":
                config.put("min_value", minValue);
                config.put("max_value", maxValue);
                config.put("rate", rate);
                config.put("axis", axis);
                break;
            default:
                break;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", className);
        m.put("config", config);
        return m;
    }
}
