package dev.recurrent.model;

import dev.recurrent.init.SeededRandom;
import dev.recurrent.layers.Parameter;
import dev.recurrent.metrics.Metric;
import dev.recurrent.optim.Optimizer;
import dev.recurrent.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * A model as {@link FitLoop}, the one training loop, drives it, batch by batch: a {@link Sequential}
 * ({@link SequentialTraining}) or a graph {@link Model} ({@link GraphTraining}). The data are lists of
 * tensors, one per input and one per output. Every call is per batch (or per chunk of one): the
 * models' own forward and backward passes run below it unchanged.
 */
interface Trainable {

    String name();

    /** Tells the callback that training starts, with the model as it knows it. */
    void trainBegins(Callback callback);

    /** The generator of the shuffles. */
    SeededRandom random();

    boolean stopRequested();

    void clearStop();

    Optimizer optimizer();

    List<Parameter> parameters();

    /** The layers, each once, in order: {@code Layer}s, and for a graph attention layers and merges. */
    List<?> layers();

    /** Each layer's parameters under the layer's name, in layer order, to name a non-finite gradient. */
    Map<String, List<Parameter>> parametersByLayer();

    /** The number of outputs, each with its loss. */
    int outputCount();

    /** The name of output i's loss in the logs ("loss" with one output). */
    String outputLossKey(int i);

    /** A fresh instance of each compiled metric, per output. */
    List<List<Metric>> newMetrics();

    /** Checks validation data as fit checks its training data (the counts of arrays included). */
    void checkValidation(List<Tensor> x, List<Tensor> y);

    /** Readies the losses for training (before the first batch). */
    void prepare();

    /** The training data, gathered from here on by {@link #gather} and {@link #gatherChunk}. */
    void trainOn(List<Tensor> x, List<Tensor> y);

    /** Gathers the samples order[from .. from+b) of the training data as the next batch. */
    void gather(int[] order, int from, int b);

    /**
     * The gathered batch's training step without its update: forward, zero the gradients, the loss
     * and its gradient (none for output steps before {@code gradientStart}), backward, the
     * regularizers; updates the metrics and leaves the gradient in every {@link Parameter#grad()}.
     * Returns the loss.
     */
    double computeGradients(int batch, List<List<Metric>> metrics, int gradientStart);

    /** Each output's unweighted loss in the last {@link #computeGradients}. */
    double[] outputLosses();

    /** The loss and metrics on x, y, without training, as {@code evaluate} reports them. */
    Map<String, Double> evaluate(List<Tensor> x, List<Tensor> y, int batchSize);

    // ------------------------------------------------------------------ truncated BPTT

    /** How the training data's sequences run in chunks, or refused with the reason in one line. */
    ChunkPlan planChunks(List<Tensor> x);

    /** Runs on samples of {@code steps} steps from now on (the full length sets the model back). */
    void runOnSteps(int steps);

    /** Gathers steps [t0, t0 + c) of the samples order[from .. from+b) as the next batch. */
    void gatherChunk(ChunkPlan plan, int[] order, int from, int b, int t0, int c);

    /** The forward pass of a training step on the gathered batch, without backward pass or update. */
    void forwardOnly(int batch);
}
