package dev.recurrent.layers.attention;

import dev.recurrent.layers.Shape;

/** The argument checks of an {@link AttentionLayer}: each names the layer, the expectation and what it got. */
final class AttentionChecks {
    private AttentionChecks() {
    }

    /** The dropout rate: a fraction in [0, 1). */
    static void dropout(String name, float dropout) {
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException(name + ": received an invalid value for argument `dropout`,"
                    + " expected a fraction in [0, 1), got " + dropout);
        }
    }

    /**
     * The sample shapes a layer is built for: query (Tq, D), value (Tv, Dv) and key (Tv, D) or null;
     * {@code builtDim} is the query features D of an earlier build, or −1.
     */
    static void build(String name, Shape query, Shape value, Shape key, int builtDim) {
        sequence(name, "query", query);
        sequence(name, "value", value);
        Shape k = key == null ? value : key;
        if (key != null) {
            sequence(name, "key", key);
            if (key.dim(0) != value.dim(0)) {
                throw new IllegalArgumentException(name + ": key and value must have the same number of steps,"
                        + " got key " + key + " and value " + value);
            }
        }
        if (k.last() != query.last()) {
            throw new IllegalArgumentException(name + ": the " + (key == null ? "value (the key when none is given)" : "key")
                    + " must have the query's last dimension, got query " + query + " and " + (key == null ? "value " : "key ") + k);
        }
        if (builtDim >= 0 && builtDim != query.last()) {
            throw new IllegalArgumentException(name + ": the layer was built for queries of " + builtDim
                    + " features, got query " + query);
        }
    }

    private static void sequence(String name, String what, Shape s) {
        if (s == null || s.rank() != 2) {
            throw new IllegalArgumentException(name + ": expected the " + what + " as a sequence (None, timesteps, features), got "
                    + s);
        }
    }

    static void batch(String name, int batch) {
        if (batch <= 0) {
            throw new IllegalArgumentException(name + ": expected a positive batch size, got " + batch);
        }
    }

    /** An array of [batch, steps, features]. */
    static void length(String name, String what, float[] a, int batch, int steps, int features) {
        long need = (long) batch * steps * features;
        if (a == null || a.length != need) {
            throw new IllegalArgumentException(name + ": expected the " + what + " as [" + batch + ", " + steps + ", "
                    + features + "] (" + need + " values), got " + (a == null ? "null" : a.length + " values"));
        }
    }

    /** A mask of [batch, steps], or null. */
    static void mask(String name, String what, boolean[] mask, int batch, int steps) {
        if (mask != null && mask.length != batch * steps) {
            throw new IllegalArgumentException(name + ": expected the " + what + " mask as [" + batch + ", " + steps
                    + "] (" + batch * steps + " values), got " + mask.length + " values");
        }
    }
}
