package dev.recurrent.model;

import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Parameter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finds a training step's first non-finite value before its update: the loss, then the gradients in layer order. */
final class NonFiniteCheck {
    private NonFiniteCheck() {
    }

    /** Each layer's parameters under the layer's name, in layer order. */
    static Map<String, List<Parameter>> byLayer(List<Layer> layers) {
        Map<String, List<Parameter>> m = new LinkedHashMap<>();
        for (Layer l : layers) {
            m.put(l.name(), l.parameters());
        }
        return m;
    }

    /** What went non-finite, or null when the loss and every gradient are finite. */
    static String problem(double loss, Map<String, List<Parameter>> byLayer) {
        if (!Double.isFinite(loss)) {
            return "the loss is " + loss;
        }
        for (Map.Entry<String, List<Parameter>> layer : byLayer.entrySet()) {
            List<Parameter> params = layer.getValue();
            for (int i = 0; i < params.size(); i++) {
                Parameter p = params.get(i);
                float[] g = p.grad();
                for (int j = 0; j < g.length; j++) {
                    if (!Float.isFinite(g[j])) {
                        String name = layer.getKey() + "/" + p.name() + (repeated(params, p) ? " (#" + (i + 1) + ")" : "");
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
