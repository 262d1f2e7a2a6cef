package dev.recurrent.layers;

import dev.recurrent.kernels.PackedMatrix;

/**
 * Inference of a large {@link Recurrent} layer (one whose recurrent kernel is packed) over a long
 * sequence that keeps only {@link #STEPS} steps of input projection and states at a time instead of
 * all T: the same products, so the same output, bit for bit, as long as the input projection takes
 * the same GEMM path. Only the final states are kept.
 */
final class ChunkedInference {
    /** The steps of projections and states kept at a time. */
    static final int STEPS = 16;

    private final Recurrent layer;
    private float[] finalH, finalC;

    ChunkedInference(Recurrent layer) {
        this.layer = layer;
    }

    /**
     * Whether an inference call of {@code steps} steps without a mask, caches kept or a repeated
     * input runs in chunks: the layer outputs its last step only and packs its recurrent kernel.
     */
    static boolean applies(Recurrent layer, int steps) {
        return !layer.config().returnSequences() && layer.weights().packs() && steps > 2 * STEPS;
    }

    /** The output [B, H] of x [B, steps, I] (or of the tokens); see {@link Recurrent#forward}. */
    float[] forward(float[] x, TokenInference.Tokens tokens, int batch, int steps, float[][] initialState) {
        int chunk = STEPS;
        Workspace w = layer.workspaces.sizedFor(batch, chunk);
        int bh = batch * layer.units();
        boolean cellState = layer.cell().hasCellState();
        LastForward last = layer.last;
        w.useRecurrentDropout(false);
        last.inputDropout = false;
        layer.carry.start(w, layer.units(), cellState, initialState);
        RecurrentWeights weights = layer.weights();
        PackedMatrix packed = weights.packed(layer.kernels());
        int lastCount = 0;
        for (int t0 = 0; t0 < steps; t0 += chunk) {
            int c = Math.min(chunk, steps - t0);
            if (t0 > 0) {                       // the previous (full) chunk's last states start this one
                System.arraycopy(w.hs, chunk * bh, w.hs, 0, bh);
                if (cellState) {
                    System.arraycopy(w.cs, chunk * bh, w.cs, 0, bh);
                }
            }
            layer.projection.project(x, tokens, steps, t0, c, false, w);
            layer.timeLoop.forward(layer.kernels(), w, weights.bias().value(), weights.recurrentKernel().value(),
                    packed, null, false, c);
            lastCount = c;
        }
        int end = lastCount * bh;
        finalH = StatefulCarry.copy(finalH, w.hs, end, bh);
        finalC = cellState ? StatefulCarry.copy(finalC, w.cs, end, bh) : null;
        System.arraycopy(finalH, 0, w.out, 0, bh);
        if (layer.carriesStates()) {
            layer.carry.keep(finalH, finalC, 0, bh);
        }
        last.done = true;
        last.cachesKept = false;
        return w.out;
    }

    /** The final states of the last chunked call, {h} or {h, c}, each a new [B, H] array. */
    float[][] finalStates() {
        return finalC != null ? new float[][] {finalH.clone(), finalC.clone()} : new float[][] {finalH.clone()};
    }
}
