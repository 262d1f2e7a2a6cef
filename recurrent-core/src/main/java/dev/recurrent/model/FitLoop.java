package dev.recurrent.model;

import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.metrics.Metrics;
import dev.recurrent.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code fit}'s loop, as Keras', for a {@link Sequential} and a graph {@link Model} alike (a
 * {@link Trainable}): the validation split, then per epoch the callbacks, the shuffle, a training
 * step per batch (or per chunk of it, with {@link TruncatedBptt}; each an {@link UpdateStep}, which
 * stops at a non-finite loss or gradient) with the running losses, metrics and gradient norms, the
 * validation, and the epoch's logs in the {@link History}.
 */
final class FitLoop {
    private final Trainable model;

    FitLoop(Trainable model) {
        this.model = model;
    }

    /**
     * Trains the compiled, built model on x, y (one tensor per input and per output), already
     * checked, and returns the per-epoch history.
     */
    History fit(List<Tensor> x, List<Tensor> y, FitOptions options) {
        int n = x.get(0).samples();
        List<Tensor> trainX = x, trainY = y;
        List<Tensor> valX = options.validationXs != null ? options.validationXs
                : options.validationX != null ? List.of(options.validationX) : null;
        List<Tensor> valY = options.validationXs != null ? options.validationYs
                : options.validationX != null ? List.of(options.validationY) : null;
        if (options.validationSplit > 0 && valX == null) {
            // as Keras: the last samples, before shuffling, and ignored when validation data is given
            int splitAt = (int) Math.floor(n * (1.0 - options.validationSplit));
            if (splitAt >= n || splitAt == 0) {
                throw new IllegalArgumentException(model.name() + ": validation_split " + options.validationSplit + " of "
                        + n + " samples leaves no training or no validation sample");
            }
            trainX = GraphData.slice(x, 0, splitAt);
            trainY = GraphData.slice(y, 0, splitAt);
            valX = GraphData.slice(x, splitAt, n);
            valY = GraphData.slice(y, splitAt, n);
        }
        if (valX != null) {
            model.checkValidation(valX, valY);
        }
        model.prepare();
        if (options.tbpttForward > 0 && options.gradientWindow > 0) {
            throw new IllegalArgumentException("fit: choose truncated BPTT (tbptt) or the gradient window, not both");
        }
        TruncatedBptt chunks = options.tbpttForward > 0
                ? new TruncatedBptt(model, trainX, options.tbpttForward, options.tbpttBackward) : null;
        setGradientWindow(options.gradientWindow);
        try {
            model.trainOn(trainX, trainY);
            return train(trainX.get(0).samples(), valX, valY, options, chunks);
        } finally {
            setGradientWindow(0);
        }
    }

    /** The gradient window of every recurrent layer (both directions of a Bidirectional). */
    private void setGradientWindow(int steps) {
        for (Object l : model.layers()) {
            if (l instanceof Recurrent r) {
                r.setGradientWindow(steps);
            } else if (l instanceof Bidirectional bi) {
                bi.forwardLayer().setGradientWindow(steps);
                bi.backwardLayer().setGradientWindow(steps);
            }
        }
    }

    private History train(int samples, List<Tensor> valX, List<Tensor> valY, FitOptions options, TruncatedBptt chunks) {
        EpochLogs running = new EpochLogs(model);
        UpdateStep step = new UpdateStep(model, options.terminateOnNonFinite, options.recordGradientNorms);
        double[] chunkLosses = new double[model.outputCount()];
        History history = new History();
        model.clearStop();
        for (Callback c : options.callbacks) {
            model.trainBegins(c);
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        int batchSize = Math.min(options.batchSize, samples);
        int batches = (samples + batchSize - 1) / batchSize;
        int[] order = new int[samples];
        for (int epoch = options.initialEpoch; epoch < options.epochs && !model.stopRequested(); epoch++) {
            for (Callback c : options.callbacks) {
                c.onEpochBegin(epoch);
            }
            for (int i = 0; i < samples; i++) {
                order[i] = i;
            }
            if (options.shuffle) {
                shuffle(order);
            }
            running.reset();
            double normSum = 0, normMax = 0, clippedSum = 0, clippedMax = 0;
            int normCount = 0;
            for (int bi = 0; bi < batches && !model.stopRequested(); bi++) {
                int from = bi * batchSize, b = Math.min(batchSize, samples - from);
                double l;
                double[] outputLosses;
                if (chunks != null) {
                    l = chunks.trainBatch(order, from, b, running.metrics, step, chunkLosses);
                    outputLosses = chunkLosses;
                } else {
                    model.gather(order, from, b);
                    l = step.run(b, running.metrics, 0);
                    outputLosses = model.outputLosses();
                }
                if (step.nonFinite != null) {
                    throw new NonFiniteTrainingException(model.name(), epoch, bi, step.nonFinite);
                }
                running.update(l, outputLosses, b);
                if (options.recordGradientNorms) {
                    history.recordBatch("grad_norm", step.gradNorm);
                    history.recordBatch("grad_norm_clipped", step.clippedNorm);
                    normSum += step.gradNorm;
                    clippedSum += step.clippedNorm;
                    normMax = Math.max(normMax, step.gradNorm);
                    clippedMax = Math.max(clippedMax, step.clippedNorm);
                    normCount++;
                }
                if (!options.callbacks.isEmpty()) {
                    logs = running.logs();
                    if (options.recordGradientNorms) {
                        logs.put("grad_norm", step.gradNorm);
                        logs.put("grad_norm_clipped", step.clippedNorm);
                    }
                    for (Callback c : options.callbacks) {
                        c.onBatchEnd(bi, batches, logs);
                    }
                }
            }
            logs = running.logs();
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

    private void shuffle(int[] order) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = model.random().nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
