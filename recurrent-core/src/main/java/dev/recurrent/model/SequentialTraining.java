package dev.recurrent.model;

import dev.recurrent.init.SeededRandom;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.Shape;
import dev.recurrent.metrics.Metric;
import dev.recurrent.optim.Optimizer;
import dev.recurrent.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link Sequential} as the training loop drives it: one input, one output, its batches gathered
 * into buffers reused per batch size ({@link BatchBuffers}, {@link ChunkBuffers}), its steps those
 * of {@link Sequential#computeGradients}.
 */
final class SequentialTraining implements Trainable {
    private final Sequential model;
    private final ChunkBuffers chunkBuffers = new ChunkBuffers();
    private final double[] outputLoss = new double[1];
    private Tensor x, y;
    private float[][] batch;
    private Shape chunkOutput;
    private Map<String, List<Parameter>> parametersByLayer;

    SequentialTraining(Sequential model) {
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
    public List<Layer> layers() {
        return model.layers();
    }

    @Override
    public Map<String, List<Parameter>> parametersByLayer() {
        if (parametersByLayer == null) {
            parametersByLayer = NonFiniteCheck.byLayer(model.layers());
        }
        return parametersByLayer;
    }

    @Override
    public int outputCount() {
        return 1;
    }

    @Override
    public String outputLossKey(int i) {
        return "loss";
    }

    @Override
    public List<List<Metric>> newMetrics() {
        return List.of(model.makeMetrics());
    }

    @Override
    public void checkValidation(List<Tensor> xs, List<Tensor> ys) {
        single("validation x", xs);
        single("validation y", ys);
        model.checkData("validation x", "validation y", xs.get(0), ys.get(0));
    }

    private void single(String what, List<Tensor> ts) {
        if (ts.size() != 1) {
            throw new IllegalArgumentException(model.name() + ": expected 1 " + what + " array (the model has one input"
                    + " and one output), got " + ts.size());
        }
    }

    @Override
    public void prepare() {
        model.prepareLoss();
    }

    @Override
    public void trainOn(List<Tensor> xs, List<Tensor> ys) {
        x = xs.get(0);
        y = ys.get(0);
    }

    @Override
    public void gather(int[] order, int from, int b) {
        batch = model.gather(x, y, order, from, b);
    }

    @Override
    public double computeGradients(int b, List<List<Metric>> metrics, int gradientStart) {
        double value = model.computeGradients(batch, b, metrics.get(0), gradientStart);
        outputLoss[0] = value;
        return value;
    }

    @Override
    public double[] outputLosses() {
        return outputLoss;
    }

    @Override
    public Map<String, Double> evaluate(List<Tensor> xs, List<Tensor> ys, int batchSize) {
        return model.evaluate(xs.get(0), ys.get(0), batchSize);
    }

    // ------------------------------------------------------------------ truncated BPTT

    /**
     * Chunks of the input's steps; refused for a Bidirectional or go_backwards layer (each reads a
     * sequence from its end), a layer that cannot run on fewer steps, and a model with no recurrent
     * layer on the input's steps.
     */
    @Override
    public ChunkPlan planChunks(List<Tensor> xs) {
        Shape input = model.inputShape();
        for (Layer l : model.layers()) {
            if (l instanceof Bidirectional) {
                throw new IllegalArgumentException("fit: truncated BPTT cannot train " + l.name() + ": a Bidirectional"
                        + " layer's backward direction reads each sequence from its end, which a chunk does not have yet");
            }
        }
        if (input.rank() < 1) {
            throw new IllegalArgumentException("fit: truncated BPTT needs sequences (samples, timesteps, ...), got input " + input);
        }
        int steps = input.dim(0);
        List<Recurrent> chunked = new ArrayList<>();
        // a trial resize to one more step shows which layers follow the chunk's steps (and refuses a
        // layer that cannot); the model is then set back as it was
        Shape output = model.outputShape();
        Shape probed;
        try {
            probed = model.resizeSteps(steps + 1);
            for (Layer l : model.layers()) {
                if (l instanceof Recurrent r && l.inputShape().dim(0) == steps + 1) {
                    if (r.config().goBackwards()) {
                        throw new IllegalArgumentException(l.name() + ": a go_backwards layer reads each sequence from"
                                + " its end, which a chunk does not have yet");
                    }
                    chunked.add(r);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fit: truncated BPTT cannot cut this model's sequences into chunks: "
                    + e.getMessage(), e);
        } finally {
            model.resizeSteps(steps);
        }
        if (chunked.isEmpty()) {
            throw new IllegalArgumentException("fit: truncated BPTT needs a recurrent layer that reads the input's steps;"
                    + " this model has none");
        }
        return new ChunkPlan(steps, !probed.equals(output), List.copyOf(chunked));
    }

    @Override
    public void runOnSteps(int steps) {
        chunkOutput = model.resizeSteps(steps);
    }

    @Override
    public void gatherChunk(ChunkPlan plan, int[] order, int from, int b, int t0, int c) {
        batch = chunkBuffers.gather(x, y, plan.steps(), plan.sequenceOutput(), chunkOutput.size(), order, from, b, t0, c);
    }

    @Override
    public void forwardOnly(int b) {
        model.forwardOnly(batch[0], b);
    }
}
