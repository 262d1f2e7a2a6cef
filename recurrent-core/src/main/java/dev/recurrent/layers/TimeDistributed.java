package dev.recurrent.layers;

import java.util.List;
import java.util.Map;

/**
 * Applies a layer to every time step: input (T, ...rest), the inner layer built for (...rest),
 * output (T, ...inner output). The inner layer sees B·T samples at once (one GEMM for a Dense).
 */
public final class TimeDistributed extends Layer implements LogitOutput {
    private final Layer inner;
    private int steps, batch;

    public TimeDistributed(Layer inner) {
        super("time_distributed");
        if (inner == null) {
            throw new IllegalArgumentException("time_distributed: the inner layer must not be null");
        }
        this.inner = inner;
    }

    @Override
    public String type() {
        return "TimeDistributed";
    }

    public Layer inner() {
        return inner;
    }

    @Override
    protected Shape onBuild(Shape input, long seed) {
        if (input.rank() < 2) {
            throw new IllegalArgumentException(name() + ": expected a sequence input (None, timesteps, ...), got " + input);
        }
        int[] d = input.dims();
        steps = d[0];
        Shape innerOut = inner.build(Shape.of(java.util.Arrays.copyOfRange(d, 1, d.length)), seed);
        int[] o = innerOut.dims();
        int[] out = new int[o.length + 1];
        out[0] = steps;
        System.arraycopy(o, 0, out, 1, o.length);
        return Shape.of(out);
    }

    @Override
    protected Shape onResizeSteps(Shape input) {
        int[] d = input.dims();
        if (d.length < 2 || !Shape.of(java.util.Arrays.copyOfRange(d, 1, d.length)).equals(inner.inputShape())) {
            return super.onResizeSteps(input);
        }
        steps = d[0];
        return outputShape().withFirst(steps);
    }

    @Override
    public float[] forward(float[] x, int batch, boolean[] mask, boolean training) {
        this.batch = batch;
        return inner.forward(x, batch * steps, null, training);
    }

    @Override
    public float[] backward(float[] dy) {
        return inner.backward(dy);
    }

    /** The inner layer's, over the batch × steps rows it ran on (as Keras 3's TimeDistributed divides it). */
    @Override
    public double activityLoss() {
        return inner.activityLoss();
    }

    @Override
    public List<Parameter> parameters() {
        return inner.parameters();
    }

    @Override
    public String outputActivation() {
        return inner instanceof LogitOutput ? ((LogitOutput) inner).outputActivation() : null;
    }

    @Override
    public float[] logits() {
        return ((LogitOutput) inner).logits();
    }

    @Override
    public float[] backwardFromLogits(float[] dLogits) {
        return ((LogitOutput) inner).backwardFromLogits(dLogits);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("layer", Map.of("class_name", inner.type(), "config", inner.getConfig()));
        return c;
    }
}
