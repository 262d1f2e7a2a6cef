package dev.recurrent.model;

import dev.recurrent.init.SeededRandom;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.LogitOutput;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.Shape;
import dev.recurrent.loss.BinaryCrossentropy;
import dev.recurrent.loss.Loss;
import dev.recurrent.loss.SoftmaxCrossEntropy;
import dev.recurrent.metrics.Mean;
import dev.recurrent.metrics.Metric;
import dev.recurrent.metrics.Metrics;
import dev.recurrent.optim.Optimizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stack of layers, each feeding the next, trained as Keras trains one:
 * <pre>{@code
 * Sequential model = new Sequential().input(3, 1)
 *         .add(LSTM.of(32))
 *         .add(Dense.of(26, "softmax"))
 *         .compile(new Adam(), new CategoricalCrossentropy(), "accuracy");
 * History h = model.fit(x, y, FitOptions.defaults().epochs(500).batchSize(1));
 * }</pre>
 * A training step reads top to bottom in {@link #trainStep}: forward through the layers, zero the
 * gradients, loss and its gradient, backward through the layers in reverse, optimizer step.
 *
 * <p>When the last layer outputs {@code softmax} (or {@code sigmoid}) probabilities and the loss is
 * the matching cross-entropy on probabilities, the loss is computed on the logits, as Keras does:
 * stable, with the gradient {@code p − y}.
 */
public final class Sequential {
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
    private Loss loss, logitLoss;
    private List<String> metricNames = List.of();
    private volatile boolean stopTraining;
    /** The global gradient norm of the last batch before and after clipping, when fit records them. */
    private double lastGradNorm, lastClippedNorm;

    /** Reused per batch size: gathered inputs, targets, row weights, loss gradient. */
    private final BatchBuffers batches = new BatchBuffers();
    private boolean[] lastMask;
    /** 0, 1, 2, … : the sample order of {@link #trainOnBatch}. */
    private int[] identity = new int[0];

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
        if (layer == null) {
            throw new IllegalArgumentException(name + ": add(null)");
        }
        for (Layer l : layers) {
            if (l == layer) {
                throw new IllegalArgumentException(name + ": layer '" + layer.name() + "' is already in the model;"
                        + " a layer instance can appear once (its buffers hold one position's values)");
            }
        }
        if (layer.isBuilt()) {
            throw new IllegalArgumentException(name + ": layer '" + layer.name() + "' was already built for "
                    + layer.inputShape() + "; add a new instance");
        }
        Set<String> taken = new HashSet<>();
        for (Layer l : layers) {
            taken.add(l.name());
        }
        String base = layer.name();
        for (int i = 1; taken.contains(layer.name()); i++) {
            layer.setName(base + "_" + i);
        }
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
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.size();
        }
        return n;
    }

    /** Sets the optimizer, the loss and the metrics (Keras names, e.g. {@code "accuracy"}, {@code "mae"}). */
    public Sequential compile(Optimizer optimizer, Loss loss, String... metrics) {
        if (optimizer == null || loss == null) {
            throw new IllegalArgumentException(name + ": compile needs an optimizer and a loss");
        }
        this.optimizer = optimizer;
        this.loss = loss;
        this.metricNames = List.of(metrics);
        this.logitLoss = null;
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
        stopTraining = true;
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
        int n = x.samples();
        Tensor trainX = x, trainY = y, valX = options.validationX, valY = options.validationY;
        if (options.validationSplit > 0 && valX == null) {
            // as Keras: the last samples, before shuffling, and ignored when validation data is given
            int splitAt = (int) Math.floor(n * (1.0 - options.validationSplit));
            if (splitAt >= n || splitAt == 0) {
                throw new IllegalArgumentException(name + ": validation_split " + options.validationSplit + " of "
                        + n + " samples leaves no training or no validation sample");
            }
            trainX = x.slice(0, splitAt);
            trainY = y.slice(0, splitAt);
            valX = x.slice(splitAt, n);
            valY = y.slice(splitAt, n);
        }
        if (valX != null) {
            checkData("validation x", "validation y", valX, valY);
        }
        prepareLoss();
        setTruncatedBptt(options.truncatedBptt);
        try {
            return train(trainX, trainY, valX, valY, options);
        } finally {
            setTruncatedBptt(0);
        }
    }

    private void setTruncatedBptt(int steps) {
        for (Layer l : layers) {
            if (l instanceof Recurrent) {
                ((Recurrent) l).setTruncatedBptt(steps);
            } else if (l instanceof Bidirectional) {
                ((Bidirectional) l).forwardLayer().setTruncatedBptt(steps);
                ((Bidirectional) l).backwardLayer().setTruncatedBptt(steps);
            }
        }
    }

    private History train(Tensor trainX, Tensor trainY, Tensor valX, Tensor valY, FitOptions options) {
        List<Metric> metrics = makeMetrics();
        Mean lossMean = new Mean("loss");
        History history = new History();
        stopTraining = false;
        for (Callback c : options.callbacks) {
            c.onTrainBegin(this);
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        int samples = trainX.samples(), batchSize = Math.min(options.batchSize, samples);
        int batches = (samples + batchSize - 1) / batchSize;
        int[] order = new int[samples];
        for (int epoch = options.initialEpoch; epoch < options.epochs && !stopTraining; epoch++) {
            for (Callback c : options.callbacks) {
                c.onEpochBegin(epoch);
            }
            for (int i = 0; i < samples; i++) {
                order[i] = i;
            }
            if (options.shuffle) {
                shuffle(order);
            }
            lossMean.reset();
            for (Metric m : metrics) {
                m.reset();
            }
            double normSum = 0, normMax = 0, clippedSum = 0, clippedMax = 0;
            int normCount = 0;
            for (int bi = 0; bi < batches && !stopTraining; bi++) {
                int from = bi * batchSize, b = Math.min(batchSize, samples - from);
                float[][] buf = gather(trainX, trainY, order, from, b);
                double l = trainStep(buf, b, metrics, options.recordGradientNorms);
                lossMean.update(l, b);
                if (options.recordGradientNorms) {
                    history.recordBatch("grad_norm", lastGradNorm);
                    history.recordBatch("grad_norm_clipped", lastClippedNorm);
                    normSum += lastGradNorm;
                    clippedSum += lastClippedNorm;
                    normMax = Math.max(normMax, lastGradNorm);
                    clippedMax = Math.max(clippedMax, lastClippedNorm);
                    normCount++;
                }
                if (!options.callbacks.isEmpty()) {
                    logs = logs(lossMean, metrics, "");
                    if (options.recordGradientNorms) {
                        logs.put("grad_norm", lastGradNorm);
                        logs.put("grad_norm_clipped", lastClippedNorm);
                    }
                    for (Callback c : options.callbacks) {
                        c.onBatchEnd(bi, batches, logs);
                    }
                }
            }
            logs = logs(lossMean, metrics, "");
            if (options.recordGradientNorms && normCount > 0) {
                logs.put("grad_norm", normSum / normCount);
                logs.put("grad_norm_max", normMax);
                logs.put("grad_norm_clipped", clippedSum / normCount);
                logs.put("grad_norm_clipped_max", clippedMax);
            }
            if (valX != null) {
                for (Map.Entry<String, Double> e : evaluate(valX, valY, options.batchSize).entrySet()) {
                    logs.put(Metrics.validationKey(e.getKey()), e.getValue());
                }
            }
            history.record(epoch, logs);
            for (Callback c : options.callbacks) {
                c.onEpochEnd(epoch, logs);
            }
        }
        for (Callback c : options.callbacks) {
            c.onTrainEnd(logs);
        }
        return history;
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
        if (identity.length < b) {
            identity = new int[b];
            for (int i = 0; i < b; i++) {
                identity[i] = i;
            }
        }
        return trainStep(gather(x, y, identity, 0, b), b, List.of(), false);
    }

    /**
     * One training step on a gathered batch {x, y, rowWeights, lossGradient}: forward, zero the
     * gradients, loss and its gradient, backward in reverse, update. Returns the batch loss.
     */
    private double trainStep(float[][] buf, int batch, List<Metric> metrics, boolean recordNorms) {
        float[] out = forward(buf[0], batch, true);
        for (Layer l : layers) {
            l.zeroGrad();
        }
        Shape os = outputShape();
        int cols = os.last(), rows = batch * (os.size() / cols);
        float[] weights = rowWeights(buf[2], batch, os);
        float[] grad = buf[3];
        double value;
        float[] g;
        int below;                                       // the last stage still to run backward
        if (logitLoss != null) {
            LogitOutput head = logitHead();
            value = logitLoss.compute(head.logits(), buf[1], weights, rows, cols, grad);
            g = head.backwardFromLogits(grad);
            below = stages.length - 2;
        } else {
            value = loss.compute(out, buf[1], weights, rows, cols, grad);
            g = grad;
            below = stages.length - 1;
        }
        for (int i = below; i > 0; i--) {
            g = stages[i].backward(g);
        }
        if (below >= 0) {
            stages[0].backwardParametersOnly(g);         // its input is the data: no gradient needed
        }
        if (recordNorms) {
            lastGradNorm = Optimizer.globalNorm(params);
        }
        optimizer.step(params);
        if (recordNorms) {
            lastClippedNorm = optimizer.appliedGradientNorm();
        }
        for (Metric m : metrics) {
            m.update(out, buf[1], weights, rows, cols);
        }
        return value;
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

    /** The mask of a sequence output as row weights [B·T], or null. */
    private float[] rowWeights(float[] into, int batch, Shape out) {
        if (lastMask == null || out.rank() < 2) {
            return null;
        }
        int steps = out.dim(0);
        for (int i = 0; i < batch * steps; i++) {
            into[i] = lastMask[i] ? 1f : 0f;
        }
        return into;
    }

    /** Loss (and metrics) on x, y, without training. */
    public Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize) {
        requireCompiled();
        buildFor(x);
        checkData("x", "y", x, y);
        prepareLoss();
        List<Metric> metrics = makeMetrics();
        Mean lossMean = new Mean("loss");
        int n = x.samples(), bs = Math.max(1, Math.min(batchSize, n));
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Shape os = outputShape();
        int cols = os.last();
        for (int from = 0; from < n; from += bs) {
            int b = Math.min(bs, n - from);
            float[][] buf = gather(x, y, order, from, b);
            float[] out = forward(buf[0], b, false);
            int rows = b * (os.size() / cols);
            float[] w = rowWeights(buf[2], b, os);
            double l = logitLoss != null
                    ? logitLoss.compute(logitHead().logits(), buf[1], w, rows, cols, null)
                    : loss.compute(out, buf[1], w, rows, cols, null);
            lossMean.update(l, b);
            for (Metric m : metrics) {
                m.update(out, buf[1], w, rows, cols);
            }
        }
        return logs(lossMean, metrics, "");
    }

    /** The model's output for every sample of x, in batches of {@code batchSize}. */
    public Tensor predict(Tensor x, int batchSize) {
        buildFor(x);
        checkInput("x", x);
        int n = x.samples(), bs = Math.max(1, Math.min(batchSize, n));
        Shape os = outputShape();
        int outSize = os.size(), inSize = inputShape.size();
        float[] result = new float[Math.multiplyExact(n, outSize)];
        float[] batchInput = null;
        for (int from = 0; from < n; from += bs) {
            int b = Math.min(bs, n - from);
            float[] xb;
            if (b == n) {
                xb = x.data();                          // one batch: the layers only read their input
            } else {
                if (batchInput == null || batchInput.length != b * inSize) {
                    batchInput = new float[b * inSize];
                }
                System.arraycopy(x.data(), from * inSize, batchInput, 0, b * inSize);
                xb = batchInput;
            }
            float[] out = forward(xb, b, false);
            System.arraycopy(out, 0, result, from * outSize, b * outSize);
        }
        int[] shape = new int[os.rank() + 1];
        shape[0] = n;
        System.arraycopy(os.dims(), 0, shape, 1, os.rank());
        return Tensor.of(result, shape);
    }

    // ------------------------------------------------------------------ weights

    /** A copy of every weight, layer by layer (Keras' get_weights). */
    public List<float[]> getWeights() {
        List<float[]> w = new ArrayList<>();
        for (Parameter p : parameters()) {
            w.add(p.value().clone());
        }
        return w;
    }

    /** Sets every weight from a list in {@link #getWeights()} order, checking each size. */
    public void setWeights(List<float[]> weights) {
        List<Parameter> ps = parameters();
        if (weights.size() != ps.size()) {
            throw new IllegalArgumentException(name + ": expected " + ps.size() + " weight arrays, got " + weights.size());
        }
        for (int i = 0; i < ps.size(); i++) {
            if (weights.get(i).length != ps.get(i).size()) {
                throw new IllegalArgumentException(name + ": weight " + i + " (" + ps.get(i) + ") needs "
                        + ps.get(i).size() + " values, got " + weights.get(i).length);
            }
        }
        for (int i = 0; i < ps.size(); i++) {
            System.arraycopy(weights.get(i), 0, ps.get(i).value(), 0, ps.get(i).size());
        }
    }

    // ------------------------------------------------------------------ summary

    /** Keras' summary table: layer (type), output shape, parameter count, totals. */
    public String summary() {
        build();
        return ModelSummary.table(name, layers);
    }

    // ------------------------------------------------------------------ helpers

    private void buildFor(Tensor x) {
        if (!built) {
            if (inputShape == null) {
                inputShape = Shape.of(x.sampleShape());
            }
            build();
        }
    }

    private void prepareLoss() {
        logitLoss = null;
        Layer head = layers.get(layers.size() - 1);
        if (head instanceof LogitOutput) {
            String act = ((LogitOutput) head).outputActivation();
            if ("softmax".equals(act) && SoftmaxCrossEntropy.canFuse(loss)) {
                logitLoss = SoftmaxCrossEntropy.onLogits(loss);
            } else if ("sigmoid".equals(act) && loss instanceof BinaryCrossentropy && !((BinaryCrossentropy) loss).fromLogits()) {
                logitLoss = new BinaryCrossentropy(true);
            }
        }
    }

    /** The last layer, when the loss is computed on its logits. */
    private LogitOutput logitHead() {
        return (LogitOutput) layers.get(layers.size() - 1);
    }

    private List<Metric> makeMetrics() {
        List<Metric> ms = new ArrayList<>();
        for (String m : metricNames) {
            ms.add(Metrics.byName(m, loss, outputShape().last()));
        }
        return ms;
    }

    private static Map<String, Double> logs(Mean lossMean, List<Metric> metrics, String prefix) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put(prefix + "loss", lossMean.result());
        for (Metric m : metrics) {
            logs.put(prefix + m.name(), m.result());
        }
        return logs;
    }

    private void shuffle(int[] order) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** The samples order[from .. from+b) copied into this batch size's buffers {x, y, weights, grad}. */
    private float[][] gather(Tensor x, Tensor y, int[] order, int from, int b) {
        return batches.gather(x, y, outputShape(), order, from, b);
    }

    private void checkInput(String what, Tensor x) {
        DataChecks.input(name, layers, inputShape, what, x);
    }

    /** Checks x against the input shape and y against the output shape and the loss. */
    private void checkData(String xName, String yName, Tensor x, Tensor y) {
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
