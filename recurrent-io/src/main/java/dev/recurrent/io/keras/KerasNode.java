package dev.recurrent.io.keras;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One layer of the model's chain and where its weights are stored.
 *
 * @param layer       {@code {"class_name", "config"}}
 * @param keras2Group the group of its weights in a Keras 1/2 file (its own name, or that of the nested
 *                    model holding it)
 * @param keras2Inner inside a nested model's group, the layer's name among the weights' path
 *                    segments; null for a top-level layer
 * @param keras3Path  the group of its weights in a Keras 3 file: {@code layers/lstm},
 *                    {@code layers/sequential/layers/lstm_1}, ...
 */
record KerasNode(JsonNode layer, String keras2Group, String keras2Inner, String keras3Path) {

    String className() {
        return layer.path("class_name").asText("");
    }
}
