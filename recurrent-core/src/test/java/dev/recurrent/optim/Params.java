package dev.recurrent.optim;

import dev.recurrent.layers.Parameter;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;

/**
 * Test parameters. {@link Parameter}'s constructor belongs to the layers package, so tests here
 * reach it by reflection rather than building a whole layer.
 */
final class Params {
    private Params() {
    }

    static Parameter of(String name, float[] values, int... shape) {
        try {
            Constructor<Parameter> c = Parameter.class.getDeclaredConstructor(String.class, int[].class);
            c.setAccessible(true);
            Parameter p = c.newInstance(name, shape);
            if (p.size() != values.length) {
                throw new IllegalArgumentException(name + ": " + values.length + " values for a shape of " + p.size());
            }
            System.arraycopy(values, 0, p.value(), 0, values.length);
            return p;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot construct a Parameter: " + e, e);
        }
    }

    /** The standard two-parameter set: a [2, 3] kernel and a [4] bias. */
    static final float[][] W0 = {
            {0.5f, -0.25f, 0.0625f, 0f, -2f, 0.125f},
            {0.75f, -1f, -0.03f, 2f},
    };

    /** Step t's gradients: values of several magnitudes, with a zero, tiny ones and a sign flip. */
    static float[][] gradients(int t) {
        float[][] base = {
                {0.2f, -0.1f, 1e-4f, 0f, -0.7f, 3f},
                {-0.05f, 0.4f, -2e-4f, 1f},
        };
        float[][] g = new float[base.length][];
        for (int i = 0; i < base.length; i++) {
            g[i] = new float[base[i].length];
            for (int j = 0; j < base[i].length; j++) {
                float sign = (j % 3 == 1 && t % 2 == 1) ? -1f : 1f;
                g[i][j] = base[i][j] * (1f + 0.5f * t) * sign;
            }
        }
        return g;
    }

    static List<Parameter> standard() {
        return of(W0);
    }

    static List<Parameter> of(float[][] values) {
        List<Parameter> ps = new ArrayList<>();
        ps.add(of("kernel", values[0], 2, 3));
        ps.add(of("bias", values[1], 4));
        return ps;
    }

    static void setGradients(List<Parameter> ps, float[][] g) {
        for (int i = 0; i < ps.size(); i++) {
            System.arraycopy(g[i], 0, ps.get(i).grad(), 0, g[i].length);
        }
    }

    static float[][] values(List<Parameter> ps) {
        float[][] out = new float[ps.size()][];
        for (int i = 0; i < ps.size(); i++) {
            out[i] = ps.get(i).value().clone();
        }
        return out;
    }

    static double[] flatten(float[][] a) {
        int n = 0;
        for (float[] r : a) {
            n += r.length;
        }
        double[] out = new double[n];
        int k = 0;
        for (float[] r : a) {
            for (float v : r) {
                out[k++] = v;
            }
        }
        return out;
    }
}
