package dev.recurrent.layers;

import dev.recurrent.config.ConfigReader;
import dev.recurrent.init.Initializer;
import dev.recurrent.init.Initializers;
import dev.recurrent.regularizers.Constraint;
import dev.recurrent.regularizers.Constraints;
import dev.recurrent.regularizers.Regularizer;
import dev.recurrent.regularizers.Regularizers;
import dev.recurrent.kernels.Activation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    public static final List<String> CLASS_NAMES = List.of("LSTM", "GRU", "SimpleRNN", "PeepholeLSTM", "CifgLSTM",
            "MGU", "LayerNormLSTM", "LayerNormGRU", "ProjectedLSTM", "Dense", "Embedding",
            "Dropout", "RepeatVector", "Flatten", "TimeDistributed", "Bidirectional", "Masking");

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
                    + ConfigReader.describe(serialized));
        }
        ConfigReader r = new ConfigReader("layer", (Map<?, ?>) serialized);
        String className = r.requiredString("class_name");
        Object config = r.raw("config");
        r.finish();
        if (!(config instanceof Map)) {
            throw new IllegalArgumentException(className + ": `config` must be a map of the layer's arguments, got "
                    + ConfigReader.describe(config));
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
        ConfigReader r = new ConfigReader(className, config);
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
            case "MGU":
                layer = new MGU(recurrentConfig(r, "mgu"));
                break;
            case "LayerNormLSTM":
                layer = new LayerNormLSTM(recurrentConfig(r, "layer_norm_lstm"),
                        r.floatValue("norm_epsilon", LayerNormLSTM.DEFAULT_EPSILON));
                break;
            case "LayerNormGRU":
                layer = new LayerNormGRU(recurrentConfig(r, "layer_norm_gru"),
                        r.floatValue("norm_epsilon", LayerNormLSTM.DEFAULT_EPSILON));
                break;
            case "ProjectedLSTM":
                layer = new ProjectedLSTM(recurrentConfig(r, "projected_lstm"), r.requiredInt("proj_size"));
                break;
            case "Dense":
                layer = new Dense(r.string("name", "dense"), r.requiredInt("units"), r.string("activation", "linear"))
                        .rules(rules(r, false));
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
            case "Masking":
                layer = new Masking(r.string("name", "masking"), r.floatValue("mask_value", 0f));
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
                            + " (LSTM, GRU, SimpleRNN, PeepholeLSTM, CifgLSTM, MGU, LayerNormLSTM, LayerNormGRU), got " + inner.type());
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

    private static RecurrentConfig recurrentConfig(ConfigReader r, String defaultName) {
        return new RecurrentConfig(r.string("name", defaultName), r.requiredInt("units"),
                Activation.byName(r.string("activation", "tanh")),
                Activation.byName(r.string("recurrent_activation", "sigmoid")),
                r.bool("return_sequences", false), r.bool("return_state", false), r.bool("go_backwards", false),
                r.bool("stateful", false), r.floatValue("dropout", 0f), r.floatValue("recurrent_dropout", 0f),
                r.bool("unit_forget_bias", true), r.integer("seed", 0L),
                new WeightOptions(r.bool("use_bias", true),
                        initializer(r, "kernel_initializer", WeightOptions.DEFAULTS.kernelInitializer()),
                        initializer(r, "recurrent_initializer", WeightOptions.DEFAULTS.recurrentInitializer()),
                        initializer(r, "bias_initializer", WeightOptions.DEFAULTS.biasInitializer()), true),
                masking(r), rules(r, true));
    }

    /** {@code masking_mode} when written, else Keras' {@code zero_output_for_mask}. */
    private static MaskingMode masking(ConfigReader r) {
        boolean zeroOutput = r.bool("zero_output_for_mask", false);
        if (!r.has("masking_mode")) {
            return zeroOutput ? MaskingMode.ZERO_OUTPUT : MaskingMode.KERAS;
        }
        MaskingMode mode;
        try {
            mode = MaskingMode.byName(r.string("masking_mode", "keras"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(r.owner() + ": received an invalid value for argument `masking_mode`, "
                    + e.getMessage(), e);
        }
        if (zeroOutput && mode != MaskingMode.ZERO_OUTPUT) {
            throw new IllegalArgumentException(r.owner() + ": zero_output_for_mask=true contradicts masking_mode '"
                    + mode.configName() + "'");
        }
        return mode;
    }

    /** The regularizers and constraints, each absent or null when not set. */
    private static WeightRules rules(ConfigReader r, boolean recurrent) {
        WeightRules rules = new WeightRules(regularizer(r, "kernel_regularizer"),
                recurrent ? regularizer(r, "recurrent_regularizer") : null, regularizer(r, "bias_regularizer"),
                regularizer(r, "activity_regularizer"), constraint(r, "kernel_constraint"),
                recurrent ? constraint(r, "recurrent_constraint") : null, constraint(r, "bias_constraint"));
        return rules;
    }

    private static Regularizer regularizer(ConfigReader r, String key) {
        Object value = r.raw(key);
        try {
            return value == null ? null : Regularizers.fromConfig(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(r.owner() + ": received an invalid value for argument `" + key + "`, "
                    + e.getMessage(), e);
        }
    }

    private static Constraint constraint(ConfigReader r, String key) {
        Object value = r.raw(key);
        try {
            return value == null ? null : Constraints.fromConfig(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(r.owner() + ": received an invalid value for argument `" + key + "`, "
                    + e.getMessage(), e);
        }
    }

    /** An initializer argument: a Keras name or {@code {"class_name", "config"}}; the default when absent. */
    private static Initializer initializer(ConfigReader r, String key, Initializer defaultValue) {
        if (!r.has(key)) {
            return defaultValue;
        }
        Object value = r.raw(key);
        try {
            return Initializers.fromConfig(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(r.owner() + ": received an invalid value for argument `" + key + "`, "
                    + e.getMessage(), e);
        }
    }
}
