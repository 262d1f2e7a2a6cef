package dev.recurrent.io;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed, strict access to one object of {@code model.json}: each key read once, unread keys
 * refused; every problem is an {@link InvalidModelFileException} made by {@code invalid}.
 */
final class StrictJson {
    final JsonNode node;
    final String where;
    private final Function<String, InvalidModelFileException> invalid;
    private final Set<String> unread = new LinkedHashSet<>();

    StrictJson(JsonNode node, String where, Function<String, InvalidModelFileException> invalid)
            throws InvalidModelFileException {
        requireObject(node, where, invalid);
        this.node = node;
        this.where = where;
        this.invalid = invalid;
        node.fieldNames().forEachRemaining(unread::add);
    }

    JsonNode read(String key) {
        unread.remove(key);
        return node.get(key);
    }

    private JsonNode required(String key, boolean required) throws InvalidModelFileException {
        JsonNode v = read(key);
        if (required && (v == null || v.isNull())) {
            throw invalid.apply("`" + path(key) + "` is missing");
        }
        return v == null || v.isNull() ? null : v;
    }

    String string(String key, boolean required) throws InvalidModelFileException {
        JsonNode v = required(key, required);
        if (v != null && !v.isTextual()) {
            throw wrongType(key, "a string", v);
        }
        return v == null ? null : v.asText();
    }

    long integer(String key, boolean required) throws InvalidModelFileException {
        JsonNode v = required(key, required);
        if (v == null) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw wrongType(key, "an integer", v);
        }
        return v.longValue();
    }

    Boolean bool(String key) throws InvalidModelFileException {
        JsonNode v = required(key, false);
        if (v != null && !v.isBoolean()) {
            throw wrongType(key, "true, false or null", v);
        }
        return v == null ? null : v.booleanValue();
    }

    StrictJson object(String key, boolean required) throws InvalidModelFileException {
        JsonNode v = required(key, required);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw wrongType(key, "an object", v);
        }
        return new StrictJson(v, path(key), invalid);
    }

    JsonNode array(String key, boolean required) throws InvalidModelFileException {
        JsonNode v = required(key, required);
        if (v != null && !v.isArray()) {
            throw wrongType(key, "an array", v);
        }
        return v;
    }

    int[] shape(String key) throws InvalidModelFileException {
        JsonNode v = array(key, true);
        if (v.size() == 0 || v.size() > 8) {
            throw wrongType(key, "an array of 1 to 8 positive integers", v);
        }
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode d = v.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() <= 0) {
                throw wrongType(key, "an array of 1 to 8 positive integers", v);
            }
            out[i] = d.intValue();
        }
        return out;
    }

    long[] longs(String key) throws InvalidModelFileException {
        JsonNode v = array(key, true);
        if (v.size() != 3) {
            throw wrongType(key, "a random state [state, 0 or 1, bits]", v);
        }
        long[] out = new long[3];
        for (int i = 0; i < 3; i++) {
            if (!v.get(i).isIntegralNumber() || !v.get(i).canConvertToLong()) {
                throw wrongType(key, "a random state [state, 0 or 1, bits]", v);
            }
            out[i] = v.get(i).longValue();
        }
        return out;
    }

    void finish() throws InvalidModelFileException {
        if (!unread.isEmpty()) {
            throw invalid.apply("unexpected key(s) " + first(unread, 10) + " in `" + where + "`");
        }
    }

    private String path(String key) {
        return where.equals("model.json") ? key : where + "." + key;
    }

    private InvalidModelFileException wrongType(String key, String expected, JsonNode v) {
        return invalid.apply("`" + path(key) + "` must be " + expected + ", got " + clip(v.toString(), 200));
    }

    // ---------------------------------------------------------------- shared helpers

    /** A JSON object as a map, for the layer and optimizer factories. */
    static Map<String, Object> toMap(JsonNode node, String where, Function<String, InvalidModelFileException> invalid)
            throws InvalidModelFileException {
        requireObject(node, where, invalid);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = ModelJson.MAPPER.convertValue(node, LinkedHashMap.class);
        return m;
    }

    private static void requireObject(JsonNode node, String where, Function<String, InvalidModelFileException> invalid)
            throws InvalidModelFileException {
        if (node == null || !node.isObject()) {
            throw invalid.apply("`" + where + "` must be an object, got " + node);
        }
    }

    /** {@code s}, cut to {@code max} characters followed by "..." if longer. */
    static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max) + "..." : s;
    }

    /** The first {@code n} items, comma-separated, with ", ..." if there are more. */
    static String first(Iterable<String> items, int n) {
        StringBuilder s = new StringBuilder();
        int i = 0;
        for (String item : items) {
            if (i++ == n) {
                s.append(", ...");
                break;
            }
            s.append(i == 1 ? "" : ", ").append(item);
        }
        return s.toString();
    }
}
