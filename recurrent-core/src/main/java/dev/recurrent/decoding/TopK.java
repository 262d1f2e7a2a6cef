package dev.recurrent.decoding;

import java.util.Arrays;

/**
 * Top-k filtering (Fan et al. 2018), as Hugging Face's {@code TopKLogitsWarper}: every score below
 * the k-th largest becomes −∞, so that only the k most likely tokens (and any tied with the k-th)
 * can be drawn. k at least the vocabulary keeps them all.
 */
public final class TopK {

    private TopK() {
    }

    /** Keeps the {@code k} ≥ 1 largest scores in place. */
    public static void apply(double[] scores, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("top-k needs k >= 1, got " + k);
        }
        if (k >= scores.length) {
            return;
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        double kth = sorted[sorted.length - k];
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] < kth) {
                scores[i] = Double.NEGATIVE_INFINITY;
            }
        }
    }
}
