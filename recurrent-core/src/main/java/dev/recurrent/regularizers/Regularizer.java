package dev.recurrent.regularizers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras' L1, L2 and L1L2 regularizers: the penalty {@code l1·Σ|w| + l2·Σw²} of a weight (or of a
 * layer's output, as an activity regularizer), added to the loss. Immutable; made by
 * {@link Regularizers}.
 *
 * @param className Keras' class name: {@code "L1"}, {@code "L2"} or {@code "L1L2"}
 * @param l1        the L1 factor (0 for L2)
 * @param l2        the L2 factor (0 for L1)
 */
public record Regularizer(String className, double l1, double l2) {

    public Regularizer {
        if (!Regularizers.CLASS_NAMES.contains(className)) {
            throw new IllegalArgumentException("expected a regularizer class, one of " + Regularizers.CLASS_NAMES
                    + ", got '" + className + "'");
        }
        check("l1", l1);
        check("l2", l2);
    }

    private static void check(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("Invalid value for argument " + name + ": expected a non-negative float,"
                    + " got " + value);
        }
    }

    /** The penalty of {@code values[from, from + n)}. */
    public double penalty(float[] values, int from, int n) {
        double abs = 0, squares = 0;
        for (int i = from; i < from + n; i++) {
            abs += Math.abs(values[i]);
            squares += (double) values[i] * values[i];
        }
        return l1 * abs + l2 * squares;
    }

    /**
     * Adds {@code scale} × the penalty's gradient, {@code l1·sign(w) + 2·l2·w}, into {@code grad}
     * (sign(0) = 0, as the gradient of |w| at 0 in TensorFlow and JAX).
     */
    public void addGradient(float[] values, int from, int n, double scale, float[] grad, int gradFrom) {
        for (int i = 0; i < n; i++) {
            float w = values[from + i];
            grad[gradFrom + i] += (float) (scale * (l1 * Math.signum(w) + 2 * l2 * w));
        }
    }

    /** As Keras serializes it: {@code {"class_name": "L2", "config": {"l2": 0.01}}}. */
    public Map<String, Object> toConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        if (!className.equals("L2")) {
            config.put("l1", l1);
        }
        if (!className.equals("L1")) {
            config.put("l2", l2);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", className);
        m.put("config", config);
        return m;
    }
}
