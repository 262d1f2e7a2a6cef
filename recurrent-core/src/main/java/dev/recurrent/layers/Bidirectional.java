package dev.recurrent.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a recurrent layer over the sequence in both directions and merges the two outputs:
 * {@code concat} (default), {@code sum}, {@code mul} or {@code ave}. The backward copy has the
 * same options with {@code goBackwards} flipped; with {@code returnSequences} its output is turned
 * back to input order before merging, and the merged output is 0 at masked steps (Keras forces
 * {@code zero_output_for_mask} on both directions when returning sequences).
 */
public final class Bidirectional extends Layer {
    /** How the two directions' outputs are combined. */
    public enum Merge { CONCAT, SUM, MUL, AVE }

    private final Recurrent forwardLayer, backwardLayer;
    private final Merge merge;
    private int units, steps, outSteps, batch = -1;
    private float[] out, dyF, dyB, dx, yF, yB;
    /** [B, T] the mask of the last forward, or null. */
    private boolean[] lastMask;

    public Bidirectional(Recurrent layer) {
        this(layer, Merge.CONCAT);
    }

    public Bidirectional(Recurrent layer, Merge merge) {
        super("bidirectional");
        this.merge = merge;
        RecurrentConfig c = layer.config();
        if (c.returnState() || c.stateful()) {
            throw new IllegalArgumentException(name() + ": returnState and stateful layers are not supported inside Bidirectional");
        }
        this.forwardLayer = layer.withConfig(c.withName("forward_" + c.name()));
        this.backwardLayer = layer.withConfig(c.withName("backward_" + c.name()).withGoBackwards(!c.goBackwards()));
    }

    /** Parses Keras' merge-mode names: concat, sum, mul, ave. */
    public static Merge merge(String name) {
        try {
            return Merge.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bidirectional: unknown merge_mode '" + name + "'; expected concat, sum, mul or ave");
        }
    }

    @Override
    public String type() {
        return "Bidirectional";
    }

    public Recurrent forwardLayer() {
        return forwardLayer;
    }

    public Recurrent backwardLayer() {
        return backwardLayer;
    }

    @Override
    protected Shape onBuild(Shape input, long seed) {
        forwardLayer.build(input, seed);
        // not seed + 1: a model seeds its next layer with that, which would draw the same numbers
        backwardLayer.build(input, backwardSeed(seed));
        units = forwardLayer.units();
        steps = input.dim(0);
        boolean seq = forwardLayer.config().returnSequences();
        outSteps = seq ? steps : 1;
        int width = merge == Merge.CONCAT ? 2 * units : units;
        return seq ? Shape.of(steps, width) : Shape.of(width);
    }

    /** The backward copy's seed: a mix of the layer's, unrelated to the seeds of neighbouring layers. */
    static long backwardSeed(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>(forwardLayer.parameters());
        p.addAll(backwardLayer.parameters());
        return p;
    }

    /** Both directions' activity penalties. */
    @Override
    public double activityLoss() {
        return forwardLayer.activityLoss() + backwardLayer.activityLoss();
    }

    @Override
    public void zeroGrad() {
        forwardLayer.zeroGrad();
        backwardLayer.zeroGrad();
    }

    @Override
    public boolean[] outputMask(boolean[] inputMask) {
        return forwardLayer.outputMask(inputMask);
    }

    /**
     * Whether the output at (sample b, input-order step t) is a masked step of a sequence output:
     * Keras' Bidirectional forces {@code zero_output_for_mask} there, so the merged output is 0.
     */
    private boolean masked(int b, int t) {
        return lastMask != null && !lastMask[b * steps + t];
    }

    /** Row index, in [B·outSteps], of the backward layer's output for (sample b, input-order step t). */
    private int backwardRow(int b, int t) {
        return b * outSteps + (outSteps == 1 ? 0 : outSteps - 1 - t);
    }

    @Override
    public float[] forward(float[] x, int batch, boolean[] mask, boolean training) {
        lastMask = outSteps > 1 ? mask : null;
        yF = forwardLayer.forward(x, batch, mask, training);
        yB = backwardLayer.forward(x, batch, mask, training);
        int width = merge == Merge.CONCAT ? 2 * units : units;
        if (batch != this.batch) {
            out = new float[batch * outSteps * width];
            dyF = new float[batch * outSteps * units];
            dyB = new float[batch * outSteps * units];
            dx = new float[x.length];
            this.batch = batch;
        }
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < outSteps; t++) {
                int f = (b * outSteps + t) * units, r = backwardRow(b, t) * units, o = (b * outSteps + t) * width;
                if (masked(b, t)) {
                    java.util.Arrays.fill(out, o, o + width, 0f);
                    continue;
                }
                for (int j = 0; j < units; j++) {
                    float a = yF[f + j], c = yB[r + j];
                    switch (merge) {
                        case CONCAT:
                            out[o + j] = a;
                            out[o + units + j] = c;
                            break;
                        case SUM:
                            out[o + j] = a + c;
                            break;
                        case MUL:
                            out[o + j] = a * c;
                            break;
                        default:
                            out[o + j] = 0.5f * (a + c);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public float[] backward(float[] dy) {
        requireValues(dy, "an output gradient");
        int width = merge == Merge.CONCAT ? 2 * units : units;
        if (batch < 0 || dy.length != batch * outSteps * width) {
            throw new IllegalArgumentException(name() + ": expected an output gradient of " + batch * outSteps * width
                    + " values, got " + dy.length);
        }
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < outSteps; t++) {
                int f = (b * outSteps + t) * units, r = backwardRow(b, t) * units, o = (b * outSteps + t) * width;
                if (masked(b, t)) {
                    java.util.Arrays.fill(dyF, f, f + units, 0f);
                    java.util.Arrays.fill(dyB, r, r + units, 0f);
                    continue;
                }
                for (int j = 0; j < units; j++) {
                    float g = dy[o + j];
                    switch (merge) {
                        case CONCAT:
                            dyF[f + j] = g;
                            dyB[r + j] = dy[o + units + j];
                            break;
                        case SUM:
                            dyF[f + j] = g;
                            dyB[r + j] = g;
                            break;
                        case MUL:
                            dyF[f + j] = g * yB[r + j];
                            dyB[r + j] = g * yF[f + j];
                            break;
                        default:
                            dyF[f + j] = 0.5f * g;
                            dyB[r + j] = 0.5f * g;
                    }
                }
            }
        }
        float[] dxF = forwardLayer.backward(dyF);
        System.arraycopy(dxF, 0, dx, 0, dx.length);
        float[] dxB = backwardLayer.backward(dyB);
        for (int i = 0; i < dx.length; i++) {
            dx[i] += dxB[i];
        }
        return dx;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("merge_mode", merge.name().toLowerCase(Locale.ROOT));
        c.put("layer", Map.of("class_name", forwardLayer.type(), "config", forwardLayer.getConfig()));
        return c;
    }
}
