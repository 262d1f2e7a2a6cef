package dev.recurrent.optim;

import dev.recurrent.layers.Parameter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An optimizer's per-parameter state, made once for one list of parameters: the slots (Keras'
 * "optimizer variables", e.g. {@code momentum}, {@code velocity}) keyed by the parameter's position,
 * the clipping buffers, and what is known of each parameter to check later lists and name it in
 * messages. Saves its slots as {@link #state()} and loads them back with {@link #load}.
 */
final class OptimizerSlots {
    private final String owner;
    private final String[] kinds;
    private final int[] sizes;
    private final String[] parameterNames;
    private final int[][] shapes;
    /** [kind][parameter][element]. */
    private final float[][][] slots;
    /** [parameter][element], only when clipping; else null. */
    final float[][] clipped;
    /** [parameter] the gradient the update reads this step. */
    final float[][] gradients;
    /** [parameter] whether weight decay applies. */
    final boolean[] decays;

    /**
     * @param kinds          the slot kinds, in Keras' names and order
     * @param initialValues  the value each kind's slots start at
     * @param clipping       whether the gradients are clipped into buffers of the optimizer's
     * @param noWeightDecay  the names of the parameters that get no weight decay; null for none
     */
    OptimizerSlots(String owner, List<Parameter> params, List<String> kinds, float[] initialValues, boolean clipping,
                   Pattern noWeightDecay) {
        this.owner = owner;
        int n = params.size();
        this.kinds = kinds.toArray(new String[0]);
        sizes = new int[n];
        parameterNames = new String[n];
        shapes = new int[n][];
        decays = new boolean[n];
        for (int i = 0; i < n; i++) {
            Parameter p = params.get(i);
            sizes[i] = p.size();
            parameterNames[i] = p.name();
            shapes[i] = p.shape();
            decays[i] = noWeightDecay == null || !noWeightDecay.matcher(p.name()).find();
        }
        slots = new float[this.kinds.length][n][];
        for (int k = 0; k < this.kinds.length; k++) {
            for (int i = 0; i < n; i++) {
                slots[k][i] = new float[sizes[i]];
                if (initialValues[k] != 0f) {
                    Arrays.fill(slots[k][i], initialValues[k]);
                }
            }
        }
        float[][] cl = null;
        if (clipping) {
            cl = new float[n][];
            for (int i = 0; i < n; i++) {
                cl[i] = new float[sizes[i]];
            }
        }
        clipped = cl;
        gradients = new float[n][];
    }

    /** The slot of kind number {@code kind} for parameter {@code index}. */
    float[] slot(int kind, int index) {
        return slots[kind][index];
    }

    /** Refuses a list of parameters other than the one the slots were made for. */
    void checkSameParameters(List<Parameter> params) {
        int n = params.size();
        if (n != sizes.length) {
            throw new IllegalArgumentException(owner + ": built for " + sizes.length + " parameters, got " + n
                    + "; an optimizer serves one list of parameters, create a new one for another");
        }
        for (int i = 0; i < n; i++) {
            Parameter p = params.get(i);
            if (p.size() != sizes[i]) {
                throw new IllegalArgumentException(owner + ": parameter " + i + " was " + describe(i) + ", got "
                        + p.name() + Arrays.toString(p.shape()) + " (" + p.size()
                        + " values); pass the parameters in the order the optimizer was built with");
            }
        }
    }

    /** See {@link Optimizer#state()}. */
    Map<String, float[]> state() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int k = 0; k < kinds.length; k++) {
            for (int i = 0; i < sizes.length; i++) {
                out.put(kinds[k] + "/" + i, slots[k][i].clone());
            }
        }
        return out;
    }

    /** See {@link Optimizer#loadState}: every entry is checked before any slot is changed. */
    void load(Map<String, float[]> state) {
        if (state == null) {
            throw new IllegalArgumentException(owner + ": state must not be null");
        }
        List<String> missing = new ArrayList<>();
        for (int k = 0; k < kinds.length; k++) {
            for (int i = 0; i < sizes.length; i++) {
                String key = kinds[k] + "/" + i;
                float[] v = state.get(key);
                if (v == null) {
                    missing.add(key);
                    continue;
                }
                if (v.length != sizes[i]) {
                    throw new IllegalArgumentException(owner + ": state entry '" + key + "' expects " + sizes[i]
                            + " values (parameter " + i + ", " + describe(i) + "), got " + v.length);
                }
                for (int j = 0; j < v.length; j++) {
                    if (!Float.isFinite(v[j])) {
                        throw new IllegalArgumentException(owner + ": state entry '" + key
                                + "' holds a non-finite value (" + v[j] + ") at index " + j);
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(owner + ": state lacks " + missing + "; expected "
                    + expectedKeys() + ", got " + state.keySet());
        }
        if (state.size() != kinds.length * sizes.length) {
            List<String> extra = new ArrayList<>(state.keySet());
            extra.removeAll(expectedKeys());
            throw new IllegalArgumentException(owner + ": state holds unexpected entries " + extra + "; expected "
                    + expectedKeys());
        }
        for (int k = 0; k < kinds.length; k++) {
            for (int i = 0; i < sizes.length; i++) {
                System.arraycopy(state.get(kinds[k] + "/" + i), 0, slots[k][i], 0, sizes[i]);
            }
        }
    }

    private List<String> expectedKeys() {
        List<String> keys = new ArrayList<>();
        for (String s : kinds) {
            for (int i = 0; i < sizes.length; i++) {
                keys.add(s + "/" + i);
            }
        }
        return keys;
    }

    private String describe(int i) {
        return "'" + parameterNames[i] + "' " + Arrays.toString(shapes[i]) + " (" + sizes[i] + " values)";
    }
}
