package dev.recurrent.model;

import dev.recurrent.layers.Layer;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What {@link Sequential#add} checks of a new layer, and the unique name it gives it. */
final class LayerAppend {
    private LayerAppend() {
    }

    /**
     * Refuses null, a layer already in {@code layers} and a built one; renames a layer whose name is
     * taken with a suffix, as Keras does ({@code lstm_1}).
     */
    static void checkAndName(String model, List<Layer> layers, Layer layer) {
        if (layer == null) {
            throw new IllegalArgumentException(model + ": add(null)");
        }
        for (Layer l : layers) {
            if (l == layer) {
                throw new IllegalArgumentException(model + ": layer '" + layer.name() + "' is already in the model;"
                        + " a layer instance can appear once (its buffers hold one position's values)");
            }
        }
        if (layer.isBuilt()) {
            throw new IllegalArgumentException(model + ": layer '" + layer.name() + "' was already built for "
                    + layer.inputShape() + "; add a new instance");
        }
        Set<String> taken = new HashSet<>();
        for (Layer l : layers) {
            taken.add(l.name());
        }
        String base = layer.name();
        for (int i = 1; taken.contains(layer.name()); i++) {
            layer.setName(base + "_" + i);
        }
    }
}
