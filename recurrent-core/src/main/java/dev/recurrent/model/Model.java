package dev.recurrent.model;

import dev.recurrent.graph.Graph;
import dev.recurrent.graph.GraphRun;
import dev.recurrent.graph.Node;
import dev.recurrent.init.SeededRandom;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.Shape;
import dev.recurrent.loss.Loss;
import dev.recurrent.metrics.Metric;
import dev.recurrent.metrics.Metrics;
import dev.recurrent.optim.Optimizer;
import dev.recurrent.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A model over a graph of layer calls, as Keras' functional {@code keras.Model(inputs, outputs)}:
 * <pre>{@code
 * Node x = Input.of(Input.NONE, 8);
 * Outputs enc = Functional.callWithState(LSTM.builder(16).returnState(true).build(), x);
 * Node y = Functional.call(Dense.of(4, "softmax"), enc.output());
 * Model model = new Model(List.of(x), List.of(y)).compile(new Adam(), new CategoricalCrossentropy());
 * History h = model.fit(List.of(xs), List.of(ys), FitOptions.defaults().epochs(10));
 * }</pre>
 * A training step ({@link #computeGradients}): forward over the graph, zero the gradients, each
 * output's loss times its loss weight and its gradient (on a softmax or sigmoid head's logits where
 * Keras does so), backward over the graph, the regularizers; then the optimizer step and the
 * constraints ({@link UpdateStep}). {@code fit} is the loop every model shares ({@link FitLoop}),
 * which drives this model batch by batch through {@link GraphTraining}. The graph is checked when
 * the model is made ({@link Graph}); the losses when it is compiled ({@link OutputLosses}).
 */
public final class Model implements TrainedModel {
    private final String name;
    private final Graph graph;
    private final GraphRun run;
    /** The graph's {@code Layer}s, for their activity regularizers. */
    private final List<Layer> plainLayers = new ArrayList<>();
    private SeededRandom rng = new SeededRandom(0);

    private Optimizer optimizer;
    /** One loss per output with its weight; null before compile. */
    private OutputLosses losses;
    private List<String> metricNames = List.of();
    /** Set by {@link #stopTraining()}; the fit ends after the batch it is in. */
    volatile boolean stopRequested;
    /** Each output's loss in the last training step (unweighted), for the running per-output logs. */
    double[] lastOutputLosses = new double[0];

    public Model(List<Node> inputs, List<Node> outputs) {
        this("functional", inputs, outputs);
    }

    public Model(Node input, Node output) {
        this("functional", List.of(input), List.of(output));
    }

    public Model(String name, List<Node> inputs, List<Node> outputs) {
        this.name = name;
        this.graph = new Graph(name, inputs, outputs);
        this.run = new GraphRun(graph);
        for (Object layer : graph.layers()) {
            if (layer instanceof Layer l) {
                plainLayers.add(l);
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    public Graph graph() {
        return graph;
    }

    public List<Node> inputs() {
        return graph.inputs();
    }

    public List<Node> outputs() {
        return graph.outputs();
    }

    /** The layers, each once, in the order of their first call: {@code Layer}s, attention layers and merges. */
    public List<Object> layers() {
        return graph.layers();
    }

    /** The layer of that name (Keras' {@code get_layer}): a {@code Layer}, an attention layer or a merge. */
    public Object layer(String layerName) {
        for (dev.recurrent.graph.Call c : graph.calls()) {
            if (c.name().equals(layerName)) {
                return c.layer();
            }
        }
        throw new IllegalArgumentException(name + ": no layer named '" + layerName + "'; the layers are "
                + graph.callsByLayer().values().stream().map(calls -> calls.get(0).name()).toList());
    }

    /** The seed of the shuffles (the weights are drawn when the layers are first called). */
    public Model seed(long seed) {
        rng = new SeededRandom(seed);
        return this;
    }

    /** The generator of the shuffles, live, for checkpoints. */
    public SeededRandom random() {
        return rng;
    }

    /** Every trainable weight, each once, layer by layer. */
    public List<Parameter> parameters() {
        return graph.parameters();
    }

    public long parameterCount() {
        return Parameter.count(parameters());
    }

    // ------------------------------------------------------------------ compile

    /** One loss for every output, loss weights 1. */
    public Model compile(Optimizer optimizer, Loss loss, String... metrics) {
        Loss[] ls = new Loss[graph.outputs().size()];
        Arrays.fill(ls, loss);
        return compile(optimizer, Arrays.asList(ls), null, metrics);
    }

    /**
     * A loss per output, in the outputs' order, and their weights (null: 1 each): the model's loss
     * is Σ weight·loss, as Keras' {@code compile(loss=[...], loss_weights=[...])}.
     */
    public Model compile(Optimizer optimizer, List<Loss> losses, List<Double> lossWeights, String... metrics) {
        if (optimizer == null || losses == null || losses.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException(name + ": compile needs an optimizer and a loss per output");
        }
        this.losses = OutputLosses.of(name, graph.outputs(), run, losses, lossWeights);
        this.optimizer = optimizer;
        this.metricNames = List.of(metrics);
        return this;
    }

    @Override
    public Optimizer optimizer() {
        return optimizer;
    }

    public List<String> metricNames() {
        return metricNames;
    }

    @Override
    public void stopTraining() {
        stopRequested = true;
    }

    // ------------------------------------------------------------------ training

    /** Trains on one array per input and one per output; returns the per-epoch history. */
    public History fit(List<Tensor> xs, List<Tensor> ys, FitOptions options) {
        requireCompiled();
        checkData("x", "y", xs, ys);
        return new FitLoop(new GraphTraining(this)).fit(xs, ys, options);
    }

    /** {@link #fit(List, List, FitOptions)} for one input and one output. */
    public History fit(Tensor x, Tensor y, FitOptions options) {
        return fit(List.of(x), List.of(y), options);
    }

    /** One training step on the data taken as one batch (Keras' {@code train_on_batch}); the loss before the update. */
    public double trainOnBatch(List<Tensor> xs, List<Tensor> ys) {
        requireCompiled();
        checkData("x", "y", xs, ys);
        int n = xs.get(0).samples();
        int[] order = GraphData.identity(n);
        double value = computeGradients(GraphData.gather(xs, order, 0, n), GraphData.gather(ys, order, 0, n), n, List.of(), 0);
        UpdateStep.apply(optimizer, parameters());
        return value;
    }

    /**
     * A training step without its update: forward, zero the gradients, the weighted losses and their
     * gradients, backward, the regularizers; updates the metrics (per output, when given) and leaves
     * the gradient in every {@link Parameter#grad()}. Returns the batch loss. The steps before
     * {@code gradientStart} of a sequence output get no loss gradient (truncated BPTT's backward
     * length, as {@link Sequential}'s).
     */
    double computeGradients(float[][] x, float[][] y, int batch, List<List<Metric>> metrics, int gradientStart) {
        float[][] out = run.forward(x, batch, true);
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
        int k = out.length;
        ModelLoss[] modelLosses = losses.computed();
        double[] lossWeights = losses.weights();
        float[][] dOut = new float[k][], dHead = new float[k][];
        double total = 0;
        lastOutputLosses = new double[k];
        for (int i = 0; i < k; i++) {
            Shape os = run.outputShape(i);
            int cols = os.last(), rows = batch * (os.size() / cols);
            float[] w = rowWeights(i, batch, os);
            float[] grad = new float[batch * os.size()];
            double value = modelLosses[i].compute(out[i], y[i], w, rows, cols, grad);
            lastOutputLosses[i] = value;
            total += lossWeights[i] * value;
            if (lossWeights[i] != 1) {
                for (int j = 0; j < grad.length; j++) {
                    grad[j] *= (float) lossWeights[i];
                }
            }
            TruncatedBptt.clearLossGradientBefore(gradientStart, grad, batch, os);
            if (modelLosses[i].stagesRun() == 1) {
                dHead[i] = modelLosses[i].backward(grad).clone();
            } else {
                dOut[i] = grad;
            }
            if (!metrics.isEmpty()) {
                for (Metric m : metrics.get(i)) {
                    m.update(out[i], y[i], w, rows, cols);
                }
            }
        }
        run.backward(dOut, dHead);
        return total + Regularization.addGradients(plainLayers, parameters());
    }

    /** The forward pass of a training step, without backward pass or update (truncated BPTT's leading chunks). */
    void forwardOnly(float[][] x, int batch) {
        run.forward(x, batch, true);
    }

    /** The passes over the graph, for the training loop (chunks of steps). */
    GraphRun run() {
        return run;
    }

    /**
     * The loss (Σ weight·loss, then each output's loss when there are several) and the metrics
     * (per output, named after the output's layer when there are several), without training.
     */
    public Map<String, Double> evaluate(List<Tensor> xs, List<Tensor> ys, int batchSize) {
        requireCompiled();
        checkData("x", "y", xs, ys);
        int k = graph.outputs().size(), n = xs.get(0).samples(), bs = Math.max(1, Math.min(batchSize, n));
        EpochLogs logs = new EpochLogs(new GraphTraining(this));
        ModelLoss[] modelLosses = losses.computed();
        double[] lossWeights = losses.weights();
        double[] each = new double[k];
        int[] order = GraphData.identity(n);
        for (int from = 0; from < n; from += bs) {
            int b = Math.min(bs, n - from);
            float[][] x = GraphData.gather(xs, order, from, b), y = GraphData.gather(ys, order, from, b);
            float[][] out = run.forward(x, b, false);
            double sum = 0;
            for (int i = 0; i < k; i++) {
                Shape os = run.outputShape(i);
                int cols = os.last(), rows = b * (os.size() / cols);
                float[] w = rowWeights(i, b, os);
                double l = modelLosses[i].compute(out[i], y[i], w, rows, cols, null);
                each[i] = l;
                sum += lossWeights[i] * l;
                for (Metric m : logs.metrics.get(i)) {
                    m.update(out[i], y[i], w, rows, cols);
                }
            }
            logs.update(sum + Regularization.penalty(plainLayers, parameters()), each, b);
        }
        return logs.logs();
    }

    /** The outputs for every sample, one tensor per output, in batches of {@code batchSize}. */
    public List<Tensor> predict(List<Tensor> xs, int batchSize) {
        GraphData.inputs(name, graph.inputs(), "x", xs);
        return GraphPrediction.predict(run, graph.outputs().size(), xs, batchSize);
    }

    /** {@link #predict(List, int)} for a model of one input and one output. */
    public Tensor predict(Tensor x, int batchSize) {
        if (graph.outputs().size() != 1) {
            throw new IllegalArgumentException(name + ": the model has " + graph.outputs().size()
                    + " outputs; use predict(List<Tensor>, batchSize)");
        }
        return predict(List.of(x), batchSize).get(0);
    }

    // ------------------------------------------------------------------ weights and summary

    @Override
    public List<float[]> getWeights() {
        return WeightLists.copy(parameters());
    }

    @Override
    public void setWeights(List<float[]> weights) {
        WeightLists.set(name, parameters(), weights);
    }

    /** Keras' functional summary: layer (type), output shape, parameters and "Connected to". */
    public String summary() {
        return GraphSummary.table(name, graph);
    }

    // ------------------------------------------------------------------ helpers

    /** "loss" or, with several outputs, "{output layer}_loss", as Keras names them. */
    String outputKey(int i, String what) {
        if (graph.outputs().size() == 1) {
            return what;
        }
        Node out = graph.outputs().get(i);
        return (out.isInput() ? out.name() : out.producer().name()) + "_" + what;
    }

    List<List<Metric>> makeMetrics() {
        List<List<Metric>> all = new ArrayList<>();
        for (int i = 0; i < graph.outputs().size(); i++) {
            List<Metric> ms = new ArrayList<>();
            for (String m : metricNames) {
                Metric metric = Metrics.byName(m, losses.losses()[i], graph.outputs().get(i).shape().last());
                ms.add(graph.outputs().size() == 1 ? metric : new RenamedMetric(outputKey(i, metric.name()), metric));
            }
            all.add(ms);
        }
        return all;
    }

    void checkData(String xName, String yName, List<Tensor> xs, List<Tensor> ys) {
        GraphData.inputs(name, graph.inputs(), xName, xs);
        int k = graph.outputs().size();
        Shape[] shapes = new Shape[k];
        List<Tensor> first = GraphData.slice(xs, 0, 1);
        float[][] x = new float[first.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = first.get(i).data();
        }
        run.forward(x, 1, false);
        for (int i = 0; i < k; i++) {
            shapes[i] = run.outputShape(i);
        }
        GraphData.targets(name, graph.outputs(), shapes, losses == null ? null : losses.losses(), yName, ys,
                xs.get(0).samples());
    }

    /** Output i's row weights [batch, T] (or [batch]) for its shape {@code os}: 0 at masked steps, else 1. */
    private float[] rowWeights(int i, int batch, Shape os) {
        return BatchBuffers.rowWeights(new float[batch * (os.rank() >= 2 ? os.dim(0) : 1)], run.outputMask(i), batch, os);
    }

    private void requireCompiled() {
        if (optimizer == null) {
            throw new IllegalStateException(name + ": call compile(optimizer, loss, metrics...) before fit or evaluate");
        }
    }
}
