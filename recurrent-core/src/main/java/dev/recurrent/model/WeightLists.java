package dev.recurrent.model;

import dev.recurrent.layers.Parameter;

import java.util.ArrayList;
import java.util.List;

/** A model's weights as a list of arrays, Keras' {@code get_weights} and {@code set_weights}. */
final class WeightLists {
    private WeightLists() {
    }

    /** A copy of every parameter's values, in order. */
    static List<float[]> copy(List<Parameter> params) {
        List<float[]> w = new ArrayList<>();
        for (Parameter p : params) {
            w.add(p.value().clone());
        }
        return w;
    }

    /** Sets every parameter from {@code weights}, in order, after checking every size. */
    static void set(String model, List<Parameter> ps, List<float[]> weights) {
        if (weights == null) {
            throw new IllegalArgumentException(model + ": expected a list of " + ps.size() + " weight arrays, got null");
        }
        if (weights.size() != ps.size()) {
            throw new IllegalArgumentException(model + ": expected " + ps.size() + " weight arrays, got " + weights.size());
        }
        for (int i = 0; i < ps.size(); i++) {
            if (weights.get(i).length != ps.get(i).size()) {
                throw new IllegalArgumentException(model + ": weight " + i + " (" + ps.get(i) + ") needs "
                        + ps.get(i).size() + " values, got " + weights.get(i).length);
            }
        }
        for (int i = 0; i < ps.size(); i++) {
            System.arraycopy(weights.get(i), 0, ps.get(i).value(), 0, ps.get(i).size());
        }
    }
}
