package dev.recurrent.regularizers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads Keras' serialized form {@code {"class_name": ..., "config": {...}}} of a regularizer or constraint. */
final class Serialized {
    private static final List<String> KEYS = List.of("class_name", "config", "module", "registered_name");

    private Serialized() {
    }

    /** The arguments of {@code value}, after checking its form. */
    static Map<String, Object> arguments(String what, Object value) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("expected a " + what + " name or {\"class_name\", \"config\"}, got " + value);
        }
        Map<?, ?> m = (Map<?, ?>) value;
        for (Object key : m.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("expected a " + what + " {\"class_name\", \"config\"}, got the key `"
                        + key + "`");
            }
        }
        Object className = m.get("class_name"), config = m.get("config");
        if (!(className instanceof String) || !(config == null || config instanceof Map)) {
            throw new IllegalArgumentException("expected a " + what + " {\"class_name\": name, \"config\": {...}}, got "
                    + value);
        }
        Map<String, Object> args = new LinkedHashMap<>();
        if (config != null) {
            ((Map<?, ?>) config).forEach((k, v) -> args.put(String.valueOf(k), v));
        }
        return args;
    }

    static String className(Object value) {
        return (String) ((Map<?, ?>) value).get("class_name");
    }

    /** Refuses an argument not in {@code known}. */
    static void only(String className, Map<String, Object> args, List<String> known) {
        for (String key : args.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("the " + className + " takes "
                        + (known.isEmpty() ? "no arguments" : "only " + known) + ", got `" + key + "`");
            }
        }
    }

    static double number(String className, Map<String, Object> args, String key, double defaultValue) {
        Object v = args.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Number) || !Double.isFinite(((Number) v).doubleValue())) {
            throw new IllegalArgumentException("the " + className + "'s `" + key + "` must be a finite number, got " + v);
        }
        return ((Number) v).doubleValue();
    }

    static int integer(String className, Map<String, Object> args, String key, int defaultValue) {
        double d = number(className, args, key, defaultValue);
        if (d != Math.rint(d)) {
            throw new IllegalArgumentException("the " + className + "'s `" + key + "` must be an integer, got " + args.get(key));
        }
        return (int) d;
    }
}
