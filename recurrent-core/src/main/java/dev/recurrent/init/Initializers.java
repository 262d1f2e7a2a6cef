package dev.recurrent.init;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Keras' weight initializers: the {@link Initializer} values by Keras name, and the fills the layers'
 * defaults use. The random streams are Java's, so values differ from Keras' for the same seed, but
 * the distributions are the same.
 */
public final class Initializers {

    private Initializers() {
    }

    public static Initializer zeros() {
        return of("zeros");
    }

    public static Initializer ones() {
        return of("ones");
    }

    public static Initializer constant(double value) {
        return of("constant", "value", value);
    }

    public static Initializer randomNormal(double mean, double stddev) {
        return of("random_normal", "mean", mean, "stddev", stddev);
    }

    public static Initializer randomUniform(double minval, double maxval) {
        return of("random_uniform", "minval", minval, "maxval", maxval);
    }

    public static Initializer truncatedNormal(double mean, double stddev) {
        return of("truncated_normal", "mean", mean, "stddev", stddev);
    }

    public static Initializer glorotNormal() {
        return of("glorot_normal");
    }

    public static Initializer glorotUniform() {
        return of("glorot_uniform");
    }

    public static Initializer heNormal() {
        return of("he_normal");
    }

    public static Initializer heUniform() {
        return of("he_uniform");
    }

    public static Initializer lecunNormal() {
        return of("lecun_normal");
    }

    public static Initializer lecunUniform() {
        return of("lecun_uniform");
    }

    public static Initializer orthogonal(double gain) {
        return of("orthogonal", "gain", gain);
    }

    public static Initializer identity(double gain) {
        return of("identity", "gain", gain);
    }

    /**
     * The initializer of a Keras name or class name ({@code "glorot_uniform"}, {@code "GlorotUniform"},
     * {@code "ones"}, ...) with its default arguments.
     *
     * @throws IllegalArgumentException for a name Keras' initializers do not have, listing those they do
     */
    public static Initializer byName(String name) {
        String key = name == null ? null : Initializer.snake(name);
        if (key == null || !Initializer.DEFAULTS.containsKey(key)) {
            throw new IllegalArgumentException("expected an initializer name, one of " + Initializer.DEFAULTS.keySet()
                    + ", got '" + name + "'");
        }
        return new Initializer(key, Initializer.DEFAULTS.get(key));
    }

    /**
     * The initializer named {@code name} with {@code arguments} (each must be one of its own; the
     * others keep their defaults). Keras' {@code seed} argument is accepted when null: the layer's
     * seed draws the weights.
     *
     * @throws IllegalArgumentException for an unknown name or argument, or an argument out of range
     */
    public static Initializer of(String name, Map<String, ?> arguments) {
        Initializer base = byName(name);
        Map<String, Double> args = new LinkedHashMap<>(base.arguments());
        for (Map.Entry<String, ?> e : arguments.entrySet()) {
            String key = e.getKey();
            if (key.equals("seed") && e.getValue() == null) {
                continue;
            }
            if (!args.containsKey(key)) {
                throw new IllegalArgumentException("the " + base.name() + " initializer takes "
                        + (args.isEmpty() ? "no arguments" : "only " + args.keySet()) + ", got `" + key + "`");
            }
            if (!(e.getValue() instanceof Number) || !Double.isFinite(((Number) e.getValue()).doubleValue())) {
                throw new IllegalArgumentException("the " + base.name() + " initializer's `" + key
                        + "` must be a finite number, got " + e.getValue());
            }
            args.put(key, ((Number) e.getValue()).doubleValue());
        }
        if (args.containsKey("stddev") && !(args.get("stddev") > 0)) {
            throw new IllegalArgumentException("the " + base.name() + " initializer's `stddev` must be positive, got "
                    + args.get("stddev"));
        }
        if (args.containsKey("minval") && !(args.get("minval") <= args.get("maxval"))) {
            throw new IllegalArgumentException("the " + base.name() + " initializer needs minval <= maxval, got "
                    + args.get("minval") + " > " + args.get("maxval"));
        }
        return new Initializer(base.name(), args);
    }

    private static Initializer of(String name, Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return of(name, m);
    }

    /**
     * The initializer a layer config holds: a name, or {@code {"class_name": ..., "config": {...}}}
     * (Keras' serialized form; {@code module} and {@code registered_name} are accepted and ignored).
     *
     * @throws IllegalArgumentException for anything else, or an unknown name or argument
     */
    public static Initializer fromConfig(Object value) {
        if (value instanceof String) {
            return byName((String) value);
        }
        if (value instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) value;
            Object className = m.get("class_name"), config = m.get("config");
            for (Object key : m.keySet()) {
                if (!java.util.List.of("class_name", "config", "module", "registered_name").contains(key)) {
                    throw new IllegalArgumentException("expected an initializer {\"class_name\", \"config\"}, got the key `"
                            + key + "`");
                }
            }
            if (!(className instanceof String) || !(config == null || config instanceof Map)) {
                throw new IllegalArgumentException("expected an initializer {\"class_name\": name, \"config\": {...}}, got "
                        + value);
            }
            Map<String, Object> args = new LinkedHashMap<>();
            if (config != null) {
                ((Map<?, ?>) config).forEach((k, v) -> args.put(String.valueOf(k), v));
            }
            return of((String) className, args);
        }
        throw new IllegalArgumentException("expected an initializer name or {\"class_name\", \"config\"}, got " + value);
    }

    /**
     * {@code glorot_uniform}: U(−limit, limit) with {@code limit = sqrt(6 / (fanIn + fanOut))}; for
     * a 2-D weight [fanIn, fanOut].
     */
    public static void glorotUniform(float[] w, int fanIn, int fanOut, Random rng) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((rng.nextDouble() * 2 - 1) * limit);
        }
    }

    /**
     * {@code orthogonal} (gain 1) for a [rows, cols] matrix, as Keras computes it: a normal matrix of
     * shape [max, min] is QR-factorised, Q's columns take the signs of R's diagonal, and Q is
     * transposed when {@code rows < cols}. The rows (or columns, whichever are fewer) are
     * orthonormal.
     */
    public static void orthogonal(float[] w, int rows, int cols, Random rng) {
        int big = Math.max(rows, cols), small = Math.min(rows, cols);
        double[][] a = new double[small][big]; // column j of the [big, small] matrix is a[j]
        for (int i = 0; i < big; i++) {
            for (int j = 0; j < small; j++) {
                a[j][i] = rng.nextGaussian();
            }
        }
        // modified Gram-Schmidt: a[j] becomes q_j; r_jj's sign is folded in (q_j * sign(r_jj))
        for (int j = 0; j < small; j++) {
            for (int p = 0; p < j; p++) {
                subtractProjection(a[p], a[j]);
            }
            double norm = Math.sqrt(dot(a[j], a[j]));
            for (int i = 0; i < big; i++) {
                a[j][i] /= norm;
            }
        }
        for (int i = 0; i < big; i++) {
            for (int j = 0; j < small; j++) {
                if (rows >= cols) {
                    w[i * cols + j] = (float) a[j][i];   // Q is [rows, cols]
                } else {
                    w[j * cols + i] = (float) a[j][i];   // Q^T is [rows = small, cols = big]
                }
            }
        }
    }

    /** a -= (q·a) q, for a unit vector q. */
    private static void subtractProjection(double[] q, double[] a) {
        double dot = dot(q, a);
        for (int i = 0; i < a.length; i++) {
            a[i] -= dot * q[i];
        }
    }

    /**
     * x·y with eight running sums: one sum would wait on each addition in turn, and a large layer's
     * orthogonal init is on the way to the first training step.
     */
    private static double dot(double[] x, double[] y) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int n = x.length, i = 0;
        for (; i + 8 <= n; i += 8) {
            s0 = Math.fma(x[i], y[i], s0);
            s1 = Math.fma(x[i + 1], y[i + 1], s1);
            s2 = Math.fma(x[i + 2], y[i + 2], s2);
            s3 = Math.fma(x[i + 3], y[i + 3], s3);
            s4 = Math.fma(x[i + 4], y[i + 4], s4);
            s5 = Math.fma(x[i + 5], y[i + 5], s5);
            s6 = Math.fma(x[i + 6], y[i + 6], s6);
            s7 = Math.fma(x[i + 7], y[i + 7], s7);
        }
        for (; i < n; i++) {
            s0 = Math.fma(x[i], y[i], s0);
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
