package dev.recurrent.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Keras-style config map ({@code get_config()} output: strings, numbers, booleans, nulls and
 * nested maps, as a JSON parser returns them) with typed getters and clear errors, and refuses keys
 * nobody read, as Keras' {@code cls(**config)} refuses unknown arguments. Every message names the
 * owner (the layer or optimizer class), the key, what was expected and what was received.
 */
public final class ConfigReader {
    private final String owner;
    private final Map<?, ?> config;
    private final Set<Object> unread;

    /** @throws IllegalArgumentException when {@code config} is null */
    public ConfigReader(String owner, Map<?, ?> config) {
        if (config == null) {
            throw new IllegalArgumentException(owner + ": config must not be null");
        }
        this.owner = owner;
        this.config = config;
        this.unread = new LinkedHashSet<>(config.keySet());
    }

    public String owner() {
        return owner;
    }

    public boolean has(String key) {
        return config.containsKey(key);
    }

    /** The value stored under {@code key}, possibly null, without marking it read. */
    public Object peek(String key) {
        return config.get(key);
    }

    /** The value stored under {@code key}, possibly null, and marks it read. */
    public Object raw(String key) {
        unread.remove(key);
        return config.get(key);
    }

    /** The value under {@code key}; throws when the key is absent or null. */
    public Object required(String key) {
        Object v = raw(key);
        if (v == null) {
            throw new IllegalArgumentException(owner + ": config needs `" + key + "`, got keys " + config.keySet());
        }
        return v;
    }

    public String string(String key, String defaultValue) {
        Object v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof String)) {
            throw wrongType(key, "a string", v);
        }
        return (String) v;
    }

    public String requiredString(String key) {
        required(key);
        return string(key, null);
    }

    public boolean bool(String key, boolean defaultValue) {
        Object v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Boolean)) {
            throw wrongType(key, "a boolean", v);
        }
        return (Boolean) v;
    }

    /** The number under {@code key}, or null when the key is absent or holds null (Python's None). */
    public Double optionalNumber(String key) {
        Object v = raw(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number)) {
            throw wrongType(key, "a number", v);
        }
        return ((Number) v).doubleValue();
    }

    public double number(String key, double defaultValue) {
        Double v = optionalNumber(key);
        return v == null ? defaultValue : v;
    }

    public double requiredNumber(String key) {
        required(key);
        return number(key, 0);
    }

    /** A finite number, as float. */
    public float floatValue(String key, float defaultValue) {
        Object v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Number) || !Double.isFinite(((Number) v).doubleValue())) {
            throw wrongType(key, "a finite number", v);
        }
        return (float) ((Number) v).doubleValue();
    }

    public float requiredFloat(String key) {
        required(key);
        return floatValue(key, 0f);
    }

    /** An integer: a whole number of any integer type, or a whole floating-point number up to 2^53. */
    public long integer(String key, long defaultValue) {
        Object v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger && ((BigInteger) v).bitLength() < 64) {
            return ((BigInteger) v).longValue();
        }
        if (v instanceof Number && !(v instanceof BigInteger)) {
            double d = ((Number) v).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= 0x1p53) {
                return (long) d;
            }
        }
        throw wrongType(key, "an integer", v);
    }

    public long requiredInteger(String key) {
        required(key);
        return integer(key, 0);
    }

    /** As {@link #requiredInteger}, in the int range. */
    public int requiredInt(String key) {
        long v = requiredInteger(key);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw wrongType(key, "an integer in the int range", config.get(key));
        }
        return (int) v;
    }

    /**
     * Accepts a Keras argument this library does not implement, but only at a value that means
     * "off", so that a config written by Keras loads and nothing silently changes meaning.
     */
    public void acceptOnlyIf(String key, boolean ok, String expected) {
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
    public void finish() {
        if (!unread.isEmpty()) {
            throw new IllegalArgumentException(owner + ": argument(s) not recognized: " + new ArrayList<>(unread));
        }
    }

    /** The value and its type, for messages: {@code 3.5 (Double)}, or {@code null}. */
    public static String describe(Object v) {
        return v == null ? "null" : v + " (" + v.getClass().getSimpleName() + ")";
    }

    private IllegalArgumentException wrongType(String key, String expected, Object v) {
        return new IllegalArgumentException(owner + ": config entry `" + key + "` must be " + expected + ", got "
                + describe(v));
    }
}
