package dev.recurrent.model;

/**
 * One step of a {@link Sequential} model's forward and backward pass: a layer, or two layers that
 * run as one (see {@link Stages}). A model decides its stages once, when it is built.
 */
interface Stage {

    /** The stage's output for x [B, ...] with the mask of the stage before (null for none). */
    float[] forward(float[] x, int batch, boolean[] mask, boolean training);

    /** The mask of the output of the last forward call, given the mask its input had. */
    boolean[] outputMask(boolean[] inputMask);

    /** Backpropagates the output gradient of the last forward call; returns the gradient of its input. */
    float[] backward(float[] dy);

    /** As {@link #backward} for the first stage, whose input is the data: no input gradient is made. */
    void backwardParametersOnly(float[] dy);
}
