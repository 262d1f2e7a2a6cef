package dev.recurrent.layers.attention;

import java.util.Arrays;

/**
 * The attention weights from the raw scores, as Keras makes them, and the backward pass of that:
 * masked positions get {@link AttentionLayer#MASKED_SCORE_BIAS} subtracted, then a softmax over Tv;
 * output rows of masked query steps are zeros.
 */
final class MaskedSoftmax {
    private MaskedSoftmax() {
    }

    /**
     * weights[B, Tq, Tv] = softmax over Tv of raw[B, Tq, Tv], less the bias at positions masked by
     * {@code valueMask} [B, Tv] (null for none) or, with {@code causal}, past the query step.
     */
    static void forward(float[] raw, boolean[] valueMask, boolean causal, int batch, int tq, int tv, float[] weights) {
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < tq; i++) {
                int row = (b * tq + i) * tv;
                for (int j = 0; j < tv; j++) {
                    boolean masked = (valueMask != null && !valueMask[b * tv + j]) || (causal && j > i);
                    weights[row + j] = masked ? raw[row + j] - AttentionLayer.MASKED_SCORE_BIAS : raw[row + j];
                }
                softmaxInPlace(weights, row, tv);
            }
        }
    }

    /** dRaw = the softmax's backward of dScores [rows, tv], given the softmax's output {@code weights}. */
    static void backward(float[] dScores, float[] weights, int rows, int tv, float[] dRaw) {
        for (int r = 0; r < rows; r++) {
            int o = r * tv;
            double dot = 0;
            for (int j = 0; j < tv; j++) {
                dot += (double) dScores[o + j] * weights[o + j];
            }
            for (int j = 0; j < tv; j++) {
                dRaw[o + j] = (float) (weights[o + j] * (dScores[o + j] - dot));
            }
        }
    }

    /** Zeros the rows of {@code a} [rows, width] whose {@code queryMask} entry is false; nothing when the mask is null. */
    static void zeroMaskedRows(float[] a, boolean[] queryMask, int rows, int width) {
        if (queryMask != null) {
            for (int r = 0; r < rows; r++) {
                if (!queryMask[r]) {
                    Arrays.fill(a, r * width, (r + 1) * width, 0f);
                }
            }
        }
    }

    /** Softmax of {@code a[off, off + n)} in place, stable (max subtracted). */
    private static void softmaxInPlace(float[] a, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, a[off + j]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            double e = Math.exp(a[off + j] - max);
            a[off + j] = (float) e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int j = 0; j < n; j++) {
            a[off + j] *= inv;
        }
    }
}
