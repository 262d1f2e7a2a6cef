package dev.recurrent.layers;

import dev.recurrent.init.SeededRandom;
import dev.recurrent.kernels.Kernels;
import dev.recurrent.kernels.KernelsProvider;

import java.util.List;

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
 *
 * <p>Its parts: {@link RecurrentWeights}, {@link StatefulCarry}, {@link InputProjection}, the
 * passes {@link SequenceForward} and {@link SequenceBackward} (each over the {@link TimeLoop}), and
 * the inference fast paths {@link TokenInference} and {@link ChunkedInference}.
 */
public abstract class Recurrent extends Layer implements TokenInput {
    private final RecurrentConfig config;
    private final Cell cell;
    private Kernels kernels = KernelsProvider.get();
    private SeededRandom rng;

    private int inputs = -1;
    private RecurrentWeights weights;
    /** Whether inference always keeps the per-step caches (see keepForwardCaches). */
    private boolean keepForwardCaches;
    // the parts, which read one another through these fields
    final TimeLoop timeLoop;
    final Workspaces workspaces = new Workspaces(this);
    final InputProjection projection = new InputProjection(this);
    final StatefulCarry carry;
    final LastForward last = new LastForward();
    private final SequenceForward sequenceForward = new SequenceForward(this);
    private final SequenceBackward sequenceBackward;
    private final ChunkedInference chunkedInference = new ChunkedInference(this);
    private final TokenInference tokenInference = new TokenInference(this);
    private final ActivityPenalty activity;

    Recurrent(RecurrentConfig config, Cell cell) {
        super(config.name());
        this.config = config;
        this.cell = cell;
        this.rng = new SeededRandom(config.seed());
        this.carry = new StatefulCarry(config.stateful());
        RecurrentChecks.resetAfter(config, cell);
        boolean dl4j = config.masking() == MaskingMode.DL4J;
        this.timeLoop = new TimeLoop(cell, config.units(), config.returnSequences(), config.goBackwards(),
                config.returnSequences() && (config.zeroOutputForMask() || dl4j), dl4j);
        this.activity = new ActivityPenalty(config.rules().activityRegularizer());
        this.sequenceBackward = new SequenceBackward(this, cell.hasCellState());
    }

    // ---------------------------------------------------------------- configuration and weights

    /** A new, unbuilt layer of the same kind with {@code config}. */
    public abstract Recurrent withConfig(RecurrentConfig config);

    public RecurrentConfig config() {
        return config;
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
     * Makes the weights for {@code inputFeatures} features with the configured initializers (Keras'
     * defaults: kernel glorot-uniform, recurrent kernel orthogonal, bias zeros, LSTM forget gate 1).
     * Done on the first input if not called.
     */
    public void build(int inputFeatures) {
        RecurrentChecks.features(name(), inputFeatures);
        inputs = inputFeatures;
        weights = new RecurrentWeights(cell, units(), inputFeatures, biasShape(), config, rng);
        workspaces.clear();
    }

    @Override
    protected Shape onBuild(Shape input, long seed) {
        RecurrentChecks.sequence(name(), input);
        rng = new SeededRandom(seed);
        build(input.dim(1));
        return outputFor(input);
    }

    @Override
    protected Shape onResizeSteps(Shape input) {
        if (input.rank() != 2 || input.dim(1) != inputs) {
            return super.onResizeSteps(input);
        }
        return outputFor(input);
    }

    /** The output sample shape for input samples (T, I): (T, H) with {@code returnSequences}, else (H). */
    private Shape outputFor(Shape input) {
        return config.returnSequences() ? Shape.of(input.dim(0), units()) : Shape.of(units());
    }

    /** Runs over x [batch, T, F], T and F as built (after {@link #build(int)} alone, T from x's length). */
    @Override
    public float[] forward(float[] x, int batch, boolean[] mask, boolean training) {
        Shape in = isBuilt() ? inputShape() : null;
        int steps = in != null ? in.dim(0) : RecurrentChecks.stepsOf(name(), inputs, x, batch);
        return forward(x, batch, steps, in != null ? in.dim(1) : inputs, mask, null, training);
    }

    /** Keeps the mask with {@code returnSequences}; a last-step output has no time axis left. */
    @Override
    public boolean[] outputMask(boolean[] inputMask) {
        return config.returnSequences() ? inputMask : null;
    }

    @Override
    public java.util.Map<String, Object> getConfig() {
        java.util.Map<String, Object> c = super.getConfig();
        config.putKerasArguments(c);
        return c;
    }

    int[] biasShape() {
        return new int[] {cell.biasLength(units())};
    }

    /** kernel, recurrent_kernel, bias, in Keras' order and layout. */
    @Override
    public List<Parameter> parameters() {
        requireWeights();
        return weights.all();
    }

    /** The number of trainable values, as Keras' summary counts them. */
    @Override
    public long parameterCount() {
        requireWeights();
        return weights.count();
    }

    /**
     * Sets the weights, in the Keras layout (flattened row-major): kernel [I, G·H], recurrent kernel
     * [H, G·H], bias [G·H] (GRU [2, 3H]; null with {@code useBias(false)}). Refuses wrong sizes and
     * non-finite values.
     */
    public void setWeights(float[] kernel, float[] recurrentKernel, float[] bias) {
        requireWeights();
        // all three are checked before any is changed: a refused call leaves the layer as it was
        weights.set(name(), kernel, recurrentKernel, bias);
    }

    /** Sets every parameter's gradient to zero (backward adds into them). */
    @Override
    public void zeroGrad() {
        requireWeights();
        weights.zeroGrad();
    }

    /**
     * The truncated gradient: the processed steps are cut into windows of {@code steps}, and the
     * gradient stops at the start of each window (the forward pass and the states still run over
     * the whole sequence). 0 (the default) backpropagates through all steps.
     */
    public void setGradientWindow(int steps) {
        sequenceBackward.truncateSteps =
                RecurrentChecks.nonNegative(name(), "the gradient window needs a non-negative number of steps", steps);
    }

    /** The gradient window in steps; 0 for none. */
    public int gradientWindow() {
        return sequenceBackward.truncateSteps;
    }

    /** @deprecated the name of {@link #setGradientWindow}, which says what it truncates. */
    @Deprecated
    public void setTruncatedBptt(int steps) {
        setGradientWindow(steps);
    }

    /** @deprecated see {@link #gradientWindow}. */
    @Deprecated
    public int truncatedBptt() {
        return gradientWindow();
    }

    /**
     * Where the backward pass starts to drop the gradient (truncated BPTT's backward length): the
     * gradient flows back from the last processed step only to {@code step}; the steps before it
     * get none, so their outputs' gradients are ignored. 0 (the default) backpropagates through all.
     */
    public void setGradientStart(int step) {
        sequenceBackward.gradientStart =
                RecurrentChecks.nonNegative(name(), "the gradient start needs a non-negative step", step);
    }

    /**
     * While on, every call starts from the states the call before ended with, as a stateful layer's
     * do (truncated BPTT runs a sequence in chunks so). Turning it off forgets them, unless the
     * layer is stateful.
     */
    public void carryStatesAcrossCalls(boolean on) {
        carry.carryAcrossCalls(on);
    }

    /** Whether a call's final states start the next call: stateful, or carrying across calls. */
    boolean carriesStates() {
        return carry.active();
    }

    /** Forgets the states a stateful layer carries; the next call starts from zeros. */
    @Override
    public void resetStates() {
        carry.reset();
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
     * before this one's output repeated at every step (as in an encoder-decoder), with the input
     * projection made once ({@link InputProjection#projectRepeated}). The backward call that follows
     * returns the gradient of x itself, [batch, features], summed over the steps.
     *
     * @throws IllegalArgumentException when x is not [batch, features] for this layer's input
     */
    public float[] forwardRepeated(RepeatVector repeat, float[] x, int batch, boolean training) {
        RecurrentChecks.layerBefore(name(), "forwardRepeated needs the RepeatVector", repeat);
        int steps = repeat.repeats(), features = repeat.features();
        checkInput(x, batch, 1, features, null, null);      // also refuses features other than the built ones
        return run(x, null, true, batch, steps, null, null, training);
    }

    /** Whether the last forward call was {@link #forwardRepeated}, so that backward returns the gradient of its x [B, I]. */
    public boolean lastForwardRepeated() {
        return last.repeated;
    }

    /** Whether {@link #forwardTokens} takes this embedding: its vectors are this layer's input, and its table is not too large. */
    @Override
    public boolean acceptsTokens(Embedding embedding) {
        return embedding != null && TokenInference.accepts(this, embedding);
    }

    /**
     * Inference on token ids [batch, steps] through {@code embedding}, the layer before this one: the
     * output of {@code forward(embedding.forward(ids), …, embedding.outputMask(inputMask), …)}, bit
     * for bit, made without the embedded input ({@link TokenInference}).
     *
     * @param inputMask null, or the [batch, steps] mask given to the embedding
     * @throws IllegalArgumentException when the embedding does not fit ({@link #acceptsTokens}) or
     *                                  the ids are not [batch, steps] token ids of it
     */
    @Override
    public float[] forwardTokens(Embedding embedding, float[] ids, int batch, boolean[] inputMask) {
        RecurrentChecks.layerBefore(name(), "forwardTokens needs the Embedding", embedding);
        return tokenInference.forward(embedding, ids, batch, inputMask);
    }

    /** The forward call of every entry point: x [B, steps, I], or x [B, I] repeated, or tokens. */
    float[] run(float[] x, TokenInference.Tokens tokens, boolean repeated, int batch, int steps, boolean[] mask,
                float[][] initialState, boolean training) {
        last.fromTokens = tokens != null;
        last.repeated = repeated;
        float[] out;
        if (!training && !keepForwardCaches && mask == null && !repeated && ChunkedInference.applies(this, steps)) {
            out = chunkedInference.forward(x, tokens, batch, steps, initialState);
        } else {
            out = sequenceForward.forward(x, tokens, repeated, batch, steps, mask, initialState, training);
        }
        activity.record(out, batch * units() * (config.returnSequences() ? steps : 1), batch);
        return out;
    }

    /** The activity regularizer's penalty of the last output, divided by the batch size; 0 without one. */
    @Override
    public double activityLoss() {
        return activity.value();
    }

    /**
     * Keeps the gates and states of every step in inference too, for {@link #gateTrace} and
     * {@link GateSaturation}. Off by default: see {@link ChunkedInference}.
     */
    public Recurrent keepForwardCaches(boolean on) {
        keepForwardCaches = on;
        return this;
    }

    /**
     * The gates and states of sample {@code sample} of the last forward call, per step and unit, read
     * from the forward caches (nothing is recorded unless this is called). See {@link GateTrace}.
     */
    public GateTrace gateTrace(int sample) {
        last.requireGates(name(), "gateTrace");
        try {
            return GateTrace.of(cell, workspaces.current(), sample);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name() + ": " + e.getMessage(), e);
        }
    }

    /** The final states of the last call, {h} or {h, c}, each a new [B, H] array. */
    public float[][] finalStates() {
        last.requireDone(name());
        if (!last.cachesKept) {
            return chunkedInference.finalStates();
        }
        return workspaces.current().finalStates();
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
        last.requireBackward(name());
        return sequenceBackward.backward(dy == null ? null : activity.addTo(dy), dFinalState, inputGradient);
    }

    /** Gradients of the initial states of the last backward call, {dh0} or {dh0, dc0}, each [B, H]. */
    public float[][] initialStateGradients() {
        last.requireCaches(name(), "initialStateGradients");
        return workspaces.current().initialStateGradients();
    }

    // ---------------------------------------------------------------- gradient flow (diagnostics)

    /**
     * Turns the recording of per-step gradient norms ({@link StepGradientNorms}) on or off; off by
     * default, computing nothing. Recording only reads the gradients: results are the same either way.
     */
    public void recordStepGradientNorms(boolean on) {
        sequenceBackward.norms.setRecording(on);
    }

    /** Whether per-step gradient norms are being recorded. */
    public boolean recordsStepGradientNorms() {
        return sequenceBackward.norms.recording();
    }

    /** A copy of the last backward's ‖∂L/∂h_t‖, [T] in processing order; null when not recording or before a backward. */
    public double[] stepGradientNorms() {
        return sequenceBackward.norms.hidden();
    }

    /** As {@link #stepGradientNorms} for ‖∂L/∂c_t‖ of the LSTM; null for other cells. */
    public double[] stepCellGradientNorms() {
        return sequenceBackward.norms.cell();
    }

    /** The workspace of the last forward call while it holds its gates (for {@link GateSaturation}); else null. */
    Workspace lastWorkspace() {
        return last.gatesReadable() ? workspaces.current() : null;
    }

    // ---------------------------------------------------------------- the parts' access (this package)

    /** The step this layer runs. */
    Cell cell() {
        return cell;
    }

    Kernels kernels() {
        return kernels;
    }

    RecurrentWeights weights() {
        return weights;
    }

    /** The batch size of the states a stateful layer carries into its next call, or −1 for none. */
    int carriedBatch() {
        return carry.carriedBatch(units());
    }

    private void checkInput(float[] x, int batch, int steps, int features, boolean[] mask, float[][] initialState) {
        RecurrentChecks.input(name(), inputs, units(), cell.hasCellState(), carriedBatch(),
                x, batch, steps, features, mask, initialState);
        if (inputs < 0) {
            build(features);
        }
    }

    private void requireWeights() {
        RecurrentChecks.built(name(), inputs);
    }
}
