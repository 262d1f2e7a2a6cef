package dev.recurrent.spark;

import dev.recurrent.layers.Parameter;

import java.util.ArrayList;
import java.util.List;

/** A model's parameters as one flat array, in {@code parameters()} order: what is broadcast each step. */
final class FlatWeights {
    private FlatWeights() {
    }

    static int length(List<Parameter> params) {
        int n = 0;
        for (Parameter p : params) {
            n += p.size();
        }
        return n;
    }

    static float[] values(List<Parameter> params) {
        float[] flat = new float[length(params)];
        int off = 0;
        for (Parameter p : params) {
            System.arraycopy(p.value(), 0, flat, off, p.size());
            off += p.size();
        }
        return flat;
    }

    static void setValues(List<Parameter> params, float[] flat) {
        int off = 0;
        for (Parameter p : params) {
            System.arraycopy(flat, off, p.value(), 0, p.size());
            off += p.size();
        }
    }

    static List<float[]> grads(List<Parameter> params) {
        List<float[]> g = new ArrayList<>(params.size());
        for (Parameter p : params) {
            g.add(p.grad());
        }
        return g;
    }

    /** {@code flat / divisor}, rounded to float and cut into one array per parameter. */
    static List<float[]> split(List<Parameter> params, double[] flat, double divisor) {
        List<float[]> out = new ArrayList<>(params.size());
        int off = 0;
        for (Parameter p : params) {
            float[] a = new float[p.size()];
            for (int j = 0; j < a.length; j++) {
                a[j] = (float) (flat[off + j] / divisor);
            }
            out.add(a);
            off += a.length;
        }
        return out;
    }
}
