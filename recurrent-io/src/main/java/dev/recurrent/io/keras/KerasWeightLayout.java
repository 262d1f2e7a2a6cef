package dev.recurrent.io.keras;

import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Dropout;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.Flatten;
import dev.recurrent.layers.Masking;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.RepeatVector;
import dev.recurrent.layers.SimpleRNN;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.model.Sequential;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where Keras 3's {@code saving_lib} keeps each variable in {@code model.weights.h5}: every saveable
 * (the model, each layer, an RNN's cell, a wrapper's inner layers) gets a group {@code <path>/vars}
 * holding its own variables as datasets {@code 0, 1, …} and its name in the attribute {@code name}.
 * The model's layers are under {@code layers/<class in snake case>}, with {@code _1}, {@code _2}…
 * for repeated classes; an RNN's weights under {@code cell}, a Bidirectional's under
 * {@code forward_layer} and {@code backward_layer}, a TimeDistributed's under {@code layer}.
 */
final class KerasWeightLayout {
    /** One saveable: its path ("" for the model), its Keras name, and its variables in order. */
    record Group(String path, String name, List<Parameter> vars) {
    }

    private KerasWeightLayout() {
    }

    static List<Group> of(Sequential model) {
        List<Group> groups = new ArrayList<>();
        groups.add(new Group("", model.name(), List.of()));
        Map<String, Integer> used = new HashMap<>();
        for (Layer layer : model.layers()) {
            String key = snakeCase(layer.type());
            Integer n = used.get(key);
            used.put(key, n == null ? 0 : n + 1);
            add(groups, "layers/" + (n == null ? key : key + "_" + (n + 1)), layer);
        }
        return groups;
    }

    static void add(List<Group> groups, String path, Layer layer) {
        if (layer instanceof LSTM || layer instanceof GRU || layer instanceof SimpleRNN) {
            groups.add(new Group(path, layer.name(), List.of()));
            groups.add(new Group(path + "/cell", snakeCase(layer.type()) + "_cell", layer.parameters()));
        } else if (layer instanceof Bidirectional) {
            Bidirectional b = (Bidirectional) layer;
            groups.add(new Group(path, layer.name(), List.of()));
            add(groups, path + "/backward_layer", b.backwardLayer());
            add(groups, path + "/forward_layer", b.forwardLayer());
        } else if (layer instanceof TimeDistributed) {
            groups.add(new Group(path, layer.name(), List.of()));
            add(groups, path + "/layer", ((TimeDistributed) layer).inner());
        } else if (layer instanceof Dense || layer instanceof Embedding || layer instanceof Dropout
                || layer instanceof RepeatVector || layer instanceof Flatten || layer instanceof Masking) {
            groups.add(new Group(path, layer.name(), layer.parameters()));
        } else {
            throw KerasConfigJson.unsupported(layer);
        }
    }

    /** Keras' {@code naming.to_snake_case}: {@code SimpleRNN} → {@code simple_rnn}, {@code LSTM} → {@code lstm}. */
    static String snakeCase(String className) {
        String s = className.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

}
