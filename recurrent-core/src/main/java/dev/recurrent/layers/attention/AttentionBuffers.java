package dev.recurrent.layers.attention;

/**
 * The buffers of an {@link AttentionLayer} for one batch size B, allocated together when the batch
 * size changes; the layer's output, scores and gradients are these arrays.
 */
final class AttentionBuffers {
    final int batch;
    /** [B, Tq, Tv] raw scores; softmax weights; dropout multipliers; weights after dropout. */
    final float[] raw, weights, keep, scores;
    /** [B, Tq, Tv] gradient of the scores after dropout, then of the raw scores. */
    final float[] dScores, dRaw;
    /** [B, Tq, Dv] output and its gradient with masked query rows zeroed. */
    final float[] out, dOut;
    /** [B, Tq, D] dL/dquery; [B, Tv, Dv] dL/dvalue; [B, Tv, D] dL/dkey, null without a key input. */
    final float[] dQuery, dValue, dKey;

    AttentionBuffers(int batch, int querySteps, int valueSteps, int queryDim, int valueDim, boolean keyGiven) {
        int s = batch * querySteps * valueSteps;
        raw = new float[s];
        weights = new float[s];
        keep = new float[s];
        scores = new float[s];
        dScores = new float[s];
        dRaw = new float[s];
        out = new float[batch * querySteps * valueDim];
        dOut = new float[batch * querySteps * valueDim];
        dQuery = new float[batch * querySteps * queryDim];
        dValue = new float[batch * valueSteps * valueDim];
        dKey = keyGiven ? new float[batch * valueSteps * queryDim] : null;
        this.batch = batch;
    }
}
