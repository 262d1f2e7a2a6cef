package dev.recurrent.layers.attention;

import dev.recurrent.init.SeededRandom;
import dev.recurrent.kernels.Kernels;
import dev.recurrent.kernels.KernelsProvider;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.Shape;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An attention layer of Keras' family ({@code Attention}, {@code AdditiveAttention}): inputs query
 * [B, Tq, D], value [B, Tv, Dv] and an optional key [B, Tv, D] (the value when absent); output
 * [B, Tq, Dv] and the attention scores [B, Tq, Tv].
 *
 * <p>The subclass computes the raw scores from query and key; this class applies the masks as Keras
 * does (1e9 subtracted from the scores of masked positions, then softmax over Tv, dropout on the
 * weights while training, the weighted sum of the values, and output rows of masked query steps set
 * to zero), and the backward pass of all of it. Its parts: {@link AttentionChecks} (the argument
 * checks), {@link AttentionBuffers} (the arrays of one batch size) and {@link MaskedSoftmax} (scores
 * to weights).
 *
 * <p>As {@link dev.recurrent.layers.Layer}: built once for the sample shapes, arrays batch-major, the
 * output, scores and gradients are the layer's own buffers, valid until its next call, and
 * {@link #backward} adds into the parameters' gradients (zero them first).
 */
public abstract class AttentionLayer {
    /** Keras' bias subtracted from the score of a masked position (float32; float16 would use 65504). */
    static final float MASKED_SCORE_BIAS = 1.0e9f;

    private String name;
    private final float dropout;
    private final Kernels kernels = KernelsProvider.get();
    private SeededRandom rng;

    private int queryDim = -1, valueDim, querySteps, valueSteps;
    private boolean keyGiven;

    /** The buffers of the last forward's batch size; null before the first forward after a build. */
    private AttentionBuffers buffers;
    private boolean dropped;
    /** The inputs of the last forward: the caller's arrays, not copies. */
    private float[] query, value, key;
    private boolean[] queryMask;

    protected AttentionLayer(String name, float dropout) {
        this.name = name;
        AttentionChecks.dropout(name, dropout);
        this.dropout = dropout;
    }

    /** The Keras class name: {@code "Attention"} or {@code "AdditiveAttention"}. */
    public abstract String type();

    public String name() {
        return name;
    }

    /** Renames the layer (models make names unique: {@code attention}, {@code attention_1}, ...). */
    public void setName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a layer name must not be empty");
        }
        this.name = name;
    }

    /** The fraction of attention weights dropped while training. */
    public float dropout() {
        return dropout;
    }

    /** Makes the weights for queries of {@code dim} features, drawing them from {@code seed}. */
    protected abstract void createParameters(int dim, long seed);

    /**
     * Writes the raw scores [B, Tq, Tv] of {@code query} [B, Tq, D] against {@code key} [B, Tv, D]
     * into {@code raw}.
     */
    protected abstract void computeScores(float[] query, float[] key, Dims dims, float[] raw);

    /**
     * Given dL/d(raw scores) [B, Tq, Tv] (which it may overwrite), adds dL/dquery into {@code dQuery},
     * dL/dkey into {@code dKey} and the parameters' gradients into theirs.
     */
    protected abstract void scoresBackward(float[] dRaw, float[] query, float[] key, Dims dims,
                                           float[] dQuery, float[] dKey);

    /** The trainable weights, in Keras' order. */
    public abstract List<Parameter> parameters();

    /** Batch, query steps, value steps and query features of the last call. */
    protected record Dims(int batch, int querySteps, int valueSteps, int dim) {
    }

    protected final Kernels kernels() {
        return kernels;
    }

    /**
     * Builds the layer for samples of query (Tq, D), value (Tv, Dv) and key (Tv, D) shapes ({@code key}
     * null: the value is the key, so Dv = D) and returns the output shape (Tq, Dv). A built layer may
     * be built again for other numbers of steps; its weights are kept, and its feature count D must
     * stay.
     */
    public final Shape build(Shape query, Shape value, Shape key, long seed) {
        AttentionChecks.build(name, query, value, key, queryDim);
        if (queryDim < 0) {
            createParameters(query.last(), seed);
            rng = new SeededRandom(seed);
        }
        queryDim = query.last();
        valueDim = value.last();
        querySteps = query.dim(0);
        valueSteps = value.dim(0);
        keyGiven = key != null;
        buffers = null;
        return outputShape();
    }

    public boolean isBuilt() {
        return queryDim >= 0;
    }

    /** (Tq, Dv). */
    public Shape outputShape() {
        requireBuilt();
        return Shape.of(querySteps, valueDim);
    }

    /** (Tq, Tv), the shape of {@link #scores()}. */
    public Shape scoresShape() {
        requireBuilt();
        return Shape.of(querySteps, valueSteps);
    }

    /** Whether the layer was built with a key input (else the value serves as key). */
    public boolean hasKey() {
        requireBuilt();
        return keyGiven;
    }

    /** The generator of the dropout masks, made at build; live, for checkpoints to save and restore. */
    public SeededRandom random() {
        requireBuilt();
        return rng;
    }

    /**
     * The forward pass over {@code batch} samples.
     *
     * @param query         [batch, Tq, D]
     * @param value         [batch, Tv, Dv]
     * @param key           [batch, Tv, D], or null when built without a key
     * @param queryMask     [batch, Tq] or null: false rows of the output are zero
     * @param valueMask     [batch, Tv] or null: false positions get (almost) no weight
     * @param training      whether dropout applies
     * @param useCausalMask whether query step i may only attend to value steps j ≤ i
     * @return the output [batch, Tq, Dv]; the scores are in {@link #scores()}
     */
    public final float[] forward(float[] query, float[] value, float[] key, boolean[] queryMask, boolean[] valueMask,
                                 int batch, boolean training, boolean useCausalMask) {
        requireBuilt();
        AttentionChecks.batch(name, batch);
        AttentionChecks.length(name, "query", query, batch, querySteps, queryDim);
        AttentionChecks.length(name, "value", value, batch, valueSteps, valueDim);
        if (keyGiven) {
            AttentionChecks.length(name, "key", key, batch, valueSteps, queryDim);
        } else if (key != null) {
            throw new IllegalArgumentException(name + ": the layer was built without a key input, got a key");
        }
        AttentionChecks.mask(name, "query", queryMask, batch, querySteps);
        AttentionChecks.mask(name, "value", valueMask, batch, valueSteps);
        if (buffers == null || buffers.batch != batch) {
            buffers = new AttentionBuffers(batch, querySteps, valueSteps, queryDim, valueDim, keyGiven);
        }
        AttentionBuffers m = buffers;
        this.query = query;
        this.value = value;
        this.key = keyGiven ? key : value;
        this.queryMask = queryMask;
        int tq = querySteps, tv = valueSteps;
        computeScores(query, this.key, dims(), m.raw);
        MaskedSoftmax.forward(m.raw, valueMask, useCausalMask, batch, tq, tv, m.weights);
        dropped = training && dropout > 0f;
        int n = batch * tq * tv;
        if (dropped) {
            float rescale = 1f / (1f - dropout);
            for (int i = 0; i < n; i++) {
                m.keep[i] = rng.nextFloat() >= dropout ? rescale : 0f;
                m.scores[i] = m.weights[i] * m.keep[i];
            }
        } else {
            System.arraycopy(m.weights, 0, m.scores, 0, n);
        }
        for (int b = 0; b < batch; b++) {
            kernels.gemm(false, false, tq, valueDim, tv, m.scores, b * tq * tv, tv, value, b * tv * valueDim, valueDim,
                    false, m.out, b * tq * valueDim, valueDim);
        }
        MaskedSoftmax.zeroMaskedRows(m.out, queryMask, batch * tq, valueDim);
        return m.out;
    }

    /** {@link #forward} without key, masks or causal mask. */
    public final float[] forward(float[] query, float[] value, int batch, boolean training) {
        return forward(query, value, null, null, null, batch, training, false);
    }

    /**
     * The attention scores of the last forward, [batch, Tq, Tv]: the softmax weights after masking
     * and, while training, dropout (what Keras returns with {@code return_attention_scores=True}).
     */
    public final float[] scores() {
        requireForward();
        return buffers.scores;
    }

    /** The mask of the output: the query's, as Keras' {@code compute_mask}. */
    public boolean[] outputMask(boolean[] queryMask, boolean[] valueMask) {
        return queryMask;
    }

    /**
     * The backward pass of the last forward: adds into the parameter gradients and leaves dL/dquery,
     * dL/dvalue and dL/dkey in {@link #queryGradient()}, {@link #valueGradient()} and
     * {@link #keyGradient()}.
     *
     * @param dOutput dL/doutput [batch, Tq, Dv]
     * @param dScores dL/dscores [batch, Tq, Tv] when the scores are an output that receives a
     *                gradient, else null
     */
    public final void backward(float[] dOutput, float[] dScores) {
        requireForward();
        AttentionBuffers m = buffers;
        int batch = m.batch, tq = querySteps, tv = valueSteps, dv = valueDim;
        AttentionChecks.length(name, "output gradient", dOutput, batch, tq, dv);
        if (dScores != null) {
            AttentionChecks.length(name, "scores gradient", dScores, batch, tq, tv);
        }
        System.arraycopy(dOutput, 0, m.dOut, 0, batch * tq * dv);
        MaskedSoftmax.zeroMaskedRows(m.dOut, queryMask, batch * tq, dv);
        for (int b = 0; b < batch; b++) {
            int so = b * tq * tv, vo = b * tv * dv, oo = b * tq * dv;
            kernels.gemm(false, true, tq, tv, dv, m.dOut, oo, dv, value, vo, dv, false, m.dScores, so, tv);
            kernels.gemm(true, false, tv, dv, tq, m.scores, so, tv, m.dOut, oo, dv, false, m.dValue, vo, dv);
        }
        int n = batch * tq * tv;
        for (int i = 0; i < n; i++) {
            float g = dScores == null ? m.dScores[i] : m.dScores[i] + dScores[i];
            m.dScores[i] = dropped ? g * m.keep[i] : g;
        }
        MaskedSoftmax.backward(m.dScores, m.weights, batch * tq, tv, m.dRaw);
        Arrays.fill(m.dQuery, 0, batch * tq * queryDim, 0f);
        if (keyGiven) {
            Arrays.fill(m.dKey, 0, batch * tv * queryDim, 0f);
        }
        scoresBackward(m.dRaw, query, key, dims(), m.dQuery, keyGiven ? m.dKey : m.dValue);
    }

    /** dL/dquery [batch, Tq, D] of the last backward. */
    public final float[] queryGradient() {
        requireForward();
        return buffers.dQuery;
    }

    /** dL/dvalue [batch, Tv, Dv] of the last backward; without a key input it holds the key's part too. */
    public final float[] valueGradient() {
        requireForward();
        return buffers.dValue;
    }

    /** dL/dkey [batch, Tv, D] of the last backward, or null when the layer has no key input. */
    public final float[] keyGradient() {
        requireForward();
        return keyGiven ? buffers.dKey : null;
    }

    /** Sets every parameter gradient to zero. */
    public void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }

    /** The number of trainable values. */
    public long parameterCount() {
        return Parameter.count(parameters());
    }

    /** The constructor arguments by their Keras names (Keras' get_config). */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        return c;
    }

    protected final void requireBuilt() {
        if (queryDim < 0) {
            throw new IllegalStateException(name + ": the layer is not built yet; call build with the input shapes");
        }
    }

    private void requireForward() {
        requireBuilt();
        if (buffers == null) {
            throw new IllegalStateException(name + ": no forward call since the layer was built");
        }
    }

    private Dims dims() {
        return new Dims(buffers.batch, querySteps, valueSteps, queryDim);
    }
}
