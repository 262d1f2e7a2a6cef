package dev.recurrent.layers;

import dev.recurrent.init.SeededRandom;

import java.util.Map;

/**
 * Sets a fraction {@code rate} of its inputs to zero while training and scales the rest by
 * {@code 1/(1 − rate)}; the identity at inference.
 */
public final class Dropout extends Layer {
    private final float rate;
    private SeededRandom rng;
    private int batch = -1;
    private boolean lastTraining;
    private float[] keep, out, dx;

    public Dropout(float rate) {
        this("dropout", rate);
    }

    public Dropout(String name, float rate) {
        super(name);
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException(name + ": received an invalid value for argument `rate`,"
                    + " expected a fraction in [0, 1), got " + rate);
        }
        this.rate = rate;
    }

    @Override
    public String type() {
        return "Dropout";
    }

    /** The rate of dropped inputs. */
    public float rate() {
        return rate;
    }

    /** The generator of the dropout masks, made at build; live, for checkpoints to save and restore. */
    public SeededRandom random() {
        requireBuilt();
        return rng;
    }

    @Override
    protected Shape onBuild(Shape input, long seed) {
        rng = new SeededRandom(seed);
        return input;
    }

    @Override
    protected Shape onResizeSteps(Shape input) {
        return input;
    }

    @Override
    public float[] forward(float[] x, int batch, boolean[] mask, boolean training) {
        int n = batch * inputShape().size();
        if (requireValues(x, "an input").length != n) {
            throw new IllegalArgumentException(name() + ": expected " + Dense.shapeOf(batch, inputShape()) + " ("
                    + n + " values), got " + x.length + " values");
        }
        if (batch != this.batch || out.length != n) {
            keep = new float[n];
            out = new float[n];
            dx = new float[n];
            this.batch = batch;
        }
        lastTraining = training && rate > 0f;
        if (!lastTraining) {
            System.arraycopy(x, 0, out, 0, n);
            return out;
        }
        float scale = 1f / (1f - rate);
        for (int i = 0; i < n; i++) {
            keep[i] = rng.nextFloat() >= rate ? scale : 0f;
            out[i] = x[i] * keep[i];
        }
        return out;
    }

    @Override
    public float[] backward(float[] dy) {
        int n = batch * inputShape().size();
        if (requireValues(dy, "an output gradient").length != n) {
            throw new IllegalArgumentException(name() + ": expected an output gradient of " + n + " values, got " + dy.length);
        }
        for (int i = 0; i < n; i++) {
            dx[i] = lastTraining ? dy[i] * keep[i] : dy[i];
        }
        return dx;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rate", (double) rate);
        return c;
    }
}
