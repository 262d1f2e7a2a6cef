package dev.recurrent.layers;

import dev.recurrent.init.Initializers;
import dev.recurrent.init.SeededRandom;
import dev.recurrent.kernels.Kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The LSTM with a projection of its output (Sak, Senior &amp; Beaufays 2014; PyTorch's
 * {@code nn.LSTM(proj_size=P)}): H cell units whose output {@code o ⊙ tanh(c_t)} is projected to P
 * values, and the projection is both the layer's output and the recurrent state.
 * <pre>
 * z = x_t·W + h_{t-1}·U + b                     (W [I, 4H], U [P, 4H], b [4H]; gates i, f, c, o)
 * c_t = f ⊙ c_{t-1} + i ⊙ tanh(z_c)
 * h_t = (o ⊙ tanh(c_t))·W_hr                      (W_hr [H, P])
 * </pre>
 * Weights: {@code kernel} [I, 4H], {@code recurrent_kernel} [P, 4H], {@code bias} [4H] (absent with
 * {@code useBias(false)}), {@code projection} [H, P]; parameter count {@code 4H·(I + P + 1) + H·P}.
 * Output [B, T, P] with {@code returnSequences}, else [B, P]; final states h [B, P], c [B, H].
 *
 * <p>It runs as an {@link LSTM} of H units over m_t = o ⊙ tanh(c_t) whose recurrent kernel is
 * W_hr·U (since h_{t-1}·U = m_{t-1}·W_hr·U), followed by the projection of every output step; the
 * gradients of that product are passed back to W_hr and U. So masking, dropout, {@code goBackwards}
 * and {@code stateful} behave as the LSTM's, with recurrent dropout applied to m_{t-1}. It starts from
 * zero states (or the carried ones when stateful): an initial h_0 cannot be given, and
 * {@code returnState} is refused; read {@link #finalStates()} instead.
 *
 * <p>From PyTorch (see {@link TorchLayout}): {@code kernel = weight_ih_l0ᵀ},
 * {@code recurrent_kernel = weight_hh_l0ᵀ}, {@code bias = bias_ih_l0 + bias_hh_l0},
 * {@code projection = weight_hr_l0ᵀ} (gate order i, f, g, o is Keras' i, f, c, o).
 */
public final class ProjectedLSTM extends Layer implements TokenInput {
    private final RecurrentConfig config;
    private final int projection;
    private final LSTM inner;
    private Parameter recurrentKernel, projectionKernel;
    private float[] out, dm, m;
    private int rows;

    public ProjectedLSTM(RecurrentConfig config, int projectionSize) {
        super(config.name());
        if (projectionSize <= 0) {
            throw new IllegalArgumentException(config.name() + ": received an invalid value for argument `proj_size`,"
                    + " expected a positive integer, got " + projectionSize);
        }
        if (config.returnState()) {
            throw new IllegalArgumentException(config.name() + ": return_state is not supported by ProjectedLSTM;"
                    + " read finalStates() after the forward call");
        }
        this.config = config;
        this.projection = projectionSize;
        this.inner = new LSTM(config);
    }

    /** A projected LSTM of {@code units} cell units and {@code projectionSize} outputs, with Keras' defaults. */
    public static ProjectedLSTM of(int units, int projectionSize) {
        return builder(units, projectionSize).build();
    }

    public static RecurrentConfig.Builder<ProjectedLSTM> builder(int units, int projectionSize) {
        return new RecurrentConfig.Builder<>("projected_lstm", units, c -> new ProjectedLSTM(c, projectionSize));
    }

    @Override
    public String type() {
        return "ProjectedLSTM";
    }

    public RecurrentConfig config() {
        return config;
    }

    /** H, the cell units. */
    public int units() {
        return config.units();
    }

    /** P, the size of the output and of the recurrent state h. */
    public int projectionSize() {
        return projection;
    }

    /** The number of input features I, or −1 before the layer is built. */
    public int inputFeatures() {
        return inner.inputFeatures();
    }

    /** The generator of the initial weights and the dropout masks (live, for checkpoints). */
    public SeededRandom random() {
        return inner.random();
    }

    /** Uses other kernels than the default ones (for example the scalar reference). */
    public ProjectedLSTM withKernels(Kernels kernels) {
        inner.withKernels(kernels);
        return this;
    }

    /** Makes the weights for {@code inputFeatures} features (kernel, then recurrent kernel, bias, projection). */
    public void build(int inputFeatures) {
        inner.build(inputFeatures);
        makeOwnWeights();
    }

    @Override
    protected Shape onBuild(Shape input, long seed) {
        Shape innerOut = inner.build(input, seed);
        makeOwnWeights();
        return config.returnSequences() ? Shape.of(innerOut.dim(0), projection) : Shape.of(projection);
    }

    private void makeOwnWeights() {
        int h = units(), g = 4 * h;
        recurrentKernel = new Parameter("recurrent_kernel", projection, g);
        projectionKernel = new Parameter("projection", h, projection);
        config.weights().recurrentInitializer().fill(recurrentKernel.value(), new int[] {projection, g}, inner.random());
        Initializers.glorotUniform().fill(projectionKernel.value(), new int[] {h, projection}, inner.random());
    }

    /** kernel, recurrent_kernel, bias (with {@code use_bias}), projection. */
    @Override
    public List<Parameter> parameters() {
        requireWeights();
        RecurrentWeights w = inner.weights();
        List<Parameter> all = new ArrayList<>();
        all.add(w.kernel());
        all.add(recurrentKernel);
        if (w.useBias()) {
            all.add(w.bias());
        }
        all.add(projectionKernel);
        return List.copyOf(all);
    }

    @Override
    public void zeroGrad() {
        super.zeroGrad();
        inner.zeroGrad();
    }

    /**
     * Sets the weights in this layer's layout (flattened row-major): kernel [I, 4H], recurrent kernel
     * [P, 4H], bias [4H] (null with {@code useBias(false)}), projection [H, P]. All are checked before any changes.
     */
    public void setWeights(float[] kernel, float[] recurrentKernel, float[] bias, float[] projection) {
        requireWeights();
        this.recurrentKernel.check(name(), recurrentKernel);
        projectionKernel.check(name(), projection);
        inner.setWeights(kernel, inner.weights().recurrentKernel().value().clone(), bias);
        this.recurrentKernel.load(name(), recurrentKernel);
        projectionKernel.load(name(), projection);
    }

    @Override
    public float[] forward(float[] x, int batch, boolean[] mask, boolean training) {
        requireWeights();
        refreshRecurrentProduct();
        return project(inner.forward(x, batch, mask, training));
    }

    /** Runs over x [batch, steps, features] (see {@link Recurrent#forward(float[], int, int, int, boolean[], float[][], boolean)}). */
    public float[] forward(float[] x, int batch, int steps, int features, boolean[] mask, boolean training) {
        if (inputFeatures() < 0 && features > 0) {
            build(features);
        }
        requireWeights();
        refreshRecurrentProduct();
        return project(inner.forward(x, batch, steps, features, mask, null, training));
    }

    /** Inference over x [batch, steps, features]. */
    public float[] forward(float[] x, int batch, int steps, int features) {
        return forward(x, batch, steps, features, null, false);
    }

    @Override
    public boolean[] outputMask(boolean[] inputMask) {
        return inner.outputMask(inputMask);
    }

    /** Whether {@link #forwardTokens} takes this embedding: as the inner LSTM's ({@link Recurrent#acceptsTokens}). */
    @Override
    public boolean acceptsTokens(Embedding embedding) {
        return inner.acceptsTokens(embedding);
    }

    /** Inference on token ids through {@code embedding}: the inner LSTM's {@link Recurrent#forwardTokens}, projected. */
    @Override
    public float[] forwardTokens(Embedding embedding, float[] ids, int batch, boolean[] inputMask) {
        requireWeights();
        refreshRecurrentProduct();
        return project(inner.forwardTokens(embedding, ids, batch, inputMask));
    }

    @Override
    public float[] backward(float[] dy) {
        return backward(dy, true);
    }

    @Override
    public void backwardParametersOnly(float[] dy) {
        backward(dy, false);
    }

    /** The final states of the last call: h [B, P] and c [B, H], new arrays. */
    public float[][] finalStates() {
        float[][] s = inner.finalStates();
        int batch = s[0].length / units();
        float[] h = new float[batch * projection];
        inner.kernels().gemm(false, false, batch, projection, units(), s[0], 0, units(),
                projectionKernel.value(), 0, projection, false, h, 0, projection);
        return new float[][] {h, s[1]};
    }

    @Override
    public void resetStates() {
        inner.resetStates();
    }

    @Override
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.size();
        }
        return n;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        config.putKerasArguments(c);
        c.put("proj_size", projection);
        return c;
    }

    /** The inner LSTM's recurrent kernel [H, 4H] = projection [H, P] · recurrent_kernel [P, 4H]. */
    private void refreshRecurrentProduct() {
        int h = units(), g = 4 * h;
        inner.kernels().gemm(false, false, h, g, projection, projectionKernel.value(), 0, projection,
                recurrentKernel.value(), 0, g, false, inner.weights().recurrentKernel().value(), 0, g);
    }

    /** y = m·W_hr for every row of the inner output m. */
    private float[] project(float[] innerOut) {
        int h = units();
        m = innerOut;
        rows = innerOut.length / h;
        if (out == null || out.length != rows * projection) {
            out = new float[rows * projection];
        }
        inner.kernels().gemm(false, false, rows, projection, h, m, 0, h, projectionKernel.value(), 0, projection,
                false, out, 0, projection);
        return out;
    }

    private float[] backward(float[] dy, boolean inputGradient) {
        requireWeights();
        if (m == null) {
            throw new IllegalStateException(name() + ": backward needs a forward call first");
        }
        if (dy == null || dy.length != rows * projection) {
            throw new IllegalArgumentException(name() + ": expected a gradient of " + rows * projection
                    + " values (the output's shape), got " + (dy == null ? "null" : dy.length + " values"));
        }
        Kernels k = inner.kernels();
        int h = units(), g = 4 * h, p = projection;
        if (dm == null || dm.length != rows * h) {
            dm = new float[rows * h];
        }
        k.gemm(false, true, rows, h, p, dy, 0, p, projectionKernel.value(), 0, p, false, dm, 0, h);
        k.gemm(true, false, h, p, rows, m, 0, h, dy, 0, p, true, projectionKernel.grad(), 0, p);
        Parameter product = inner.weights().recurrentKernel();
        product.zeroGrad();
        float[] dx = null;
        if (inputGradient) {
            dx = inner.backward(dm);
        } else {
            inner.backwardParametersOnly(dm);
        }
        // d(W_hr·U): U gets W_hrᵀ·d, W_hr gets d·Uᵀ
        k.gemm(true, false, p, g, h, projectionKernel.value(), 0, p, product.grad(), 0, g, true,
                recurrentKernel.grad(), 0, g);
        k.gemm(false, true, h, p, g, product.grad(), 0, g, recurrentKernel.value(), 0, g, true,
                projectionKernel.grad(), 0, p);
        return dx;
    }

    private void requireWeights() {
        if (recurrentKernel == null) {
            throw new IllegalStateException(name() + ": the layer has no weights yet; call build(features) or add it to a model");
        }
    }
}
