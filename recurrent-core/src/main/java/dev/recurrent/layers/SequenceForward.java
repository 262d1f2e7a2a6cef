package dev.recurrent.layers;

import dev.recurrent.kernels.Kernels;

/**
 * The forward pass of a {@link Recurrent} layer over all the steps of a call at once: dropout masks,
 * input projection, initial states, the {@link TimeLoop}, output and carried states. It keeps every
 * step's gates and states in the workspace, for the backward call and the diagnostics.
 */
final class SequenceForward {
    private final Recurrent layer;
    private final TimeMajorCopy copies = new TimeMajorCopy();

    SequenceForward(Recurrent layer) {
        this.layer = layer;
    }

    /** The output of x [B, steps, I], of x [B, I] repeated at every step, or of the tokens; see {@link Recurrent#run}. */
    float[] forward(float[] x, TokenInference.Tokens tokens, boolean repeated, int batch, int steps, boolean[] mask,
                    float[][] initialState, boolean training) {
        RecurrentConfig config = layer.config();
        LastForward last = layer.last;
        boolean cellState = layer.cell().hasCellState();
        last.cachesKept = true;
        last.gatesOverwritten = false;
        Workspace w = layer.workspaces.sizedFor(batch, steps);
        int T = steps, bh = batch * layer.units();
        boolean inDrop = training && config.dropout() > 0f;
        boolean recDrop = training && config.recurrentDropout() > 0f;
        if (inDrop) {
            Workspace.drawDropoutMask(w.inputMask, config.dropout(), layer.random());
        }
        w.useRecurrentDropout(recDrop);
        if (recDrop) {
            Workspace.drawDropoutMask(w.recurrentMask, config.recurrentDropout(), layer.random());
        }

        if (repeated) {
            layer.projection.projectRepeated(x, inDrop, w);
        } else {
            layer.projection.project(x, tokens, T, 0, T, inDrop, w);
        }

        layer.carry.start(w, layer.units(), cellState, initialState);
        Kernels kernels = layer.kernels();
        RecurrentWeights weights = layer.weights();
        layer.timeLoop.forward(kernels, w, weights.bias().value(), weights.recurrentKernel().value(),
                weights.packed(kernels), mask, recDrop, T);

        writeOutput(w, mask);
        if (layer.carriesStates()) {
            layer.carry.keep(w.hs, cellState ? w.cs : null, T * bh, bh);
        }
        last.done = true;
        last.inputDropout = inDrop;
        return w.out;
    }

    /** The output; with zero_output_for_mask a masked step's is zeros (its states still carry on). */
    private void writeOutput(Workspace w, boolean[] mask) {
        int b = w.batch, T = w.steps, h = layer.units();
        if (layer.config().returnSequences()) {
            copies.toBatchMajor(w.hs, b * h, b, T, h, 0, T, false, null, w.out);
            if (mask != null && layer.config().zeroOutputForMask()) {
                for (int r = 0; r < b; r++) {
                    for (int t = 0; t < T; t++) {
                        if (!mask[r * T + layer.timeLoop.sourceStep(t, T)]) {
                            java.util.Arrays.fill(w.out, (r * T + t) * h, (r * T + t + 1) * h, 0f);
                        }
                    }
                }
            }
        } else {
            System.arraycopy(w.hs, T * b * h, w.out, 0, b * h);
        }
    }
}
