package dev.recurrent.model;

import dev.recurrent.tensor.Tensor;
import dev.recurrent.init.SeededRandom;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.Shape;
import dev.recurrent.loss.Loss;
import dev.recurrent.metrics.Metric;
import dev.recurrent.metrics.Metrics;
import dev.recurrent.optim.Optimizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A stack of layers, each feeding the next, trained as Keras trains one:
 * <pre>{@code
 * Sequential model = new Sequential().input(3, 1)
 *         .add(LSTM.of(32))
 *         .add(Dense.of(26, "softmax"))
 *         .compile(new Adam(), new CategoricalCrossentropy(), "accuracy");
 * History h = model.fit(x, y, FitOptions.defaults().epochs(500).batchSize(1));
 * }</pre>
 * A training step reads top to bottom in {@link #computeGradients}: forward through the layers, zero
 * the gradients, loss and its gradient, backward through the layers in reverse; then the optimizer
 * step ({@link UpdateStep}). The loss is computed on the last layer's logits where Keras does so
 * ({@link ModelLoss}). {@code fit} is the loop every model shares ({@link FitLoop}), which drives
 * this model batch by batch through {@link SequentialTraining}.
 */
public final class Sequential implements TrainedModel {
    private final String name;
    private final List<Layer> layers = new ArrayList<>();
    private Shape inputShape;
    private long seed;
    private SeededRandom rng;
    private boolean built;
    private List<Parameter> params;
    /** The layers as they run, decided at build (see {@link Stages}). */
    private Stage[] stages;

    private Optimizer optimizer;
    private Loss loss;
    /** The loss as computed, on the output or on the last layer's logits; set by prepareLoss. */
    private ModelLoss modelLoss;
    private List<String> metricNames = List.of();
    /** Set by {@link #stopTraining()}; {@link FitLoop} ends the fit after the batch it is in. */
    volatile boolean stopRequested;

    /** Reused per batch size: gathered inputs, targets, row weights, loss gradient. */
    private final BatchBuffers batches = new BatchBuffers();
    private boolean[] lastMask;

    public Sequential() {
        this("sequential");
    }

    public Sequential(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The shape of one input sample, e.g. {@code input(3, 1)} for 3 steps of 1 feature. */
    public Sequential input(int... sampleShape) {
        requireNotBuilt("input");
        if (sampleShape == null) {
            throw new IllegalArgumentException(name + ": input() needs the shape of one sample, got null");
        }
        this.inputShape = Shape.of(sampleShape);
        return this;
    }

    /** The seed of the initial weights, the shuffling and the dropout masks (default 0). */
    public Sequential seed(long seed) {
        requireNotBuilt("seed");
        this.seed = seed;
        return this;
    }

    public long seed() {
        return seed;
    }

    /**
     * The generator of the shuffles, made when the model is built; live, so that a checkpoint can
     * save and restore its {@link SeededRandom#state() state} for an exact resume.
     */
    public SeededRandom random() {
        build();
        return rng;
    }

    /** Appends a layer; a name already taken gets a suffix, as in Keras ({@code lstm_1}). */
    public Sequential add(Layer layer) {
        requireNotBuilt("add");
        LayerAppend.checkAndName(name, layers, layer);
        layers.add(layer);
        return this;
    }

    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** The layer of that name. */
    public Layer layer(String layerName) {
        for (Layer l : layers) {
            if (l.name().equals(layerName)) {
                return l;
            }
        }
        throw new IllegalArgumentException(name + ": no layer named '" + layerName + "'");
    }

    /** Builds every layer for the input shape, checking that each output fits the next layer. */
    public Sequential build() {
        if (built) {
            return this;
        }
        if (inputShape == null) {
            throw new IllegalStateException(name + ": the input shape is unknown; call input(...) or fit/predict first");
        }
        if (layers.isEmpty()) {
            throw new IllegalStateException(name + ": the model has no layers");
        }
        Shape s = inputShape;
        for (int i = 0; i < layers.size(); i++) {
            s = layers.get(i).build(s, seed * 1_000_003L + i);
        }
        rng = new SeededRandom(seed);
        List<Parameter> all = new ArrayList<>();
        for (Layer l : layers) {
            all.addAll(l.parameters());
        }
        params = Collections.unmodifiableList(all);
        stages = Stages.of(layers);
        built = true;
        return this;
    }

    public boolean isBuilt() {
        return built;
    }

    public Shape inputShape() {
        return inputShape;
    }

    public Shape outputShape() {
        build();
        return layers.get(layers.size() - 1).outputShape();
    }

    /** Every trainable weight, layer by layer. */
    public List<Parameter> parameters() {
        build();
        return params;
    }

    public long parameterCount() {
        return Parameter.count(parameters());
    }

    /** Sets the optimizer, the loss and the metrics (Keras names, e.g. {@code "accuracy"}, {@code "mae"}). */
    public Sequential compile(Optimizer optimizer, Loss loss, String... metrics) {
        if (optimizer == null || loss == null) {
            throw new IllegalArgumentException(name + ": compile needs an optimizer and a loss");
        }
        this.optimizer = optimizer;
        this.loss = loss;
        this.metricNames = List.of(metrics);
        this.modelLoss = null;
        return this;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public Loss loss() {
        return loss;
    }

    /** The metric names given to {@link #compile}, as given. */
    public List<String> metricNames() {
        return metricNames;
    }

    /** Ends {@code fit} after the current batch (for callbacks such as early stopping). */
    public void stopTraining() {
        stopRequested = true;
    }

    /** Forgets the states of stateful recurrent layers. */
    public void resetStates() {
        for (Layer l : layers) {
            l.resetStates();
        }
    }

    // ------------------------------------------------------------------ training

    /** Trains on x, y and returns the per-epoch history. */
    public History fit(Tensor x, Tensor y, FitOptions options) {
        requireCompiled();
        buildFor(x);
        checkData("x", "y", x, y);
        return new FitLoop(new SequentialTraining(this)).fit(List.of(x), List.of(y), options);
    }

    /**
     * One training step on x, y taken as a single batch (Keras' {@code train_on_batch}): forward,
     * loss, backward and one optimizer update, as {@link #fit} does for each of its batches.
     * Returns the batch loss (before the update). No shuffling, metrics or callbacks.
     */
    public double trainOnBatch(Tensor x, Tensor y) {
        requireCompiled();
        buildFor(x);
        checkData("x", "y", x, y);
        prepareLoss();
        int b = x.samples();
        double value = computeGradients(gather(x, y, batches.identity(b), 0, b), b, List.of(), 0);
        UpdateStep.apply(optimizer, params);
        return value;
    }

    /**
     * A training step without its update: forward, zero the gradients, loss and its gradient,
     * backward, metrics; leaves the batch's gradient in every {@link Parameter#grad()}. Returns the
     * batch loss. The output steps before {@code gradientStart} (of a sequence output) get no loss
     * gradient: truncated BPTT's backward length, with the recurrent layers'
     * {@link dev.recurrent.layers.Recurrent#setGradientStart}.
     */
    double computeGradients(float[][] buf, int batch, List<Metric> metrics, int gradientStart) {
        float[] out = forward(buf[0], batch, true);
        for (Layer l : layers) {
            l.zeroGrad();
        }
        Shape os = outputShape();
        int cols = os.last(), rows = batch * (os.size() / cols);
        float[] weights = BatchBuffers.rowWeights(buf[2], lastMask, batch, os);
        float[] grad = buf[3];
        double value = modelLoss.compute(out, buf[1], weights, rows, cols, grad);
        TruncatedBptt.clearLossGradientBefore(gradientStart, grad, batch, os);
        float[] g = modelLoss.backward(grad);
        int below = stages.length - 1 - modelLoss.stagesRun();     // the last stage still to run backward
        for (int i = below; i > 0; i--) {
            g = stages[i].backward(g);
        }
        if (below >= 0) {
            stages[0].backwardParametersOnly(g);         // its input is the data: no gradient needed
        }
        value += Regularization.addGradients(layers, params);
        for (Metric m : metrics) {
            m.update(out, buf[1], weights, rows, cols);
        }
        return value;
    }

    /** The forward pass of a training step without its backward pass and update (truncated BPTT's leading chunks). */
    void forwardOnly(float[] x, int batch) {
        forward(x, batch, true);
    }

    /**
     * Runs every layer on samples of {@code steps} steps from now on (see {@link Layer#resizeSteps});
     * returns the output shape. The model's own input shape, and so its checks, stay as built.
     */
    Shape resizeSteps(int steps) {
        build();
        Shape s = inputShape.withFirst(steps);
        for (Layer l : layers) {
            s = l.resizeSteps(s);
        }
        return s;
    }

    private float[] forward(float[] x, int batch, boolean training) {
        float[] a = x;
        boolean[] mask = null;
        for (Stage stage : stages) {
            a = stage.forward(a, batch, mask, training);
            mask = stage.outputMask(mask);
        }
        lastMask = mask;
        return a;
    }

    /** Loss (and metrics) on x, y, without training. */
    public Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize) {
        requireCompiled();
        buildFor(x);
        checkData("x", "y", x, y);
        prepareLoss();
        EpochLogs logs = new EpochLogs(new SequentialTraining(this));
        List<Metric> metrics = logs.metrics.get(0);
        int n = x.samples(), bs = Math.max(1, Math.min(batchSize, n));
        int[] order = GraphData.identity(n);
        Shape os = outputShape();
        int cols = os.last();
        for (int from = 0; from < n; from += bs) {
            int b = Math.min(bs, n - from);
            float[][] buf = gather(x, y, order, from, b);
            float[] out = forward(buf[0], b, false);
            int rows = b * (os.size() / cols);
            float[] w = BatchBuffers.rowWeights(buf[2], lastMask, b, os);
            double l = modelLoss.compute(out, buf[1], w, rows, cols, null) + Regularization.penalty(layers, params);
            logs.update(l, null, b);
            for (Metric m : metrics) {
                m.update(out, buf[1], w, rows, cols);
            }
        }
        return logs.logs();
    }

    /** The model's output for every sample of x, in batches of {@code batchSize}. */
    public Tensor predict(Tensor x, int batchSize) {
        buildFor(x);
        checkInput("x", x);
        DataChecks.finite(name, "x", x);
        return BatchedPrediction.predict(x, batchSize, inputShape, outputShape(), (xb, b) -> forward(xb, b, false));
    }

    // ------------------------------------------------------------------ weights and summary

    /** A copy of every weight, layer by layer (Keras' get_weights). */
    public List<float[]> getWeights() {
        return WeightLists.copy(parameters());
    }

    /** Sets every weight from a list in {@link #getWeights()} order, checking each size. */
    public void setWeights(List<float[]> weights) {
        WeightLists.set(name, parameters(), weights);
    }

    /** Keras' summary table: layer (type), output shape, parameter count, totals. */
    public String summary() {
        build();
        return ModelSummary.table(name, layers);
    }

    // ------------------------------------------------------------------ helpers

    private void buildFor(Tensor x) {
        if (x == null) {
            throw new IllegalArgumentException(name + ": x is missing");
        }
        if (!built) {
            if (inputShape == null) {
                inputShape = Shape.of(x.sampleShape());
            }
            build();
        }
    }

    void prepareLoss() {
        modelLoss = ModelLoss.of(loss, layers.get(layers.size() - 1));
    }

    List<Metric> makeMetrics() {
        List<Metric> ms = new ArrayList<>();
        for (String m : metricNames) {
            ms.add(Metrics.byName(m, loss, outputShape().last()));
        }
        return ms;
    }

    /** The samples order[from .. from+b) copied into this batch size's buffers {x, y, weights, grad}. */
    float[][] gather(Tensor x, Tensor y, int[] order, int from, int b) {
        return batches.gather(x, y, outputShape(), order, from, b);
    }

    private void checkInput(String what, Tensor x) {
        DataChecks.input(name, layers, inputShape, what, x);
    }

    /** Checks x against the input shape and y against the output shape and the loss. */
    void checkData(String xName, String yName, Tensor x, Tensor y) {
        DataChecks.data(name, layers, inputShape, outputShape(), loss, xName, yName, x, y);
    }

    private void requireCompiled() {
        if (optimizer == null) {
            throw new IllegalStateException(name + ": call compile(optimizer, loss, metrics...) before fit or evaluate");
        }
    }

    private void requireNotBuilt(String what) {
        if (built) {
            throw new IllegalStateException(name + ": " + what + "() after the model was built");
        }
    }
}
