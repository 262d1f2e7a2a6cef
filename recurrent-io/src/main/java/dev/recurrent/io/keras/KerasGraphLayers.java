package dev.recurrent.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recurrent.graph.Add;
import dev.recurrent.graph.Average;
import dev.recurrent.graph.Concatenate;
import dev.recurrent.graph.Dot;
import dev.recurrent.graph.Merge;
import dev.recurrent.graph.Multiply;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.attention.AdditiveAttention;
import dev.recurrent.layers.attention.Attention;
import dev.recurrent.layers.attention.AttentionLayer;

import java.util.List;

/**
 * The Keras layers that exist only in graphs: the merges ({@code Concatenate}, {@code Add},
 * {@code Multiply}, {@code Average}, {@code Dot}) and the attention layers ({@code Attention},
 * {@code AdditiveAttention}), as Keras 3 and tf.keras 2 configure them (tf.keras' {@code causal}
 * option is Keras 3's {@code use_causal_mask} on every call).
 */
final class KerasGraphLayers {
    static final List<String> MERGES = List.of("Concatenate", "Add", "Multiply", "Average", "Dot");
    static final List<String> ATTENTION = List.of("Attention", "AdditiveAttention");

    private KerasGraphLayers() {
    }

    static Merge merge(KerasLayerConfig c) throws KerasImportException {
        return switch (c.className) {
            case "Concatenate" -> new Concatenate(c.name, axis(c));
            case "Add" -> new Add(c.name);
            case "Multiply" -> new Multiply(c.name);
            case "Average" -> new Average(c.name);
            case "Dot" -> dot(c);
            default -> throw c.refuseLayer("not a merge layer");
        };
    }

    private static int axis(KerasLayerConfig c) throws KerasImportException {
        JsonNode a = c.get("axis");
        if (a == null) {
            return -1;
        }
        int axis = c.integer("axis");
        if (axis == 0) {
            throw c.refuse("axis", "0 is the batch axis; only sample axes (1, 2, ..., or -1) can be concatenated");
        }
        return axis;
    }

    private static Merge dot(KerasLayerConfig c) throws KerasImportException {
        if (c.bool(false, "normalize")) {
            throw c.refuse("normalize", "true (cosine proximity) is not supported; use Dot(normalize=False)");
        }
        JsonNode axes = c.get("axes");
        try {
            if (axes != null && axes.isArray() && axes.size() == 2 && axes.get(0).canConvertToInt()
                    && axes.get(1).canConvertToInt()) {
                return new Dot(c.name, axes.get(0).intValue(), axes.get(1).intValue());
            }
            int a = c.integer("axes");
            return new Dot(c.name, a, a);
        } catch (IllegalArgumentException e) {
            throw c.refuse("axes", e.getMessage());
        }
    }

    /** The layer, without weights; {@code causal} is tf.keras' layer-wide {@code causal} option. */
    static AttentionLayer attention(KerasLayerConfig c) throws KerasImportException {
        float dropout = c.number(0f, "dropout");
        try {
            if (c.className.equals("Attention")) {
                return new Attention(c.name, c.bool(false, "use_scale"), c.string("dot", "score_mode"), dropout);
            }
            return new AdditiveAttention(c.name, c.bool(true, "use_scale"), dropout);
        } catch (IllegalArgumentException e) {
            throw c.refuseLayer(e.getMessage());
        }
    }

    /** tf.keras 2's {@code Attention(causal=True)}: every call masks the future. */
    static boolean causal(KerasLayerConfig c) throws KerasImportException {
        return c.bool(false, "causal");
    }

    /** Keras 3's variables of an attention layer of class {@code className}, in creation order. */
    static List<String> attentionRoles(String className, JsonNode config) {
        List<String> roles = new java.util.ArrayList<>();
        if (config.path("use_scale").asBoolean(className.equals("AdditiveAttention"))) {
            roles.add("scale");
        }
        if (className.equals("Attention") && config.path("score_mode").asText("dot").equals("concat")) {
            roles.add("concat_score_weight");
        }
        return roles;
    }

    /** Reads the built layer's weights ({@code scale}, {@code concat_score_weight}) from {@code arrays}. */
    static void fill(KerasLayerConfig c, AttentionLayer layer, List<KerasArray> arrays) throws KerasImportException {
        KerasWeights w = new KerasWeights(c, arrays, false);
        long total = 0;
        for (Parameter p : layer.parameters()) {
            total += p.size();
        }
        w.requireCount(total);
        for (Parameter p : layer.parameters()) {
            float[] v = w.read(p.name(), null, p.size());
            System.arraycopy(v, 0, p.value(), 0, v.length);
        }
    }
}
