package dev.recurrent.model;

import dev.recurrent.tensor.Tensor;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.metrics.Mean;
import dev.recurrent.metrics.Metric;
import dev.recurrent.metrics.Metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Sequential#fit}'s loop, as Keras': the validation split, then per epoch the callbacks, the
 * shuffle, a {@link Sequential#trainStep training step} per batch (or per chunk of it, with
 * {@link TruncatedBptt}) with the running loss, metrics and gradient norms, the validation, and the
 * epoch's logs in the {@link History}.
 */
final class FitLoop {
    private final Sequential model;

    FitLoop(Sequential model) {
        this.model = model;
    }

    /** Trains the compiled, built model on x, y, already checked, and returns the per-epoch history. */
    History fit(Tensor x, Tensor y, FitOptions options) {
        int n = x.samples();
        Tensor trainX = x, trainY = y, valX = options.validationX, valY = options.validationY;
        if (options.validationSplit > 0 && valX == null) {
            // as Keras: the last samples, before shuffling, and ignored when validation data is given
            int splitAt = (int) Math.floor(n * (1.0 - options.validationSplit));
            if (splitAt >= n || splitAt == 0) {
                throw new IllegalArgumentException(model.name() + ": validation_split " + options.validationSplit + " of "
                        + n + " samples leaves no training or no validation sample");
            }
            trainX = x.slice(0, splitAt);
            trainY = y.slice(0, splitAt);
            valX = x.slice(splitAt, n);
            valY = y.slice(splitAt, n);
        }
        if (valX != null) {
            model.checkData("validation x", "validation y", valX, valY);
        }
        model.prepareLoss();
        if (options.tbpttForward > 0 && options.gradientWindow > 0) {
            throw new IllegalArgumentException("fit: choose truncated BPTT (tbptt) or the gradient window, not both");
        }
        TruncatedBptt chunks = options.tbpttForward > 0
                ? new TruncatedBptt(model, options.tbpttForward, options.tbpttBackward) : null;
        setGradientWindow(options.gradientWindow);
        model.checkNonFinite = options.terminateOnNonFinite;
        model.nonFinite = null;
        try {
            return train(trainX, trainY, valX, valY, options, chunks);
        } finally {
            setGradientWindow(0);
            model.checkNonFinite = false;
        }
    }

    private void setGradientWindow(int steps) {
        for (Layer l : model.layers()) {
            if (l instanceof Recurrent) {
                ((Recurrent) l).setGradientWindow(steps);
            } else if (l instanceof Bidirectional) {
                ((Bidirectional) l).forwardLayer().setGradientWindow(steps);
                ((Bidirectional) l).backwardLayer().setGradientWindow(steps);
            }
        }
    }

    private History train(Tensor trainX, Tensor trainY, Tensor valX, Tensor valY, FitOptions options,
                          TruncatedBptt chunks) {
        List<Metric> metrics = model.makeMetrics();
        Mean lossMean = new Mean("loss");
        History history = new History();
        model.stopRequested = false;
        for (Callback c : options.callbacks) {
            c.onTrainBegin(model);
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        int samples = trainX.samples(), batchSize = Math.min(options.batchSize, samples);
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
            for (Metric m : metrics) {
                m.reset();
            }
            double normSum = 0, normMax = 0, clippedSum = 0, clippedMax = 0;
            int normCount = 0;
            for (int bi = 0; bi < batches && !model.stopRequested; bi++) {
                int from = bi * batchSize, b = Math.min(batchSize, samples - from);
                double l = chunks != null
                        ? chunks.trainBatch(trainX, trainY, order, from, b, metrics, options.recordGradientNorms)
                        : model.trainStep(model.gather(trainX, trainY, order, from, b), b, metrics,
                        options.recordGradientNorms);
                if (model.nonFinite != null) {
                    throw new NonFiniteTrainingException(model.name(), epoch, bi, model.nonFinite);
                }
                lossMean.update(l, b);
                if (options.recordGradientNorms) {
                    history.recordBatch("grad_norm", model.lastGradNorm);
                    history.recordBatch("grad_norm_clipped", model.lastClippedNorm);
                    normSum += model.lastGradNorm;
                    clippedSum += model.lastClippedNorm;
                    normMax = Math.max(normMax, model.lastGradNorm);
                    clippedMax = Math.max(clippedMax, model.lastClippedNorm);
                    normCount++;
                }
                if (!options.callbacks.isEmpty()) {
                    logs = logs(lossMean, metrics, "");
                    if (options.recordGradientNorms) {
                        logs.put("grad_norm", model.lastGradNorm);
                        logs.put("grad_norm_clipped", model.lastClippedNorm);
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

    /** The loss and each metric, under their names after {@code prefix}. */
    static Map<String, Double> logs(Mean lossMean, List<Metric> metrics, String prefix) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put(prefix + "loss", lossMean.result());
        for (Metric m : metrics) {
            logs.put(prefix + m.name(), m.result());
        }
        return logs;
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
