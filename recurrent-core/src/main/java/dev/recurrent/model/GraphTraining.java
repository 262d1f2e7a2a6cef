package dev.recurrent.model;

import dev.recurrent.graph.Call;
import dev.recurrent.init.SeededRandom;
import dev.recurrent.layers.Parameter;
import dev.recurrent.metrics.Metric;
import dev.recurrent.optim.Optimizer;
import dev.recurrent.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A graph {@link Model} as the training loop drives it: one array per input and per output,
 * gathered per batch, its steps those of {@link Model#computeGradients}; truncated BPTT as
 * {@link GraphChunks} allows it.
 */
final class GraphTraining implements Trainable {
    private final Model model;
    private List<Tensor> x, y;
    private float[][] batchX, batchY;
    private int steps;
    private Map<String, List<Parameter>> parametersByLayer;

    GraphTraining(Model model) {
        this.model = model;
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public void trainBegins(Callback callback) {
        callback.onTrainBegin(model);
    }

    @Override
    public SeededRandom random() {
        return model.random();
    }

    @Override
    public boolean stopRequested() {
        return model.stopRequested;
    }

    @Override
    public void clearStop() {
        model.stopRequested = false;
    }

    @Override
    public Optimizer optimizer() {
        return model.optimizer();
    }

    @Override
    public List<Parameter> parameters() {
        return model.parameters();
    }

    @Override
    public List<Object> layers() {
        return model.layers();
    }

    /** A shared layer once, under its name, as its first call has it. */
    @Override
    public Map<String, List<Parameter>> parametersByLayer() {
        if (parametersByLayer == null) {
            parametersByLayer = new LinkedHashMap<>();
            for (List<Call> calls : model.graph().callsByLayer().values()) {
                parametersByLayer.put(calls.get(0).name(), calls.get(0).parameters());
            }
        }
        return parametersByLayer;
    }

    @Override
    public int outputCount() {
        return model.outputs().size();
    }

    @Override
    public String outputLossKey(int i) {
        return model.outputKey(i, "loss");
    }

    @Override
    public List<List<Metric>> newMetrics() {
        return model.makeMetrics();
    }

    @Override
    public void checkValidation(List<Tensor> xs, List<Tensor> ys) {
        model.checkData("validation x", "validation y", xs, ys);
    }

    /** Nothing to do: compile readied each output's loss. */
    @Override
    public void prepare() {
    }

    @Override
    public void trainOn(List<Tensor> xs, List<Tensor> ys) {
        x = xs;
        y = ys;
    }

    @Override
    public void gather(int[] order, int from, int b) {
        batchX = GraphData.gather(x, order, from, b);
        batchY = GraphData.gather(y, order, from, b);
    }

    @Override
    public double computeGradients(int b, List<List<Metric>> metrics, int gradientStart) {
        return model.computeGradients(batchX, batchY, b, metrics, gradientStart);
    }

    @Override
    public double[] outputLosses() {
        return model.lastOutputLosses;
    }

    @Override
    public Map<String, Double> evaluate(List<Tensor> xs, List<Tensor> ys, int batchSize) {
        return model.evaluate(xs, ys, batchSize);
    }

    // ------------------------------------------------------------------ truncated BPTT

    @Override
    public ChunkPlan planChunks(List<Tensor> xs) {
        ChunkPlan plan = GraphChunks.plan(model, xs);
        steps = plan.steps();
        return plan;
    }

    /** The inputs run on chunks of {@code c} steps; on the whole sequences again when c is their length. */
    @Override
    public void runOnSteps(int c) {
        model.run().runInputsOn(c == steps ? 0 : c);
    }

    @Override
    public void gatherChunk(ChunkPlan plan, int[] order, int from, int b, int t0, int c) {
        batchX = GraphData.gatherSteps(x, plan.steps(), order, from, b, t0, c);
        batchY = plan.sequenceOutput()
                ? GraphData.gatherSteps(y, plan.steps(), order, from, b, t0, c)
                : GraphData.gather(y, order, from, b);
    }

    @Override
    public void forwardOnly(int b) {
        model.forwardOnly(batchX, b);
    }
}
