package dev.recurrent.io.keras;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes small Keras-layout {@code .h5} files: a model_config, a keras_version and each layer's weights. */
final class KerasFileFixture {
    private final Map<String, Map<String, Object>> layers = new LinkedHashMap<>();
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final String config;
    private final String version;

    KerasFileFixture(String version, String config) {
        this.version = version;
        this.config = config;
    }

    /** Adds a weight of {@code layer} under {@code name} (e.g. {@code lstm/kernel:0}); float[] or float[][]. */
    KerasFileFixture weight(String layer, String name, Object values) {
        layers.computeIfAbsent(layer, k -> new LinkedHashMap<>()).put(name, values);
        return this;
    }

    /** Another root attribute, e.g. {@code training_config}. */
    KerasFileFixture attribute(String name, String value) {
        attributes.put(name, value);
        return this;
    }

    Path write(Path file) {
        try (WritableHdfFile h = HdfFile.write(file)) {
            h.putAttribute("model_config", config);
            if (version != null) {
                h.putAttribute("keras_version", version);
            }
            h.putAttribute("backend", "tensorflow");
            attributes.forEach(h::putAttribute);
            writeLayers(h.putGroup("model_weights"));
        }
        return file;
    }

    /** Keras 2's {@code model.save_weights("w.h5")}: the layer groups at the root, no model_config. */
    Path writeWeightsOnly(Path file) {
        try (WritableHdfFile h = HdfFile.write(file)) {
            h.putAttribute("layer_names", layers.keySet().toArray(new String[0]));
            h.putAttribute("keras_version", version);
            h.putAttribute("backend", "tensorflow");
            writeLayers(h);
        }
        return file;
    }

    private void writeLayers(WritableGroup root) {
        for (Map.Entry<String, Map<String, Object>> l : layers.entrySet()) {
            WritableGroup g = root.putGroup(l.getKey());
            g.putAttribute("weight_names", l.getValue().keySet().toArray(new String[0]));
            for (Map.Entry<String, Object> w : l.getValue().entrySet()) {
                String[] parts = w.getKey().split("/");
                WritableGroup at = g;
                for (int i = 0; i < parts.length - 1; i++) {
                    at = at.getChild(parts[i]) instanceof WritableGroup existing ? existing : at.putGroup(parts[i]);
                }
                at.putDataset(parts[parts.length - 1], w.getValue());
            }
        }
    }
}
