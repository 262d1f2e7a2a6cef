package dev.recurrent.layers;

import java.util.Arrays;

/**
 * The per-step caches of a layer-normalised cell, one row per (step, sample) as the workspace's:
 * the normalised values and their 1 / sqrt(var + ε) from the forward pass ({@link #stats}), and the
 * gradients reaching the normalisations' outputs from the backward pass ({@link #grads}), from which
 * the γ and β gradients are summed once per backward pass.
 */
final class NormCaches {
    final int statsStride, gradStride;
    float[] stats = new float[0], grads = new float[0];

    NormCaches(int statsStride, int gradStride) {
        this.statsStride = statsStride;
        this.gradStride = gradStride;
    }

    /** Grows the caches to the rows of {@code ws} (kept when large enough: nothing is allocated per call). */
    void sizeFor(Workspace ws) {
        int rows = Math.multiplyExact(ws.steps, ws.batch);
        if (stats.length < Math.multiplyExact(rows, statsStride)) {
            stats = new float[rows * statsStride];
            grads = new float[Math.multiplyExact(rows, gradStride)];
        }
    }

    /** Clears the gradient row of step t, sample r (a masked step passes no gradient to the weights). */
    void dropGradients(Workspace ws, int t, int r) {
        int at = (t * ws.batch + r) * gradStride;
        Arrays.fill(grads, at, at + gradStride, 0f);
    }

    /** γ += Σ_rows g ⊙ x̂ and β += Σ_rows g over {@code n} columns from the given offsets in each row. */
    void addAffineGradients(int rows, int gradAt, int statsAt, int n, Parameter gamma, int gammaAt, Parameter beta) {
        float[] dg = gamma.grad(), db = beta.grad();
        for (int row = 0; row < rows; row++) {
            int d = row * gradStride + gradAt, s = row * statsStride + statsAt;
            for (int k = 0; k < n; k++) {
                float v = grads[d + k];
                dg[gammaAt + k] += v * stats[s + k];
                db[gammaAt + k] += v;
            }
        }
    }
}
