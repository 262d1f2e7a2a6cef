package dev.recurrent.model;

import dev.recurrent.metrics.Mean;
import dev.recurrent.metrics.Metric;
import dev.recurrent.metrics.Metrics;
import dev.recurrent.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Model#fit}'s loop, {@link FitLoop}'s over several inputs and outputs: the validation split
 * (the last samples, before shuffling), then per epoch the callbacks, the shuffle, a
 * {@link Model#trainStep training step} per batch with the running losses and metrics, the
 * validation, and the epoch's logs in the {@link History}. Truncated BPTT and the gradient window
 * are refused: they are {@link Sequential}'s.
 */
final class GraphFitLoop {
    private final Model model;

    GraphFitLoop(Model model) {
        this.model = model;
    }

    History fit(List<Tensor> xs, List<Tensor> ys, FitOptions options) {
        if (options.tbpttForward > 0 || options.gradientWindow > 0) {
            throw new IllegalArgumentException(model.name() + ": truncated BPTT and the gradient window are not available"
                    + " for graph models yet; fit without them");
        }
        if (options.validationX != null) {
            throw new IllegalArgumentException(model.name() + ": a graph model takes its validation data as lists:"
                    + " FitOptions.validationData(List<Tensor>, List<Tensor>)");
        }
        int n = xs.get(0).samples();
        List<Tensor> trainX = xs, trainY = ys, valX = options.validationXs, valY = options.validationYs;
        if (options.validationSplit > 0 && valX == null) {
            int splitAt = (int) Math.floor(n * (1.0 - options.validationSplit));
            if (splitAt >= n || splitAt == 0) {
                throw new IllegalArgumentException(model.name() + ": validation_split " + options.validationSplit + " of "
                        + n + " samples leaves no training or no validation sample");
            }
            trainX = GraphData.slice(xs, 0, splitAt);
            trainY = GraphData.slice(ys, 0, splitAt);
            valX = GraphData.slice(xs, splitAt, n);
            valY = GraphData.slice(ys, splitAt, n);
        }
        if (valX != null) {
            model.checkData("validation x", "validation y", valX, valY);
        }
        return train(trainX, trainY, valX, valY, options);
    }

    private History train(List<Tensor> trainX, List<Tensor> trainY, List<Tensor> valX, List<Tensor> valY,
                          FitOptions options) {
        List<List<Metric>> metrics = model.makeMetrics();
        Mean lossMean = new Mean("loss");
        Mean[] each = model.outputLossMeans();
        History history = new History();
        model.stopRequested = false;
        for (Callback c : options.callbacks) {
            c.onTrainBegin(model);
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        int samples = trainX.get(0).samples(), batchSize = Math.min(options.batchSize, samples);
        int batches = (samples + batchSize - 1) / batchSize;
        int[] order = new int[samples];
        for (int epoch = options.initialEpoch; epoch < options.epochs && !model.stopRequested; epoch++) {
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
            for (Mean m : each) {
                m.reset();
            }
            for (List<Metric> ms : metrics) {
                for (Metric m : ms) {
                    m.reset();
                }
            }
            for (int bi = 0; bi < batches && !model.stopRequested; bi++) {
                int from = bi * batchSize, b = Math.min(batchSize, samples - from);
                double l = model.trainStep(GraphData.gather(trainX, order, from, b), GraphData.gather(trainY, order, from, b),
                        b, metrics, options.recordGradientNorms);
                lossMean.update(l, b);
                for (int i = 0; i < each.length; i++) {
                    each[i].update(model.lastOutputLosses[i], b);
                }
                if (options.recordGradientNorms) {
                    history.recordBatch("grad_norm", model.lastGradNorm);
                    history.recordBatch("grad_norm_clipped", model.lastClippedNorm);
                }
                if (!options.callbacks.isEmpty()) {
                    logs = model.logs(lossMean, each, metrics);
                    for (Callback c : options.callbacks) {
                        c.onBatchEnd(bi, batches, logs);
                    }
                }
            }
            logs = model.logs(lossMean, each, metrics);
            if (valX != null) {
                for (Map.Entry<String, Double> e : model.evaluate(valX, valY, options.batchSize).entrySet()) {
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

    private void shuffle(int[] order) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = model.random().nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
