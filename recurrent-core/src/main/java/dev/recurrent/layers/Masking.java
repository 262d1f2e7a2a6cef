package dev.recurrent.layers;

import java.util.Map;

/**
 * Keras' {@code Masking(mask_value)}: on sequences (T, F), a step is masked where every feature
 * equals {@code maskValue}. The output is the input times the mask (a masked step becomes zeros, as
 * Keras computes it), and the mask goes to the layers after it, like {@code Embedding(maskZero)}'s;
 * like Keras, it replaces any mask that came in.
 */
public final class Masking extends Layer {
    private final float maskValue;
    private int steps, features, batch = -1;
    private float[] out, dx;
    private boolean[] mask;

    public Masking(float maskValue) {
        this("masking", maskValue);
    }

    public Masking(String name, float maskValue) {
        super(name);
        if (!Float.isFinite(maskValue)) {
            throw new IllegalArgumentException(name + ": `mask_value` must be a finite number, got " + maskValue);
        }
        this.maskValue = maskValue;
    }

    @Override
    public String type() {
        return "Masking";
    }

    /** The feature value that marks padding. */
    public float maskValue() {
        return maskValue;
    }

    @Override
    protected Shape onBuild(Shape input, long seed) {
        if (input.rank() != 2) {
            throw new IllegalArgumentException(name() + ": expected sequences of shape (None, timesteps, features), got "
                    + input);
        }
        steps = input.dim(0);
        features = input.dim(1);
        return input;
    }

    @Override
    public float[] forward(float[] x, int batch, boolean[] inputMask, boolean training) {
        requireBuilt();
        int n = batch * steps;
        if (x == null || x.length != n * features) {
            throw new IllegalArgumentException(name() + ": expected " + Dense.shapeOf(batch, inputShape()) + " ("
                    + n * features + " values), got " + (x == null ? "null" : x.length + " values"));
        }
        if (batch != this.batch) {
            mask = new boolean[n];
            out = new float[n * features];
            dx = new float[n * features];
            this.batch = batch;
        }
        for (int s = 0; s < n; s++) {
            boolean keep = false;
            for (int f = s * features; f < (s + 1) * features && !keep; f++) {
                keep = x[f] != maskValue;
            }
            mask[s] = keep;
            for (int f = s * features; f < (s + 1) * features; f++) {
                out[f] = keep ? x[f] : 0f;
            }
        }
        return out;
    }

    @Override
    public boolean[] outputMask(boolean[] inputMask) {
        return mask;
    }

    /** The output gradient where a step was kept, zero where it was masked. */
    @Override
    public float[] backward(float[] dy) {
        if (batch < 0) {
            throw new IllegalStateException(name() + ": backward needs a forward call first");
        }
        int n = batch * steps;
        if (dy.length != n * features) {
            throw new IllegalArgumentException(name() + ": expected an output gradient of " + n * features
                    + " values, got " + dy.length);
        }
        for (int s = 0; s < n; s++) {
            for (int f = s * features; f < (s + 1) * features; f++) {
                dx[f] = mask[s] ? dy[f] : 0f;
            }
        }
        return dx;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("mask_value", (double) maskValue);
        return c;
    }
}
