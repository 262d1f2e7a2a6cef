package dev.recurrent.model;

import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.Shape;
import dev.recurrent.metrics.Metric;
import dev.recurrent.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * Truncated backpropagation through time ({@link FitOptions#tbptt(int, int)}), as Deeplearning4j's
 * {@code doTruncatedBPTT}: each batch's sequences run in chunks of the forward length, each chunk a
 * training step of its own, the recurrent layers carrying their states from chunk to chunk. Only a
 * chunk's steps are gathered and cached at a time. Which models can run so, and which of their
 * layers follow the chunks, each model says ({@link Trainable#planChunks}).
 */
final class TruncatedBptt {
    private final Trainable model;
    private final int forwardSteps, backwardSteps;
    private final ChunkPlan plan;

    /** Checks that the model can be trained so on x, and refuses it with the reason when it cannot. */
    TruncatedBptt(Trainable model, List<Tensor> x, int forwardSteps, int backwardSteps) {
        this.model = model;
        this.forwardSteps = forwardSteps;
        this.backwardSteps = backwardSteps;
        this.plan = model.planChunks(x);
    }

    /**
     * One batch, the samples order[from .. from+b): its chunks in order, each a training step (for
     * outputs without the time axis, only the last; the ones before run forward only). Returns the
     * batch loss: the chunks' losses averaged, each weighted by its steps, or the last chunk's loss
     * for outputs without the time axis; each output's loss likewise in {@code outputLosses}. Stops
     * at the first chunk the step refuses as non-finite.
     */
    /**
     * Clears the loss gradient {@code grad} [batch, output] of the output steps before
     * {@code gradientStart}, when the output {@code os} is a sequence (T, ...): truncated BPTT's
     * backward length, with the recurrent layers' {@link Recurrent#setGradientStart}.
     */
    static void clearLossGradientBefore(int gradientStart, float[] grad, int batch, Shape os) {
        if (gradientStart > 0 && os.rank() >= 2) {
            int steps = os.dim(0), stepSize = os.size() / steps;
            for (int r = 0; r < batch; r++) {
                Arrays.fill(grad, r * os.size(), r * os.size() + gradientStart * stepSize, 0f);
            }
        }
    }

    double trainBatch(int[] order, int from, int b, List<List<Metric>> metrics, UpdateStep step, double[] outputLosses) {
        int steps = plan.steps();
        boolean sequenceOutput = plan.sequenceOutput();
        for (Recurrent r : plan.chunked()) {
            r.carryStatesAcrossCalls(true);
        }
        Arrays.fill(outputLosses, 0);
        double lossSum = 0, normSum = 0, clippedSum = 0;
        int updates = 0;
        try {
            for (int t0 = 0; t0 < steps; t0 += forwardSteps) {
                int c = Math.min(forwardSteps, steps - t0);
                model.runOnSteps(c);
                model.gatherChunk(plan, order, from, b, t0, c);
                if (!sequenceOutput && t0 + c < steps) {
                    model.forwardOnly(b);
                    continue;
                }
                int start = Math.max(0, c - backwardSteps);
                for (Recurrent r : plan.chunked()) {
                    r.setGradientStart(start);
                }
                double l = step.run(b, metrics, start);
                boolean whole = c == steps || !sequenceOutput;
                lossSum += whole ? l : l * c / steps;
                double[] each = model.outputLosses();
                for (int i = 0; i < outputLosses.length; i++) {
                    outputLosses[i] += whole ? each[i] : each[i] * c / steps;
                }
                if (step.nonFinite != null) {
                    return lossSum;
                }
                if (step.recordsNorms()) {
                    normSum += step.gradNorm;
                    clippedSum += step.clippedNorm;
                }
                updates++;
            }
        } finally {
            for (Recurrent r : plan.chunked()) {
                r.setGradientStart(0);
                r.carryStatesAcrossCalls(false);
            }
            model.runOnSteps(steps);
        }
        if (step.recordsNorms()) {         // the batch's norms: the mean over its updates
            step.gradNorm = normSum / updates;
            step.clippedNorm = clippedSum / updates;
        }
        return lossSum;
    }
}
