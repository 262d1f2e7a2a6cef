package dev.recurrent.layers;

import dev.recurrent.kernels.Kernels;
import dev.recurrent.kernels.KernelsProvider;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Turns token ids into vectors: input (T) of integer ids in [0, inputDim) given as floats, output
 * (T, outputDim). Weights {@code embeddings} [inputDim, outputDim], initialised uniform in
 * [−0.05, 0.05] as Keras does. With {@code maskZero}, id 0 is padding: its steps are masked for
 * the layers after it.
 */
public final class Embedding extends Layer {
    private final Kernels kernels = KernelsProvider.get();
    private final int inputDim, outputDim;
    private final boolean maskZero;

    private Parameter embeddings;
    private int steps, batch = -1;
    private float[] ids, out, dx;
    private boolean[] mask;

    public Embedding(int inputDim, int outputDim, boolean maskZero) {
        this("embedding", inputDim, outputDim, maskZero);
    }

    public Embedding(String name, int inputDim, int outputDim, boolean maskZero) {
        super(name);
        if (inputDim <= 0 || outputDim <= 0) {
            throw new IllegalArgumentException(name + ": `input_dim` and `output_dim` must be positive, got "
                    + inputDim + " and " + outputDim);
        }
        this.inputDim = inputDim;
        this.outputDim = outputDim;
        this.maskZero = maskZero;
    }

    @Override
    public String type() {
        return "Embedding";
    }

    @Override
    protected Shape onBuild(Shape input, long seed) {
        if (input.rank() != 1) {
            throw new IllegalArgumentException(name() + ": expected input of shape (None, timesteps) of token ids, got " + input);
        }
        steps = input.dim(0);
        embeddings = new Parameter("embeddings", inputDim, outputDim);
        Random rng = new Random(seed);
        float[] w = embeddings.value();
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((rng.nextDouble() * 2 - 1) * 0.05);
        }
        return Shape.of(steps, outputDim);
    }

    @Override
    protected Shape onResizeSteps(Shape input) {
        if (input.rank() != 1) {
            return super.onResizeSteps(input);
        }
        steps = input.dim(0);
        return Shape.of(steps, outputDim);
    }

    @Override
    public List<Parameter> parameters() {
        requireBuilt();
        return List.of(embeddings);
    }

    /** The number of distinct tokens, {@code input_dim}. */
    public int inputDim() {
        return inputDim;
    }

    /** The length of a token's vector, {@code output_dim}. */
    public int outputDim() {
        return outputDim;
    }

    /** The embedding matrix [inputDim, outputDim] itself. */
    float[] embeddings() {
        requireBuilt();
        return embeddings.value();
    }

    @Override
    public float[] forward(float[] x, int batch, boolean[] inputMask, boolean training) {
        readTokens(x, batch);
        int n = batch * steps;
        if (out == null || out.length != n * outputDim) {
            out = new float[n * outputDim];
        }
        float[] w = embeddings.value();
        for (int i = 0; i < n; i++) {
            System.arraycopy(w, (int) x[i] * outputDim, out, i * outputDim, outputDim);
        }
        return out;
    }

    /**
     * Checks and records token ids [batch, T] as {@link #forward} does, and the mask that
     * {@link #outputMask} then gives, without making their vectors: for a next layer that reads the
     * tokens itself ({@link Recurrent#forwardTokens}).
     */
    public void readTokens(float[] x, int batch) {
        requireBuilt();
        int n = batch * steps;
        if (x == null || x.length != n) {
            throw new IllegalArgumentException(name() + ": expected token ids [" + batch + ", " + steps + "] ("
                    + n + " values), got " + (x == null ? "null" : x.length + " values"));
        }
        checkIds(x, batch);
        if (batch != this.batch || mask.length != n) {
            mask = new boolean[n];
            this.batch = batch;
        }
        for (int i = 0; i < n; i++) {
            mask[i] = x[i] != 0f;
        }
        ids = x;
    }

    /**
     * Checks that the first {@code samples × T} values of {@code x} are integer ids in
     * [0, inputDim), naming the sample and step of the first that is not.
     */
    public void checkIds(float[] x, int samples) {
        requireValues(x, "token ids");
        int n = samples * steps;
        for (int i = 0; i < n; i++) {
            float v = x[i];
            int id = (int) v;
            if (id != v || id < 0 || id >= inputDim) {
                throw new IllegalArgumentException(name() + ": token id " + v + " at [sample " + i / steps + ", step "
                        + i % steps + "] is not an integer in [0, " + inputDim + ")");
            }
        }
    }

    @Override
    public boolean[] outputMask(boolean[] inputMask) {
        return maskZero ? mask : inputMask;
    }

    /** Adds each step's output gradient into its token's row; token ids have no gradient (zeros). */
    @Override
    public float[] backward(float[] dy) {
        if (batch < 0) {
            throw new IllegalStateException(name() + ": backward needs a forward call first");
        }
        requireValues(dy, "an output gradient");
        int n = batch * steps;
        if (dy.length != n * outputDim) {
            throw new IllegalArgumentException(name() + ": expected an output gradient [" + batch + ", " + steps + ", "
                    + outputDim + "], got " + dy.length + " values");
        }
        if (dx == null || dx.length != n) {
            dx = new float[n];
        }
        float[] g = embeddings.grad();
        for (int i = 0; i < n; i++) {
            kernels.add(outputDim, dy, i * outputDim, g, (int) ids[i] * outputDim);
        }
        Arrays.fill(dx, 0f);
        return dx;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("input_dim", inputDim);
        c.put("output_dim", outputDim);
        c.put("mask_zero", maskZero);
        return c;
    }
}
