package dev.recurrent.optim;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Keras-style config map ({@code get_config()} output) with typed getters and clear errors,
 * and refuses keys nobody read, as Keras' {@code cls(**config)} refuses unknown arguments.
 */
final class ConfigReader {
    private final String owner;
    private final Map<String, ?> config;
    private final Set<String> unread;

    ConfigReader(String owner, Map<String, ?> config) {
        if (config == null) {
            throw new IllegalArgumentException(owner + ": config must not be null");
        }
        this.owner = owner;
        this.config = config;
        this.unread = new LinkedHashSet<>(config.keySet());
    }

    String owner() {
        return owner;
    }

    boolean has(String key) {
        return config.containsKey(key);
    }

    /** The value stored under {@code key}, possibly null, without marking it read. */
    Object peek(String key) {
        return config.get(key);
    }

    /** The value stored under {@code key}, possibly null, and marks it read. */
    Object raw(String key) {
        unread.remove(key);
        return config.get(key);
    }

    double number(String key, double defaultValue) {
        Double v = optionalNumber(key);
        return v == null ? defaultValue : v;
    }

    /** The number under {@code key}, or null when the key is absent or holds null (Python's None). */
    Double optionalNumber(String key) {
        Object v = raw(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number)) {
            throw wrongType(key, "a number", v);
        }
        return ((Number) v).doubleValue();
    }

    /** The number under {@code key}; throws when the key is absent or null. */
    double requiredNumber(String key) {
        Double v = optionalNumber(key);
        if (v == null) {
            throw missing(key);
        }
        return v;
    }

    /** The integer under {@code key}; throws when the key is absent or null. */
    long requiredInteger(String key) {
        if (config.get(key) == null) {
            raw(key);
            throw missing(key);
        }
        return integer(key, 0);
    }

    long integer(String key, long defaultValue) {
        Object v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Number)) {
            throw wrongType(key, "an integer", v);
        }
        double d = ((Number) v).doubleValue();
        if (d != Math.rint(d) || Math.abs(d) > 0x1p53) {
            throw wrongType(key, "an integer", v);
        }
        return (long) d;
    }

    boolean bool(String key, boolean defaultValue) {
        Object v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Boolean)) {
            throw wrongType(key, "a boolean", v);
        }
        return (Boolean) v;
    }

    String string(String key, String defaultValue) {
        Object v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof String)) {
            throw wrongType(key, "a string", v);
        }
        return (String) v;
    }

    /**
     * Accepts a Keras argument this library does not implement, but only at a value that means
     * "off", so that a config written by Keras loads and nothing silently changes meaning.
     */
    void acceptOnlyIf(String key, boolean ok, String expected) {
        if (!has(key)) {
            return;
        }
        Object v = raw(key);
        if (!ok) {
            throw new IllegalArgumentException(owner + ": config entry `" + key + "` is not supported here except as "
                    + expected + ", got " + v);
        }
    }

    /** Throws if any key was never read. */
    void finish() {
        if (!unread.isEmpty()) {
            List<String> keys = new ArrayList<>(unread);
            throw new IllegalArgumentException(owner + ": argument(s) not recognized: " + keys);
        }
    }

    private IllegalArgumentException missing(String key) {
        return new IllegalArgumentException(owner + ": config needs `" + key + "`, got " + config);
    }

    private IllegalArgumentException wrongType(String key, String expected, Object v) {
        return new IllegalArgumentException(owner + ": config entry `" + key + "` must be " + expected + ", got " + v
                + " (" + v.getClass().getSimpleName() + ")");
    }
}
