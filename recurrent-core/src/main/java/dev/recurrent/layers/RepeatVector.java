package dev.recurrent.layers;

import java.util.Map;

/** Repeats a vector (F) n times into a sequence (n, F): the bridge from an encoder to a decoder. */
public final class RepeatVector extends Layer {
    private final int n;
    private int features, batch = -1;
    private float[] out, dx;

    public RepeatVector(int n) {
        this("repeat_vector", n);
    }

    public RepeatVector(String name, int n) {
        super(name);
        if (n <= 0) {
            throw new IllegalArgumentException(name + ": received an invalid value for argument `n`, expected a positive integer, got " + n);
        }
        this.n = n;
    }

    /** How many times the input is repeated: the output's steps. */
    public int repeats() {
        return n;
    }

    /** The input's features (known once built). */
    public int features() {
        return features;
    }

    @Override
    public String type() {
        return "RepeatVector";
    }

    @Override
    protected Shape onBuild(Shape input, long seed) {
        if (input.rank() != 1) {
            throw new IllegalArgumentException(name() + ": expected input of shape (None, features), got " + input
                    + "; use returnSequences=false on the recurrent layer before it");
        }
        features = input.dim(0);
        return Shape.of(n, features);
    }

    @Override
    public float[] forward(float[] x, int batch, boolean[] mask, boolean training) {
        if (requireValues(x, "an input").length != batch * features) {
            throw new IllegalArgumentException(name() + ": expected input [" + batch + ", " + features + "], got "
                    + x.length + " values");
        }
        if (batch != this.batch) {
            out = new float[batch * n * features];
            dx = new float[batch * features];
            this.batch = batch;
        }
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < n; t++) {
                System.arraycopy(x, b * features, out, (b * n + t) * features, features);
            }
        }
        return out;
    }

    @Override
    public boolean[] outputMask(boolean[] inputMask) {
        return null;
    }

    @Override
    public float[] backward(float[] dy) {
        if (requireValues(dy, "an output gradient").length != batch * n * features) {
            throw new IllegalArgumentException(name() + ": expected an output gradient [" + batch + ", " + n + ", "
                    + features + "], got " + dy.length + " values");
        }
        java.util.Arrays.fill(dx, 0f);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < n; t++) {
                int src = (b * n + t) * features, dst = b * features;
                for (int j = 0; j < features; j++) {
                    dx[dst + j] += dy[src + j];
                }
            }
        }
        return dx;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("n", n);
        return c;
    }
}
