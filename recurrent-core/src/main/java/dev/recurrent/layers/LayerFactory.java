package dev.recurrent.layers;

import dev.recurrent.kernels.Activation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds a layer from its Keras class name and {@link Layer#getConfig()} map, as Keras'
 * {@code layer_from_config}: the inverse of {@link #serialize}. Plain maps of strings, numbers,
 * booleans, nulls and nested maps, as a JSON parser returns them.
 *
 * <pre>{@code
 * Map<String, Object> s = LayerFactory.serialize(layer);   // {"class_name": "LSTM", "config": {...}}
 * Layer copy = LayerFactory.deserialize(s);                // unbuilt, same options
 * }</pre>
 *
 * Strict, like {@code cls(**config)}: a missing required argument, a value of the wrong type, or a
 * key the layer does not take is refused with an {@link IllegalArgumentException} naming the layer
 * class, the key, what was expected and what was received. Optional arguments take Keras' defaults.
 * {@code Bidirectional} and {@code TimeDistributed} hold their inner layer as
 * {@code {"class_name", "config"}} under {@code layer}; a {@code Bidirectional}'s inner name may carry
 * the {@code forward_} prefix its {@code getConfig} writes.
 */
public final class LayerFactory {
    /** The class names {@link #fromConfig} knows. */
    public static final List<String> CLASS_NAMES = List.of("LSTM", "GRU", "SimpleRNN", "PeepholeLSTM", "CifgLSTM", "Dense", "Embedding",
            "Dropout", "RepeatVector", "Flatten", "TimeDistributed", "Bidirectional");

    /** Wrappers inside wrappers deeper than this are refused (a hostile file could nest thousands). */
    private static final int MAX_DEPTH = 8;

    private LayerFactory() {
    }

    /** {@code {"class_name": layer.type(), "config": layer.getConfig()}}. */
    public static Map<String, Object> serialize(Layer layer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", layer.type());
        m.put("config", layer.getConfig());
        return m;
    }

    /** The inverse of {@link #serialize}: reads {@code class_name} and {@code config}, nothing else. */
    public static Layer deserialize(Map<String, ?> serialized) {
        return deserialize(serialized, 0);
    }

    /**
     * A new, unbuilt layer of Keras class {@code className} with the options in {@code config}.
     *
     * @throws IllegalArgumentException for an unknown class name, a missing or unknown key, or a value
     *                                  of the wrong type or out of range
     */
    public static Layer fromConfig(String className, Map<String, ?> config) {
        return fromConfig(className, config, 0);
    }

    private static Layer deserialize(Object serialized, int depth) {
        if (!(serialized instanceof Map)) {
            throw new IllegalArgumentException("layer: expected {\"class_name\": ..., \"config\": {...}}, got "
                    + describe(serialized));
        }
        Reader r = new Reader("layer", (Map<?, ?>) serialized);
        String className = r.requiredString("class_name");
        Object config = r.raw("config");
        r.finish();
        if (!(config instanceof Map)) {
            throw new IllegalArgumentException(className + ": `config` must be a map of the layer's arguments, got "
                    + describe(config));
        }
        return fromConfig(className, (Map<?, ?>) config, depth);
    }

    private static Layer fromConfig(String className, Map<?, ?> config, int depth) {
        if (className == null || !CLASS_NAMES.contains(className)) {
            throw new IllegalArgumentException("Unknown layer class '" + className + "'; expected one of " + CLASS_NAMES);
        }
        if (config == null) {
            throw new IllegalArgumentException(className + ": config must not be null");
        }
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException(className + ": layers nested deeper than " + MAX_DEPTH + " wrappers");
        }
        Reader r = new Reader(className, config);
        Layer layer;
        switch (className) {
            case "LSTM":
                layer = new LSTM(recurrentConfig(r, "lstm"));
                break;
            case "GRU":
                layer = new GRU(recurrentConfig(r, "gru"), r.bool("reset_after", true));
                break;
            case "PeepholeLSTM":
                layer = new PeepholeLSTM(recurrentConfig(r, "peephole_lstm"));
                break;
            case "CifgLSTM":
                layer = new CifgLSTM(recurrentConfig(r, "cifg_lstm"));
                break;
            case "SimpleRNN":
                layer = new SimpleRNN(recurrentConfig(r, "simple_rnn"));
                break;
            case "Dense":
                layer = new Dense(r.string("name", "dense"), r.requiredInt("units"), r.string("activation", "linear"));
                break;
            case "Embedding":
                layer = new Embedding(r.string("name", "embedding"), r.requiredInt("input_dim"),
                        r.requiredInt("output_dim"), r.bool("mask_zero", false));
                break;
            case "Dropout":
                layer = new Dropout(r.string("name", "dropout"), r.requiredFloat("rate"));
                break;
            case "RepeatVector":
                layer = new RepeatVector(r.string("name", "repeat_vector"), r.requiredInt("n"));
                break;
            case "Flatten":
                layer = new Flatten(r.string("name", "flatten"));
                break;
            case "TimeDistributed": {
                String name = r.string("name", "time_distributed");
                Layer inner = deserialize(r.required("layer"), depth + 1);
                layer = new TimeDistributed(inner);
                layer.setName(name);
                break;
            }
            case "Bidirectional": {
                String name = r.string("name", "bidirectional");
                Bidirectional.Merge merge = Bidirectional.merge(r.string("merge_mode", "concat"));
                Layer inner = deserialize(r.required("layer"), depth + 1);
                if (!(inner instanceof Recurrent)) {
                    throw new IllegalArgumentException(className + " '" + name + "': `layer` must be a recurrent layer"
                            + " (LSTM, GRU, SimpleRNN, PeepholeLSTM, CifgLSTM), got " + inner.type());
                }
                Recurrent rec = (Recurrent) inner;
                // getConfig writes the forward copy, named "forward_" + the wrapped layer's name
                String innerName = rec.name().startsWith("forward_") && rec.name().length() > "forward_".length()
                        ? rec.name().substring("forward_".length()) : rec.name();
                layer = new Bidirectional(rec.withConfig(rec.config().withName(innerName)), merge);
                layer.setName(name);
                break;
            }
            default:
                throw new AssertionError(className);
        }
        r.finish();
        return layer;
    }

    private static RecurrentConfig recurrentConfig(Reader r, String defaultName) {
        return new RecurrentConfig(r.string("name", defaultName), r.requiredInt("units"),
                Activation.byName(r.string("activation", "tanh")),
                Activation.byName(r.string("recurrent_activation", "sigmoid")),
                r.bool("return_sequences", false), r.bool("return_state", false), r.bool("go_backwards", false),
                r.bool("stateful", false), r.floatValue("dropout", 0f), r.floatValue("recurrent_dropout", 0f),
                r.bool("unit_forget_bias", true), r.longValue("seed", 0L));
    }

    private static String describe(Object v) {
        return v == null ? "null" : v + " (" + v.getClass().getSimpleName() + ")";
    }

    /** Typed reads of a config map that remember which keys were read, to refuse the others. */
    private static final class Reader {
        private final String owner;
        private final Map<?, ?> config;
        private final Set<Object> unread;

        Reader(String owner, Map<?, ?> config) {
            this.owner = owner;
            this.config = config;
            this.unread = new LinkedHashSet<>(config.keySet());
        }

        Object raw(String key) {
            unread.remove(key);
            return config.get(key);
        }

        Object required(String key) {
            Object v = raw(key);
            if (v == null) {
                throw new IllegalArgumentException(owner + ": config needs `" + key + "`, got keys " + config.keySet());
            }
            return v;
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

        String requiredString(String key) {
            required(key);
            return string(key, null);
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

        int requiredInt(String key) {
            required(key);
            long v = longValue(key, 0);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw wrongType(key, "an integer in the int range", config.get(key));
            }
            return (int) v;
        }

        long longValue(String key, long defaultValue) {
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

        float requiredFloat(String key) {
            required(key);
            return floatValue(key, 0f);
        }

        float floatValue(String key, float defaultValue) {
            Object v = raw(key);
            if (v == null) {
                return defaultValue;
            }
            if (!(v instanceof Number) || !Double.isFinite(((Number) v).doubleValue())) {
                throw wrongType(key, "a finite number", v);
            }
            return (float) ((Number) v).doubleValue();
        }

        void finish() {
            if (!unread.isEmpty()) {
                throw new IllegalArgumentException(owner + ": argument(s) not recognized: " + new ArrayList<>(unread));
            }
        }

        private IllegalArgumentException wrongType(String key, String expected, Object v) {
            return new IllegalArgumentException(owner + ": config entry `" + key + "` must be " + expected + ", got "
                    + describe(v));
        }
    }
}
