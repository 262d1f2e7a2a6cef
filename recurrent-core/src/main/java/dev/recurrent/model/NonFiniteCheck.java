package dev.recurrent.model;

import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.attention.AttentionLayer;

import java.util.List;

/** Finds a training step's first non-finite value before its update: the loss, then the gradients in layer order. */
final class NonFiniteCheck {
    private NonFiniteCheck() {
    }

    /**
     * What went non-finite, or null when the loss and every gradient are finite; {@code layers} are
     * a model's {@code Layer}s and attention layers (anything else has no weights).
     */
    static String problem(double loss, List<?> layers) {
        if (!Double.isFinite(loss)) {
            return "the loss is " + loss;
        }
        for (Object layer : layers) {
            String layerName;
            List<Parameter> params;
            if (layer instanceof Layer l) {
                layerName = l.name();
                params = l.parameters();
            } else if (layer instanceof AttentionLayer a) {
                layerName = a.name();
                params = a.parameters();
            } else {
                continue;
            }
            for (int i = 0; i < params.size(); i++) {
                Parameter p = params.get(i);
                float[] g = p.grad();
                for (int j = 0; j < g.length; j++) {
                    if (!Float.isFinite(g[j])) {
                        String name = layerName + "/" + p.name() + (repeated(params, p) ? " (#" + (i + 1) + ")" : "");
                        return "the gradient of " + name + " is " + g[j] + " at flat index " + j;
                    }
                }
            }
        }
        return null;
    }

    /** Whether another parameter of the layer has p's name (the two directions of a Bidirectional). */
    private static boolean repeated(List<Parameter> params, Parameter p) {
        return params.stream().filter(q -> q.name().equals(p.name())).count() > 1;
    }
}
