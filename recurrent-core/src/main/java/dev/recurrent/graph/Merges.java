package dev.recurrent.graph;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The merge layers by their Keras class names, rebuilt from {@link Merge#getConfig()} (model files). */
public final class Merges {
    public static final List<String> CLASS_NAMES = List.of("Concatenate", "Add", "Multiply", "Average", "Dot");

    private Merges() {
    }

    /**
     * A merge of Keras class {@code className} with {@code config}; refuses an unknown class, a
     * missing name, an unknown key or a value of the wrong type, naming it.
     */
    public static Merge fromConfig(String className, Map<String, ?> config) {
        Object nameValue = config.get("name");
        if (!(nameValue instanceof String name) || name.isBlank()) {
            throw new IllegalArgumentException(className + ": expected a non-empty `name`, got " + nameValue);
        }
        switch (className) {
            case "Add":
                only(className, config, Set.of("name"));
                return new Add(name);
            case "Multiply":
                only(className, config, Set.of("name"));
                return new Multiply(name);
            case "Average":
                only(className, config, Set.of("name"));
                return new Average(name);
            case "Concatenate":
                only(className, config, Set.of("name", "axis"));
                return new Concatenate(name, config.containsKey("axis") ? integer(className, "axis", config.get("axis")) : -1);
            case "Dot": {
                only(className, config, Set.of("name", "axes", "normalize"));
                if (Boolean.TRUE.equals(config.get("normalize"))) {
                    throw new IllegalArgumentException(className + ": normalize=true is not supported");
                }
                Object axes = config.get("axes");
                if (axes instanceof List<?> pair && pair.size() == 2) {
                    return new Dot(name, integer(className, "axes[0]", pair.get(0)), integer(className, "axes[1]", pair.get(1)));
                }
                int a = integer(className, "axes", axes);
                return new Dot(name, a, a);
            }
            default:
                throw new IllegalArgumentException("unknown merge layer '" + className + "'; expected one of " + CLASS_NAMES);
        }
    }

    private static void only(String className, Map<String, ?> config, Set<String> keys) {
        for (String k : config.keySet()) {
            if (!keys.contains(k)) {
                throw new IllegalArgumentException(className + ": unknown config key '" + k + "'; expected " + keys);
            }
        }
    }

    private static int integer(String className, String key, Object v) {
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e6) {
            return n.intValue();
        }
        throw new IllegalArgumentException(className + ": expected an integer `" + key + "`, got " + v);
    }
}
