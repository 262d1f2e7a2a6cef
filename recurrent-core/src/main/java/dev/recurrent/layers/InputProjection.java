package dev.recurrent.layers;

import dev.recurrent.kernels.Bulk;
import dev.recurrent.kernels.Kernels;

/**
 * The input projection x·W of a {@link Recurrent} layer's steps, into its workspace's w.xp
 * [count, B, G·H] in processing order: one GEMM over the steps of a sequence, one GEMM for an
 * input repeated at every step, or rows copied from a token table.
 */
final class InputProjection {
    private final Recurrent layer;
    private final TimeMajorCopy copies = new TimeMajorCopy();

    InputProjection(Recurrent layer) {
        this.layer = layer;
    }

    /**
     * The projection of steps [t0, t0 + count) of x [B, steps, I] (times the input dropout mask when
     * {@code drop}), or with tokens each row copied from their table.
     */
    void project(float[] x, TokenInference.Tokens tokens, int steps, int t0, int count, boolean drop, Workspace w) {
        int b = w.batch, g = w.gateWidth, inputs = layer.inputFeatures();
        boolean backwards = layer.config().goBackwards();
        if (tokens != null) {
            tokens.gather(g, b, steps, t0, count, backwards, w.xp);
            return;
        }
        w.prepareInput();
        copies.toTimeMajor(x, b, steps, inputs, t0, count, backwards, drop ? w.inputMask : null, w.xs, 0);
        layer.kernels().gemm(false, false, count * b, g, inputs, w.xs, 0, inputs,
                layer.weights().kernel().value(), 0, g, false, w.xp, 0, g);
    }

    /** The projection of x [B, I] at every step: one GEMM for the batch, copied to the other steps. */
    void projectRepeated(float[] x, boolean drop, Workspace w) {
        int b = w.batch, g = w.gateWidth, inputs = layer.inputFeatures();
        w.prepareInput();
        copies.toTimeMajor(x, b, 1, inputs, 0, 1, false, drop ? w.inputMask : null, w.xs, 0);
        layer.kernels().gemm(false, false, b, g, inputs, w.xs, 0, inputs,
                layer.weights().kernel().value(), 0, g, false, w.xp, 0, g);
        Bulk.repeat(w.xp, b * g, w.steps);
    }

    /**
     * Adds the kernel's gradient xᵀ·dxp over all steps, after the backward loop; for a repeated input
     * from the gate gradients summed over the steps (the same sums, added in another order).
     */
    void addKernelGradient(Workspace w, boolean repeated) {
        int b = w.batch, g = w.gateWidth, in = layer.inputFeatures();
        Kernels kernels = layer.kernels();
        float[] kernelGrad = layer.weights().kernel().grad();
        if (repeated) {
            w.sumInputGateGradients(kernels);
            kernels.gemm(true, false, in, g, b, w.xs, 0, in, w.dxpSum, 0, g, true, kernelGrad, 0, g);
        } else {
            kernels.gemm(true, false, in, g, w.steps * b, w.xs, 0, in, w.dxp, w.dxpStart, g, true, kernelGrad, 0, g);
        }
    }

    /**
     * The gradient of the input, dxp·Wᵀ in batch-major order (times the input dropout mask when the
     * forward call applied it): [B, T, I], or [B, I] for a repeated input.
     */
    float[] inputGradient(Workspace w, boolean repeated, boolean inputDropout) {
        int b = w.batch, T = w.steps, g = w.gateWidth, in = layer.inputFeatures();
        Kernels kernels = layer.kernels();
        float[] kernel = layer.weights().kernel().value();
        float[] mask = inputDropout ? w.inputMask : null;
        w.prepareInputGradient();
        if (repeated) {
            kernels.gemm(false, true, b, in, g, w.dxpSum, 0, g, kernel, 0, g, false, w.dxs, 0, in);
            copies.toBatchMajor(w.dxs, 0, b, 1, in, 0, 1, false, mask, w.dxRepeated);
            return w.dxRepeated;
        }
        kernels.gemm(false, true, T * b, in, g, w.dxp, w.dxpStart, g, kernel, 0, g, false, w.dxs, 0, in);
        copies.toBatchMajor(w.dxs, 0, b, T, in, 0, T, layer.config().goBackwards(), mask, w.dx);
        return w.dx;
    }
}
