package dev.recurrent.layers;

import dev.recurrent.kernels.Kernels;

/**
 * Backpropagation through time of a {@link Recurrent} layer's last {@link SequenceForward} pass: the
 * {@link TimeLoop} backward from the gradients of the output and the final states, then the weight
 * gradients, one GEMM each over all steps, and the gradient of the input.
 */
final class SequenceBackward {
    private static final float[] NO_BIAS = new float[0];
    private final Recurrent layer;
    /** Truncated BPTT: gradients flow back at most to the start of their window of this many steps; 0 = full. */
    int truncateSteps;
    /** Truncated BPTT's backward length: no gradient flows back past this processing step; 0 = none. */
    int gradientStart;
    /** The per-step gradient norms, recorded while asked to (see {@link Recurrent#recordStepGradientNorms}). */
    final StepGradientNorms norms;

    SequenceBackward(Recurrent layer, boolean cellState) {
        this.layer = layer;
        this.norms = new StepGradientNorms(cellState);
    }

    /**
     * Adds the weight gradients into the parameters' gradients and returns the gradient of the input
     * (null without {@code inputGradient}); see {@link Recurrent#backward(float[], float[][])}.
     */
    float[] backward(float[] dy, float[][] dFinalState, boolean inputGradient) {
        RecurrentConfig config = layer.config();
        RecurrentWeights weights = layer.weights();
        Kernels kernels = layer.kernels();
        LastForward last = layer.last;
        Workspace w = layer.workspaces.current();
        RecurrentChecks.backward(layer.name(), config.returnSequences(), config.returnState(), layer.stateCount(),
                w.batch, w.steps, layer.units(), w.out.length, dy, dFinalState);
        w.prepareBackward();
        last.gatesOverwritten = true;
        w.startStateGradients(dFinalState);
        float[] recurrentKernelT = weights.transposed();
        layer.timeLoop.backward(dy, recurrentKernelT, weights.packedTransposed(kernels),
                norms.recording() ? norms : null, truncateSteps, gradientStart,
                layer.cell().biasGradientFromInputProjection() ? weights.bias().grad() : NO_BIAS);
        w.keepInitialStateGradients();

        // weight gradients: one GEMM each over all steps
        layer.projection.addKernelGradient(w, last.repeated);
        int h = layer.units(), g = w.gateWidth, p = layer.cell().recurrentProductGates() * h;
        kernels.gemm(true, false, h, p, w.steps * w.batch, w.hd, 0, h, w.drp, w.drpStart, g, true,
                weights.recurrentKernel().grad(), 0, g);
        layer.cell().finishBackward(w);
        return inputGradient ? layer.projection.inputGradient(w, last.repeated, last.inputDropout) : null;
    }
}
