package dev.recurrent.io.keras;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One layer's {@code config}, read under its Keras 2 name or its Keras 1 alias
 * ({@code units}/{@code output_dim}, ...), with refusals that name the layer and its class.
 */
final class KerasLayerConfig {
    final String name;
    final String className;
    final JsonNode config;

    KerasLayerConfig(String className, JsonNode config, String fallbackName) {
        this.className = className;
        this.config = config;
        this.name = config.path("name").asText(fallbackName);
    }

    JsonNode get(String... keys) {
        for (String k : keys) {
            JsonNode v = config.get(k);
            if (v != null && !v.isNull()) {
                return v;
            }
        }
        return null;
    }

    int integer(String... keys) throws KerasImportException {
        JsonNode v = get(keys);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw refuse(keys[0], "expected an integer, got " + v);
        }
        return v.intValue();
    }

    float number(float fallback, String... keys) throws KerasImportException {
        JsonNode v = get(keys);
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw refuse(keys[0], "expected a number, got " + v);
        }
        return v.floatValue();
    }

    boolean bool(boolean fallback, String... keys) throws KerasImportException {
        JsonNode v = get(keys);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw refuse(keys[0], "expected true or false, got " + v);
        }
        return v.booleanValue();
    }

    String string(String fallback, String... keys) throws KerasImportException {
        JsonNode v = get(keys);
        if (v == null) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw refuse(keys[0], "expected a name, got " + v + " (custom objects cannot be imported)");
        }
        return v.asText();
    }

    /** The one error for an option of this layer: what it holds and what to do instead. */
    KerasImportException refuse(String option, String problem) {
        return new KerasImportException("layer '" + name + "' (" + className + "): option `" + option + "`: " + problem);
    }

    /** The one error for a layer as a whole. */
    KerasImportException refuseLayer(String problem) {
        return new KerasImportException("layer '" + name + "' (" + className + "): " + problem);
    }
}
