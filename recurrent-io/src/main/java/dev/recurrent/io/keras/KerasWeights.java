package dev.recurrent.io.keras;

import java.util.Arrays;
import java.util.List;

/**
 * Finding a layer's weights by name and putting them in Recurrent's layout: Keras 2 names a weight by
 * its last path segment ({@code kernel}, {@code recurrent_kernel}, {@code bias}); Keras 1 by a suffix
 * of the layer's name ({@code lstm_1_W_i}) and stores one array per gate.
 */
final class KerasWeights {
    private final KerasLayerConfig layer;
    private final List<KerasArray> arrays;
    private final boolean keras1;

    KerasWeights(KerasLayerConfig layer, List<KerasArray> arrays, boolean keras1) {
        this.layer = layer;
        this.arrays = arrays;
        this.keras1 = keras1;
    }

    /** Only the forward or only the backward half (of a Bidirectional). */
    KerasWeights half(boolean backward) {
        return new KerasWeights(layer, arrays.stream().filter(a -> a.backward() == backward).toList(), keras1);
    }

    /** The weight Keras 2 calls {@code key} ({@code kernel}), Keras 1 {@code keras1Key} ({@code W}); null when absent. */
    KerasArray find(String key, String keras1Key) {
        for (KerasArray a : arrays) {
            if (keras1 ? a.leaf().endsWith("_" + keras1Key) || a.leaf().equals(keras1Key) : a.leaf().equals(key)) {
                return a;
            }
        }
        return null;
    }

    KerasArray require(String key, String keras1Key) throws KerasImportException {
        KerasArray a = find(key, keras1Key);
        if (a == null) {
            throw layer.refuseLayer("weight `" + (keras1 ? keras1Key : key) + "` not found among "
                    + arrays.stream().map(KerasArray::name).toList());
        }
        return a;
    }

    /** The values of a weight that must hold {@code expected} values; checked before they are read. */
    float[] read(String key, String keras1Key, long expected) throws KerasImportException {
        KerasArray a = require(key, keras1Key);
        if (a.size() != expected) {
            throw layer.refuseLayer("weight `" + a.name() + "` has shape " + Arrays.toString(a.shape()) + " ("
                    + a.size() + " values), the layer expects " + expected + " values");
        }
        float[] v = a.reader().read();
        if (v.length != expected) {
            throw layer.refuseLayer("weight `" + a.name() + "` holds " + v.length + " values, not " + expected);
        }
        return v;
    }

    /**
     * Keras 1's per-gate arrays {@code <kind>_<gate>}, each [rows, cols], joined along the last axis
     * in {@code gates} order, e.g. kind W, gates i f c o: [I, H] each into [I, 4H].
     */
    float[] joinGates(String kind, int rows, int cols, String... gates) throws KerasImportException {
        float[] out = new float[rows * cols * gates.length];
        for (int g = 0; g < gates.length; g++) {
            float[] part = read(null, kind + "_" + gates[g], (long) rows * cols);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(part, r * cols, out, (r * gates.length + g) * cols, cols);
            }
        }
        return out;
    }

    /**
     * Refuses a layer whose stored weights do not add up to {@code expected} values, before the
     * layer is built: what the configuration asks to allocate must be what the file holds.
     */
    void requireCount(long expected) throws KerasImportException {
        long stored = 0;
        for (KerasArray a : arrays) {
            stored += a.size();
        }
        if (stored != expected) {
            throw layer.refuseLayer("the file stores " + stored + " weight values for it (" + arrays.stream()
                    .map(a -> a.name() + Arrays.toString(a.shape())).toList() + "), its configuration needs " + expected);
        }
    }
}
