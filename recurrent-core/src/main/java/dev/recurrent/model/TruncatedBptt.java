package dev.recurrent.model;

import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.Shape;
import dev.recurrent.metrics.Metric;
import dev.recurrent.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Truncated backpropagation through time ({@link FitOptions#tbptt(int, int)}), as Deeplearning4j's
 * {@code doTruncatedBPTT}: each batch's sequences run in chunks of the forward length, each chunk a
 * training step of its own, the recurrent layers carrying their states from chunk to chunk. Only a
 * chunk's steps are gathered and cached at a time.
 */
final class TruncatedBptt {
    private final Sequential model;
    private final int forwardSteps, backwardSteps, steps;
    /** Whether the output has the input's time axis, so that the targets are cut into the same chunks. */
    private final boolean sequenceOutput;
    /** The recurrent layers whose input steps are the chunk's (not those after a RepeatVector, say). */
    private final List<Recurrent> chunked = new ArrayList<>();
    private final ChunkBuffers buffers = new ChunkBuffers();

    /** Checks that the model can be trained so, and refuses it with the reason when it cannot. */
    TruncatedBptt(Sequential model, int forwardSteps, int backwardSteps) {
        this.model = model;
        this.forwardSteps = forwardSteps;
        this.backwardSteps = backwardSteps;
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
        this.steps = input.dim(0);
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
        this.sequenceOutput = !probed.equals(output);
    }

    /**
     * One batch, the samples order[from .. from+b) of x, y: its chunks in order, each trained (for a
     * single output, only the last). Returns the batch loss: the chunks' losses averaged, each
     * weighted by its steps, or the last chunk's loss for a single output.
     */
    double trainBatch(Tensor x, Tensor y, int[] order, int from, int b, List<Metric> metrics, boolean recordNorms) {
        for (Recurrent r : chunked) {
            r.carryStatesAcrossCalls(true);
        }
        double lossSum = 0, normSum = 0, clippedSum = 0;
        int updates = 0;
        try {
            for (int t0 = 0; t0 < steps; t0 += forwardSteps) {
                int c = Math.min(forwardSteps, steps - t0);
                Shape out = model.resizeSteps(c);
                float[][] buf = buffers.gather(x, y, steps, sequenceOutput, out.size(), order, from, b, t0, c);
                if (!sequenceOutput && t0 + c < steps) {
                    model.forwardOnly(buf[0], b);
                    continue;
                }
                int start = Math.max(0, c - backwardSteps);
                for (Recurrent r : chunked) {
                    r.setGradientStart(start);
                }
                double l = model.trainStep(buf, b, metrics, recordNorms, start);
                lossSum += c == steps || !sequenceOutput ? l : l * c / steps;
                if (recordNorms) {
                    normSum += model.lastGradNorm;
                    clippedSum += model.lastClippedNorm;
                }
                updates++;
            }
        } finally {
            for (Recurrent r : chunked) {
                r.setGradientStart(0);
                r.carryStatesAcrossCalls(false);
            }
            model.resizeSteps(steps);
        }
        if (recordNorms) {         // the batch's norms: the mean over its updates
            model.lastGradNorm = normSum / updates;
            model.lastClippedNorm = clippedSum / updates;
        }
        return lossSum;
    }
}
