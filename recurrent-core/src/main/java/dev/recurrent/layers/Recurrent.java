package dev.recurrent.layers;

import dev.recurrent.init.Initializers;
import dev.recurrent.init.SeededRandom;
import dev.recurrent.kernels.Bulk;
import dev.recurrent.kernels.Kernels;
import dev.recurrent.kernels.KernelsProvider;
import dev.recurrent.kernels.PackedMatrix;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A recurrent layer: runs its {@link Cell} over time, forward and backward (backpropagation
 * through time), and owns {@code returnSequences}, {@code returnState}, {@code goBackwards},
 * {@code stateful}, masking and dropout.
 *
 * <p>Shapes (see the package legend): input [B, T, I] batch-major; output [B, T, H] with
 * {@code returnSequences}, else [B, H]; states [B, H]. The arrays this layer returns are its own
 * buffers, valid until its next call; copy them to keep them.
 *
 * <p>Masking: where {@code mask[b, t]} is false, step t leaves sample b's states and output as they
 * were at step t−1. Dropout: one mask per sequence for the inputs and one for the recurrent state,
 * drawn at each training call; inference never drops. With {@code goBackwards} the input is read
 * from the last step to the first and the output comes in that (processing) order, as in Keras.
 */
public abstract class Recurrent extends Layer {
    /**
     * Inference on a large layer (one whose recurrent kernel is packed) over a long sequence keeps only this
     * many steps of projections and states at a time, unless {@link #keepForwardCaches} is on.
     */
    static final int INFERENCE_CHUNK_STEPS = 16;

    private final RecurrentConfig config;
    private final Cell cell;
    private Kernels kernels = KernelsProvider.get();
    private SeededRandom rng;

    private int inputs = -1;
    private Parameter kernel, recurrentKernel, bias;
    /** [G·H, H] the recurrent kernel transposed, refreshed at each backward for its per-step GEMM. */
    private float[] recurrentKernelT;
    private Workspace ws;
    /** The workspace of the previous batch shape, kept so that alternating shapes do not reallocate. */
    private Workspace spareWs;
    private final TimeLoop timeLoop;
    private final TimeMajorCopy copies = new TimeMajorCopy();
    /** The recurrent kernel and its transpose packed for the step-by-step loop (refreshed every call). */
    private PackedMatrix packedRecurrent, packedRecurrentT;

    /** [B, H] states carried between calls of a stateful layer; null until the first call. */
    private float[] carriedH, carriedC;
    /** What the last forward call did, for its backward. */
    private boolean forwardDone, lastInputDropout;
    /** Truncated BPTT: gradients flow back at most to the start of their window of this many steps; 0 = full. */
    private int truncateGradientSteps;
    /** The per-step gradient norms while recording them (see recordStepGradientNorms); else null. */
    private StepGradientNorms stepNorms;
    /** Whether inference always keeps the per-step caches (for gateTrace and GateSaturation). */
    private boolean keepForwardCaches;
    /** False after a chunked inference call, which kept only the final states (in finalH, finalC). */
    private boolean cachesKept = true;
    private TokenProjection tokenProjection;
    /** Whether the last forward call read token ids, and so kept no input for a backward call. */
    private boolean lastFromTokens;
    /** Whether the last forward call took one input repeated at every step ({@link #forwardRepeated}). */
    private boolean lastRepeated;
    /** Whether the last backward call wrote the gate gradients over the gates of the last forward call. */
    private boolean gatesOverwritten;
    private float[] finalH, finalC;
    /** Test hook: keep the dropout masks of the previous call (finite differences need them fixed). */
    boolean reuseDropoutMasks;

    Recurrent(RecurrentConfig config, Cell cell) {
        super(config.name());
        this.config = config;
        this.cell = cell;
        this.rng = new SeededRandom(config.seed());
        this.timeLoop = new TimeLoop(cell, config.units(), config.returnSequences(), config.goBackwards());
    }

    // ---------------------------------------------------------------- configuration and weights

    /** A new, unbuilt layer of the same kind with {@code config}. */
    public abstract Recurrent withConfig(RecurrentConfig config);

    public RecurrentConfig config() {
        return config;
    }

    /** The step this layer runs (for its subclasses in this package). */
    Cell cell() {
        return cell;
    }

    public int units() {
        return config.units();
    }

    /**
     * The generator of the initial weights and then of the dropout masks; live, so that a checkpoint
     * can save and restore its state for an exact resume.
     */
    public SeededRandom random() {
        return rng;
    }

    /** The number of input features I, or −1 before the layer is built. */
    public int inputFeatures() {
        return inputs;
    }

    /** Number of states: 2 (h, c) for the LSTM, else 1 (h). */
    public int stateCount() {
        return cell.hasCellState() ? 2 : 1;
    }

    /** Uses other kernels than the default ones (for example the scalar reference). */
    public Recurrent withKernels(Kernels kernels) {
        this.kernels = kernels;
        return this;
    }

    /**
     * Makes the weights for {@code inputFeatures} features with Keras' initializers: kernel
     * glorot-uniform, recurrent kernel orthogonal, bias zeros (LSTM: forget gate 1). Done on the
     * first input if not called.
     */
    public void build(int inputFeatures) {
        if (inputFeatures <= 0) {
            throw new IllegalArgumentException(name() + ": expected a positive number of input features, got " + inputFeatures);
        }
        int h = units(), gh = cell.gates() * h;
        inputs = inputFeatures;
        kernel = new Parameter("kernel", inputFeatures, gh);
        recurrentKernel = new Parameter("recurrent_kernel", h, gh);
        bias = new Parameter("bias", biasShape());
        Initializers.glorotUniform(kernel.value(), inputFeatures, gh, rng);
        Initializers.orthogonal(recurrentKernel.value(), h, gh, rng);
        initializeBias(bias.value(), rng);
        cell.build(h, kernel, recurrentKernel);
        recurrentKernelT = new float[recurrentKernel.size()];
        ws = null;
        spareWs = null;
    }

    @Override
    protected Shape onBuild(Shape input, long seed) {
        if (input.rank() != 2) {
            throw new IllegalArgumentException(name() + ": expected input of shape (None, timesteps, features), got "
                    + input + "; a recurrent layer needs a time axis (use RepeatVector, or reshape the data)");
        }
        rng = new SeededRandom(seed);
        build(input.dim(1));
        return config.returnSequences() ? Shape.of(input.dim(0), units()) : Shape.of(units());
    }

    /** Runs over x [batch, T, F] with T and F from the built input shape. */
    @Override
    public float[] forward(float[] x, int batch, boolean[] mask, boolean training) {
        Shape in = inputShape();
        return forward(x, batch, in.dim(0), in.dim(1), mask, null, training);
    }

    /** Keeps the mask with {@code returnSequences}; a last-step output has no time axis left. */
    @Override
    public boolean[] outputMask(boolean[] inputMask) {
        return config.returnSequences() ? inputMask : null;
    }

    @Override
    public java.util.Map<String, Object> getConfig() {
        java.util.Map<String, Object> c = super.getConfig();
        c.put("units", units());
        c.put("activation", config.activation().kerasName());
        c.put("recurrent_activation", config.recurrentActivation().kerasName());
        c.put("return_sequences", config.returnSequences());
        c.put("return_state", config.returnState());
        c.put("go_backwards", config.goBackwards());
        c.put("stateful", config.stateful());
        c.put("dropout", (double) config.dropout());
        c.put("recurrent_dropout", (double) config.recurrentDropout());
        c.put("unit_forget_bias", config.unitForgetBias());
        c.put("seed", config.seed());
        return c;
    }

    int[] biasShape() {
        return new int[] {cell.biasLength(units())};
    }

    void initializeBias(float[] bias, Random rng) {
        // zeros
    }

    /** kernel, recurrent_kernel, bias, in Keras' order and layout. */
    @Override
    public List<Parameter> parameters() {
        requireWeights();
        List<Parameter> extra = cell.extraParameters();
        if (extra.isEmpty()) {
            return List.of(kernel, recurrentKernel, bias);
        }
        List<Parameter> all = new java.util.ArrayList<>(List.of(kernel, recurrentKernel, bias));
        all.addAll(extra);
        return List.copyOf(all);
    }

    /** The number of trainable values, as Keras' summary counts them. */
    @Override
    public long parameterCount() {
        requireWeights();
        long n = (long) kernel.size() + recurrentKernel.size() + bias.size();
        for (Parameter p : cell.extraParameters()) {
            n += p.size();
        }
        return n;
    }

    /**
     * Sets the weights, in the Keras layout (flattened row-major): kernel [I, G·H], recurrent kernel
     * [H, G·H], bias [G·H] (GRU [2, 3H]). Refuses wrong sizes and non-finite values.
     */
    public void setWeights(float[] kernel, float[] recurrentKernel, float[] bias) {
        requireWeights();
        // all three are checked before any is changed: a refused call leaves the layer as it was
        this.kernel.check(name(), kernel);
        this.recurrentKernel.check(name(), recurrentKernel);
        this.bias.check(name(), bias);
        this.kernel.load(name(), kernel);
        this.recurrentKernel.load(name(), recurrentKernel);
        this.bias.load(name(), bias);
    }

    /** Sets every parameter's gradient to zero (backward adds into them). */
    @Override
    public void zeroGrad() {
        requireWeights();
        kernel.zeroGrad();
        recurrentKernel.zeroGrad();
        bias.zeroGrad();
        for (Parameter p : cell.extraParameters()) {
            p.zeroGrad();
        }
    }

    /**
     * Truncated backpropagation through time: the processed steps are cut into windows of
     * {@code steps}, and the gradient stops at the start of each window (the forward pass and the
     * states still run over the whole sequence). 0 (the default) backpropagates through all steps.
     */
    public void setTruncatedBptt(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException(name() + ": truncated BPTT needs a non-negative number of steps, got " + steps);
        }
        truncateGradientSteps = steps;
    }

    public int truncatedBptt() {
        return truncateGradientSteps;
    }

    /** Forgets the states a stateful layer carries; the next call starts from zeros. */
    @Override
    public void resetStates() {
        carriedH = null;
        carriedC = null;
    }

    // ---------------------------------------------------------------- forward

    /** Inference over x [batch, steps, features], no mask, zero (or carried) initial state. */
    public float[] forward(float[] x, int batch, int steps, int features) {
        return forward(x, batch, steps, features, null, null, false);
    }

    /**
     * Runs the layer over x [batch, steps, features].
     *
     * @param mask         [batch, steps], false at padded steps; null for none
     * @param initialState null, or {h0} ({h0, c0} for the LSTM), each [batch, units]
     * @param training     whether dropout is applied
     * @return the output: [B, T, H] with {@code returnSequences}, else [B, H]
     */
    public float[] forward(float[] x, int batch, int steps, int features, boolean[] mask,
                           float[][] initialState, boolean training) {
        checkInput(x, batch, steps, features, mask, initialState);
        return run(x, null, false, batch, steps, mask, initialState, training);
    }

    /**
     * The output of {@code forward(repeat.forward(x, …), …)} for x [batch, features], the layer
     * before this one's output repeated at every step (Keras' {@code RepeatVector}, as in an
     * encoder-decoder): the input projection is made once for the batch rather than once per step,
     * the same values. The backward call that follows returns the gradient of x itself, [batch,
     * features], summed over the steps (what {@code repeat.backward} would make of the full one), and
     * takes the kernel's gradient from the summed gate gradients, a quarter of the work for four
     * steps (the same sums, added in another order).
     *
     * @throws IllegalArgumentException when x is not [batch, features] for this layer's input
     */
    public float[] forwardRepeated(RepeatVector repeat, float[] x, int batch, boolean training) {
        int steps = repeat.repeats(), features = repeat.features();
        checkInput(x, batch, 1, features, null, null);
        if (features != inputs) {
            throw new IllegalArgumentException(name() + ": expected " + inputs + " input features, got " + features
                    + " from " + repeat.name());
        }
        return run(x, null, true, batch, steps, null, null, training);
    }

    /** Whether the last forward call was {@link #forwardRepeated}, so that backward returns the gradient of its x [B, I]. */
    public boolean lastForwardRepeated() {
        return lastRepeated;
    }

    /** Whether {@link #forwardTokens} takes this embedding: its vectors are this layer's input, and its table is not too large. */
    public boolean acceptsTokens(Embedding embedding) {
        return inputs > 0 && embedding.outputDim() == inputs
                && TokenProjection.fits(embedding.inputDim(), cell.gates() * units());
    }

    /**
     * Inference on token ids [batch, steps] through {@code embedding}, the layer before this one:
     * the output of {@code forward(embedding.forward(ids), …, embedding.outputMask(inputMask), …)},
     * bit for bit, but each step's input projection is a row copied from a table of every token's
     * projection (rebuilt when the embeddings or the kernel change), and no embedded input is made.
     * The embedding checks and records the ids as its own forward call does.
     *
     * @param inputMask null, or the [batch, steps] mask given to the embedding
     * @throws IllegalArgumentException when the embedding does not fit ({@link #acceptsTokens}) or
     *                                  the ids are not [batch, steps] token ids of it
     */
    public float[] forwardTokens(Embedding embedding, float[] ids, int batch, boolean[] inputMask) {
        if (!acceptsTokens(embedding)) {
            throw new IllegalArgumentException(name() + ": cannot take token ids from " + embedding.name() + " (output_dim "
                    + embedding.outputDim() + ", input_dim " + embedding.inputDim() + ") for input features " + inputs
                    + " and a projection table of at most " + TokenProjection.MAX_VALUES + " values");
        }
        if (batch <= 0) {
            throw new IllegalArgumentException(name() + ": expected a positive batch size, got " + batch);
        }
        embedding.readTokens(ids, batch);
        boolean[] mask = embedding.outputMask(inputMask);
        int steps = embedding.inputShape().dim(0);
        int carriedBatch = config.stateful() && carriedH != null ? carriedH.length / units() : -1;
        RecurrentChecks.maskAndStates(name(), units(), cell.hasCellState(), carriedBatch, batch, steps, mask, null);
        if (tokenProjection == null) {
            tokenProjection = new TokenProjection();
        }
        Token tokens = new Token(ids, tokenProjection.table(kernels, embedding.embeddings(), embedding.inputDim(),
                inputs, kernel.value(), cell.gates() * units()));
        return run(null, tokens, false, batch, steps, mask, null, false);
    }

    /** Token ids and the projection table they index. */
    private record Token(float[] ids, float[] table) {
    }

    private float[] run(float[] x, Token tokens, boolean repeated, int batch, int steps, boolean[] mask,
                        float[][] initialState, boolean training) {
        lastFromTokens = tokens != null;
        lastRepeated = repeated;
        if (!training && !keepForwardCaches && mask == null && !config.returnSequences() && !repeated
                && TimeLoop.packs(recurrentKernel.size()) && steps > 2 * INFERENCE_CHUNK_STEPS) {
            return forwardInChunks(x, tokens, batch, steps, initialState);
        }
        cachesKept = true;
        gatesOverwritten = false;
        prepare(batch, steps);
        Workspace w = ws;
        int T = steps, bh = batch * units();
        boolean inDrop = training && config.dropout() > 0f;
        boolean recDrop = training && config.recurrentDropout() > 0f;
        boolean redraw = !(reuseDropoutMasks && forwardDone);
        if (inDrop && redraw) {
            drawDropoutMask(w.inputMask, config.dropout());
        }
        w.useRecurrentDropout(recDrop);
        if (recDrop && redraw) {
            drawDropoutMask(w.recurrentMask, config.recurrentDropout());
        }

        if (repeated) {
            projectRepeated(x, inDrop, w);
        } else {
            project(x, tokens, T, 0, T, inDrop, w);
        }

        setInitialState(w, initialState);
        timeLoop.forward(kernels, w, bias.value(), recurrentKernel.value(), packRecurrentKernel(), mask, recDrop, T);

        writeOutput(w);
        if (config.stateful()) {
            carriedH = carry(carriedH, w.hs, T * bh, bh);
            carriedC = cell.hasCellState() ? carry(carriedC, w.cs, T * bh, bh) : null;
        }
        forwardDone = true;
        lastInputDropout = inDrop;
        return w.out;
    }

    /**
     * Inference that keeps {@link #INFERENCE_CHUNK_STEPS} steps of input projection and states at a
     * time instead of all T (for the large workload a tenth of the memory): the same products, so
     * the same output, bit for bit, as long as the input projection takes the same GEMM path.
     */
    private float[] forwardInChunks(float[] x, Token tokens, int batch, int steps, float[][] initialState) {
        int chunk = INFERENCE_CHUNK_STEPS;
        prepare(batch, chunk);
        Workspace w = ws;
        int bh = batch * units();
        w.useRecurrentDropout(false);
        lastInputDropout = false;
        setInitialState(w, initialState);
        PackedMatrix packed = packRecurrentKernel();
        int last = 0;
        for (int t0 = 0; t0 < steps; t0 += chunk) {
            int c = Math.min(chunk, steps - t0);
            if (t0 > 0) {                       // the previous (full) chunk's last states start this one
                System.arraycopy(w.hs, chunk * bh, w.hs, 0, bh);
                if (cell.hasCellState()) {
                    System.arraycopy(w.cs, chunk * bh, w.cs, 0, bh);
                }
            }
            project(x, tokens, steps, t0, c, false, w);
            timeLoop.forward(kernels, w, bias.value(), recurrentKernel.value(), packed, null, false, c);
            last = c;
        }
        int end = last * bh;
        finalH = carry(finalH, w.hs, end, bh);
        finalC = cell.hasCellState() ? carry(finalC, w.cs, end, bh) : null;
        System.arraycopy(finalH, 0, w.out, 0, bh);
        if (config.stateful()) {
            carriedH = carry(carriedH, finalH, 0, bh);
            carriedC = cell.hasCellState() ? carry(carriedC, finalC, 0, bh) : null;
        }
        forwardDone = true;
        cachesKept = false;
        return w.out;
    }

    /**
     * Keeps the per-step caches (gates and states of every step) in inference too, so that
     * {@link #gateTrace} and {@link GateSaturation} can read them. Off by default: inference on a
     * large layer over a long sequence then keeps only a few steps at a time.
     */
    public Recurrent keepForwardCaches(boolean on) {
        keepForwardCaches = on;
        return this;
    }

    /** The input projection of x [B, I] at every step: one GEMM for the batch, copied to the other steps. */
    private void projectRepeated(float[] x, boolean drop, Workspace w) {
        int b = w.batch, g = w.gateWidth;
        w.prepareInput();
        copies.toTimeMajor(x, b, 1, inputs, 0, 1, false, drop ? w.inputMask : null, w.xs, 0);
        kernels.gemm(false, false, b, g, inputs, w.xs, 0, inputs, kernel.value(), 0, g, false, w.xp, 0, g);
        Bulk.repeat(w.xp, b * g, w.steps);
    }

    /**
     * The input projection of steps [t0, t0 + count), in processing order, into w.xp [count, B, G·H]:
     * one GEMM over all of them, or with tokens each row copied from their table.
     */
    private void project(float[] x, Token tokens, int steps, int t0, int count, boolean drop, Workspace w) {
        int b = w.batch, g = w.gateWidth;
        if (tokens != null) {
            tokenProjection.gather(tokens.table(), g, tokens.ids(), b, steps, t0, count, config.goBackwards(), w.xp);
            return;
        }
        copyTimeMajor(x, steps, t0, count, drop, w);
        kernels.gemm(false, false, count * b, g, inputs, w.xs, 0, inputs, kernel.value(), 0, g, false, w.xp, 0, g);
    }

    /**
     * Steps [t0, t0 + count) of x [B, steps, I], in processing order, into w.xs [count, B, I]
     * (time-major), times the input dropout mask when {@code drop}.
     */
    private void copyTimeMajor(float[] x, int steps, int t0, int count, boolean drop, Workspace w) {
        w.prepareInput();
        copies.toTimeMajor(x, w.batch, steps, inputs, t0, count, config.goBackwards(), drop ? w.inputMask : null, w.xs, 0);
    }

    /** Copies {@code len} values of {@code from} into {@code into}, reallocating only for a new size. */
    private static float[] carry(float[] into, float[] from, int off, int len) {
        float[] to = into != null && into.length == len ? into : new float[len];
        System.arraycopy(from, off, to, 0, len);
        return to;
    }

    /**
     * The gates and states of sample {@code sample} of the last forward call, per step and unit, read
     * from the forward caches (nothing is recorded unless this is called). See {@link GateTrace}.
     */
    public GateTrace gateTrace(int sample) {
        requireGates("gateTrace");
        return GateTrace.of(cell, ws, sample);
    }

    /** The final states of the last call, {h} or {h, c}, each a new [B, H] array. */
    public float[][] finalStates() {
        requireForward();
        if (!cachesKept) {
            return cell.hasCellState() ? new float[][] {finalH.clone(), finalC.clone()} : new float[][] {finalH.clone()};
        }
        int bh = ws.batch * units(), end = ws.steps * bh;
        float[] hLast = Arrays.copyOfRange(ws.hs, end, end + bh);
        return cell.hasCellState()
                ? new float[][] {hLast, Arrays.copyOfRange(ws.cs, end, end + bh)}
                : new float[][] {hLast};
    }

    private void setInitialState(Workspace w, float[][] initialState) {
        int bh = w.batch * units();
        float[] h0 = initialState != null ? initialState[0] : carriedH;
        float[] c0 = initialState != null ? (cell.hasCellState() ? initialState[1] : null) : carriedC;
        if (h0 != null) {
            System.arraycopy(h0, 0, w.hs, 0, bh);
        } else {
            Arrays.fill(w.hs, 0, bh, 0f);
        }
        if (cell.hasCellState()) {
            if (c0 != null) {
                System.arraycopy(c0, 0, w.cs, 0, bh);
            } else {
                Arrays.fill(w.cs, 0, bh, 0f);
            }
        }
    }

    private void writeOutput(Workspace w) {
        int b = w.batch, T = w.steps, h = units();
        if (config.returnSequences()) {
            copies.toBatchMajor(w.hs, b * h, b, T, h, 0, T, false, null, w.out);
        } else {
            System.arraycopy(w.hs, T * b * h, w.out, 0, b * h);
        }
    }

    private void drawDropoutMask(float[] mask, float rate) {
        float keep = 1f / (1f - rate);
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextFloat() >= rate ? keep : 0f;
        }
    }

    // ---------------------------------------------------------------- backward

    /** Backward with no gradient on the returned states. */
    @Override
    public float[] backward(float[] dy) {
        return backward(dy, null);
    }

    /**
     * Backpropagation through time of the last forward call. Adds the weight gradients into the
     * parameters' {@link Parameter#grad()} and returns the gradient of the input [B, T, I] ([B, I]
     * after {@link #forwardRepeated}). The gradients of the initial states are then in
     * {@link #initialStateGradients()}.
     *
     * @param dy          gradient of the output, the output's shape
     * @param dFinalState null, or (only with {@code returnState}) the gradients of the final states
     *                    {dh} or {dh, dc}, each [B, H] (an entry may be null)
     */
    public float[] backward(float[] dy, float[][] dFinalState) {
        return backward(dy, dFinalState, true);
    }

    /** Skips the input gradient: a GEMM as large as the input projection, and its buffers. */
    @Override
    public void backwardParametersOnly(float[] dy) {
        backward(dy, null, false);
    }

    private float[] backward(float[] dy, float[][] dFinalState, boolean inputGradient) {
        requireGates("backward");
        if (lastFromTokens) {
            throw new IllegalStateException(name() + ": backward needs the input of the last forward call, which inference"
                    + " on token ids (forwardTokens) does not make; call forward with the embedded input instead");
        }
        Workspace w = ws;
        int b = w.batch, T = w.steps, in = inputs, h = units(), g = w.gateWidth, bh = b * h;
        checkBackward(dy, dFinalState, w);
        w.prepareBackward();
        gatesOverwritten = true;

        Arrays.fill(w.dh, 0f);
        if (cell.hasCellState()) {
            Arrays.fill(w.dc, 0f);
        }
        if (dFinalState != null) {
            if (dFinalState[0] != null) {
                System.arraycopy(dFinalState[0], 0, w.dh, 0, bh);
            }
            if (cell.hasCellState() && dFinalState.length > 1 && dFinalState[1] != null) {
                System.arraycopy(dFinalState[1], 0, w.dc, 0, bh);
            }
        }
        Bulk.transpose(recurrentKernel.value(), h, g, recurrentKernelT);
        timeLoop.backward(dy, recurrentKernelT, packRecurrentKernelT(), stepNorms, truncateGradientSteps, bias.grad());
        System.arraycopy(w.dh, 0, w.dh0, 0, bh);
        if (cell.hasCellState()) {
            System.arraycopy(w.dc, 0, w.dc0, 0, bh);
        }

        // weight gradients: one GEMM each over all steps
        int rows = T * b;
        if (lastRepeated) {
            w.sumInputGateGradients(kernels);
            kernels.gemm(true, false, in, g, b, w.xs, 0, in, w.dxpSum, 0, g, true, kernel.grad(), 0, g);
        } else {
            kernels.gemm(true, false, in, g, rows, w.xs, 0, in, w.dxp, w.dxpStart, g, true, kernel.grad(), 0, g);
        }
        kernels.gemm(true, false, h, g, rows, w.hd, 0, h, w.drp, w.drpStart, g, true, recurrentKernel.grad(), 0, g);
        cell.finishBackward(w);
        if (!inputGradient) {
            return null;
        }
        w.prepareInputGradient();
        if (lastRepeated) {
            kernels.gemm(false, true, b, in, g, w.dxpSum, 0, g, kernel.value(), 0, g, false, w.dxs, 0, in);
            copies.toBatchMajor(w.dxs, 0, b, 1, in, 0, 1, false, lastInputDropout ? w.inputMask : null, w.dxRepeated);
            return w.dxRepeated;
        }
        kernels.gemm(false, true, rows, in, g, w.dxp, w.dxpStart, g, kernel.value(), 0, g, false, w.dxs, 0, in);
        copies.toBatchMajor(w.dxs, 0, b, T, in, 0, T, config.goBackwards(), lastInputDropout ? w.inputMask : null, w.dx);
        return w.dx;
    }

    // ---------------------------------------------------------------- gradient flow (diagnostics)

    /**
     * Turns the recording of per-step gradient norms on or off (off by default; when off nothing is
     * computed). While on, each backward stores, for every processed step t (0-based, so h_{t+1}
     * in the course's 1…T numbering), the L2 (Frobenius) norm over the whole batch [B, H] of
     * {@code ∂L/∂h_t}: the gradient reaching the hidden state that step t outputs, from the
     * layer's output at that step and from all later steps; for the LSTM also of {@code ∂L/∂c_t},
     * the gradient reaching the cell state c_t from step t+1 (h_t held fixed). These are the
     * derivatives with respect to an additive perturbation of the state as it is carried on.
     * Recording only reads the gradients: the results are bit-identical either way.
     */
    public void recordStepGradientNorms(boolean on) {
        if (!on) {
            stepNorms = null;
        } else if (stepNorms == null) {
            stepNorms = new StepGradientNorms(cell.hasCellState());
        }
    }

    /** Whether per-step gradient norms are being recorded. */
    public boolean recordsStepGradientNorms() {
        return stepNorms != null;
    }

    /**
     * A copy of the last backward's per-step norms ‖∂L/∂h_t‖ (see {@link #recordStepGradientNorms}),
     * [T] in processing order; null when not recording or before a backward.
     */
    public double[] stepGradientNorms() {
        return stepNorms == null ? null : stepNorms.hidden();
    }

    /** As {@link #stepGradientNorms} for ‖∂L/∂c_t‖ of the LSTM; null for other cells. */
    public double[] stepCellGradientNorms() {
        return stepNorms == null ? null : stepNorms.cell();
    }

    /**
     * The workspace of the last forward call, for the diagnostics of this package (gate statistics);
     * null before it, after chunked inference, and once a backward call has overwritten the gates.
     */
    Workspace lastWorkspace() {
        return forwardDone && cachesKept && !gatesOverwritten ? ws : null;
    }

    /** Gradients of the initial states of the last backward call, {dh0} or {dh0, dc0}, each [B, H]. */
    public float[][] initialStateGradients() {
        requireCaches("initialStateGradients");
        return cell.hasCellState() ? new float[][] {ws.dh0, ws.dc0} : new float[][] {ws.dh0};
    }

    // ---------------------------------------------------------------- shared machinery

    /** The recurrent kernel packed for this call's step products, or null when they read it as it is. */
    private PackedMatrix packRecurrentKernel() {
        if (!TimeLoop.packs(recurrentKernel.size())) {
            return null;
        }
        int h = units(), g = cell.gates() * h;
        packedRecurrent = kernels.pack(recurrentKernel.value(), 0, g, h, g, packedRecurrent);
        return packedRecurrent;
    }

    /** The transposed recurrent kernel packed for the backward step products, or null as above. */
    private PackedMatrix packRecurrentKernelT() {
        if (!TimeLoop.packs(recurrentKernel.size())) {
            return null;
        }
        int h = units(), g = cell.gates() * h;
        packedRecurrentT = kernels.pack(recurrentKernelT, 0, h, g, h, packedRecurrentT);
        return packedRecurrentT;
    }

    /** Sizes the workspace for (batch, steps); a new shape reallocates on purpose. */
    private void prepare(int batch, int steps) {
        if (ws != null && ws.fits(batch, steps)) {
            return;
        }
        Workspace previous = ws;
        if (spareWs != null && spareWs.fits(batch, steps)) {
            ws = spareWs;
        } else {
            ws = new Workspace(batch, steps, inputs, units(), cell.gates(), cell.hasCellState(),
                    cell.hasDirectHiddenPath(), config.returnSequences());
        }
        spareWs = previous;
    }

    private void checkInput(float[] x, int batch, int steps, int features, boolean[] mask, float[][] initialState) {
        int carriedBatch = config.stateful() && carriedH != null ? carriedH.length / units() : -1;
        RecurrentChecks.input(name(), inputs, units(), cell.hasCellState(), carriedBatch,
                x, batch, steps, features, mask, initialState);
        if (inputs < 0) {
            build(features);
        }
    }

    private void checkBackward(float[] dy, float[][] dFinalState, Workspace w) {
        RecurrentChecks.backward(name(), config.returnSequences(), config.returnState(), stateCount(),
                w.batch, w.steps, units(), w.out.length, dy, dFinalState);
    }

    private void requireWeights() {
        if (inputs < 0) {
            throw new IllegalStateException(name() + ": the layer has no weights yet; call build(features) or forward first");
        }
    }

    private void requireForward() {
        if (!forwardDone) {
            throw new IllegalStateException(name() + ": backward needs a forward call first");
        }
    }

    private void requireGates(String what) {
        requireCaches(what);
        if (gatesOverwritten) {
            throw new IllegalStateException(name() + ": " + what + " needs the gates of the last forward call, and the"
                    + " backward call since has written the gate gradients over them: call forward again first");
        }
    }

    private void requireCaches(String what) {
        requireForward();
        if (!cachesKept) {
            throw new IllegalStateException(name() + ": " + what + " needs the per-step caches, which the last"
                    + " forward call (inference on a long sequence) did not keep: call keepForwardCaches(true)"
                    + " first, or forward with training = true");
        }
    }
}
