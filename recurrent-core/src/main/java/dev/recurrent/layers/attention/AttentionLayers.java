package dev.recurrent.layers.attention;

import dev.recurrent.config.ConfigReader;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds an attention layer from its Keras class name and {@link AttentionLayer#getConfig()} map,
 * as Keras' {@code layer_from_config}; the inverse of {@link #serialize}. Strict like
 * {@code cls(**config)}: a key the layer does not take, or a value of the wrong type or out of
 * range, is refused naming the class, the key, what was expected and what was received. Keras'
 * {@code trainable} and {@code dtype} are accepted at their defaults (true, float32).
 */
public final class AttentionLayers {
    /** The class names {@link #fromConfig} knows. */
    public static final List<String> CLASS_NAMES = List.of("Attention", "AdditiveAttention");

    private AttentionLayers() {
    }

    /** {@code {"class_name": layer.type(), "config": layer.getConfig()}}. */
    public static Map<String, Object> serialize(AttentionLayer layer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", layer.type());
        m.put("config", layer.getConfig());
        return m;
    }

    /** The inverse of {@link #serialize}: reads {@code class_name} and {@code config}, nothing else. */
    public static AttentionLayer deserialize(Map<String, ?> serialized) {
        ConfigReader r = new ConfigReader("layer", serialized);
        String className = r.requiredString("class_name");
        Object config = r.raw("config");
        r.finish();
        if (!(config instanceof Map)) {
            throw new IllegalArgumentException(className + ": `config` must be a map of the layer's arguments, got "
                    + ConfigReader.describe(config));
        }
        return fromConfig(className, (Map<?, ?>) config);
    }

    /** A new, unbuilt attention layer of Keras class {@code className} with the options in {@code config}. */
    public static AttentionLayer fromConfig(String className, Map<?, ?> config) {
        if (className == null || !CLASS_NAMES.contains(className)) {
            throw new IllegalArgumentException("Unknown attention layer class '" + className + "'; expected one of " + CLASS_NAMES);
        }
        ConfigReader r = new ConfigReader(className, config);
        AttentionLayer layer;
        if (className.equals("Attention")) {
            layer = new Attention(r.string("name", "attention"), r.bool("use_scale", false),
                    r.string("score_mode", "dot"), r.floatValue("dropout", 0f));
        } else {
            layer = new AdditiveAttention(r.string("name", "additive_attention"), r.bool("use_scale", true),
                    r.floatValue("dropout", 0f));
        }
        r.acceptOnlyIf("trainable", Boolean.TRUE.equals(r.peek("trainable")), "true");
        r.acceptOnlyIf("dtype", r.peek("dtype") == null || "float32".equals(r.peek("dtype")), "\"float32\"");
        r.finish();
        return layer;
    }
}
