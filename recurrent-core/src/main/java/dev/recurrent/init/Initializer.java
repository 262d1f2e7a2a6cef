package dev.recurrent.init;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * One of Keras' weight initializers with its arguments, by Keras name ({@code "glorot_uniform"},
 * {@code "constant"}, ...): an immutable value that fills a weight of a given shape from a random
 * generator. Made by {@link Initializers} ({@code Initializers.constant(0.5)},
 * {@code Initializers.byName("ones")}); written to a layer's config as its name when its arguments
 * are the defaults, else as {@code {"class_name": "Constant", "config": {"value": 0.5}}}, as Keras
 * does.
 *
 * <p>Fans, as Keras computes them: a 2-D weight [rows, cols] has fan-in rows and fan-out cols; a
 * 1-D weight [n] has both n.
 */
public final class Initializer {
    /** The Keras names, each with its arguments and their defaults, in Keras' order. */
    static final Map<String, Map<String, Double>> DEFAULTS = defaults();

    private final String name;
    private final Map<String, Double> arguments;

    Initializer(String name, Map<String, Double> arguments) {
        this.name = name;
        this.arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }

    private static Map<String, Map<String, Double>> defaults() {
        Map<String, Map<String, Double>> d = new LinkedHashMap<>();
        d.put("zeros", Map.of());
        d.put("ones", Map.of());
        d.put("constant", args("value", 0.0));
        d.put("random_normal", args("mean", 0.0, "stddev", 0.05));
        d.put("random_uniform", args("minval", -0.05, "maxval", 0.05));
        d.put("truncated_normal", args("mean", 0.0, "stddev", 0.05));
        for (String family : List.of("glorot", "he", "lecun")) {
            d.put(family + "_normal", Map.of());
            d.put(family + "_uniform", Map.of());
        }
        d.put("orthogonal", args("gain", 1.0));
        d.put("identity", args("gain", 1.0));
        return Collections.unmodifiableMap(d);
    }

    private static Map<String, Double> args(Object... keysAndValues) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], (Double) keysAndValues[i + 1]);
        }
        return m;
    }

    /** The Keras name, snake case ({@code "glorot_uniform"}). */
    public String name() {
        return name;
    }

    /** The arguments by Keras name, every one (defaults included). */
    public Map<String, Double> arguments() {
        return arguments;
    }

    /** The Keras class name ({@code "GlorotUniform"}). */
    public String className() {
        StringBuilder s = new StringBuilder();
        for (String part : name.split("_")) {
            s.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return s.toString();
    }

    /** Whether it needs a 2-D weight (orthogonal, identity), as in Keras. */
    public boolean needsMatrix() {
        return name.equals("orthogonal") || name.equals("identity");
    }

    /** Whether it reads the random generator (the constant ones do not, so they leave its stream as it was). */
    public boolean draws() {
        return !(name.equals("zeros") || name.equals("ones") || name.equals("constant") || name.equals("identity"));
    }

    /**
     * Fills {@code w}, a weight of {@code shape} ([n] or [rows, cols]) stored row-major.
     *
     * @throws IllegalArgumentException for orthogonal or identity on a weight that is not 2-D
     */
    public void fill(float[] w, int[] shape, Random rng) {
        if (needsMatrix() && shape.length != 2) {
            throw new IllegalArgumentException("the " + name + " initializer needs a 2-D weight, got shape "
                    + java.util.Arrays.toString(shape));
        }
        int fanIn = shape[0], fanOut = shape.length == 2 ? shape[1] : shape[0];
        InitializerDraws.fill(this, w, fanIn, fanOut, rng);
    }

    double argument(String key) {
        return arguments.get(key);
    }

    /** The config form: the name alone with default arguments, else {@code {"class_name", "config"}}. */
    public Object toConfig() {
        if (arguments.equals(DEFAULTS.get(name))) {
            return name;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", className());
        m.put("config", new LinkedHashMap<String, Object>(arguments));
        return m;
    }

    /** The snake-case name of a Keras name or class name ({@code "GlorotUniform"} → {@code "glorot_uniform"}). */
    static String snake(String name) {
        if (name.indexOf('_') >= 0 || name.equals(name.toLowerCase(Locale.ROOT))) {
            return name;
        }
        return name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Initializer && ((Initializer) o).name.equals(name) && ((Initializer) o).arguments.equals(arguments);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + arguments.hashCode();
    }

    @Override
    public String toString() {
        return arguments.isEmpty() ? name : name + arguments;
    }
}
