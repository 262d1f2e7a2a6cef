package dev.recurrent.loss;

/**
 * The fused, stable softmax + categorical cross-entropy, computed from the logits.
 *
 * <p>For one row of logits x [C] and targets t [C] (one-hot, or any non-negative weights):
 * <pre>
 * m = max_j x_j     lse = m + log Σ_j e^(x_j − m)     s_j = e^(x_j − m − (lse − m)) = softmax(x)_j
 * l = Σ_j t_j·(lse − x_j)                            ∂l/∂x_j = s_j·Σ_k t_k − t_j  (= s − t for one-hot t)
 * </pre>
 * No exponent can overflow and no log sees 0, so logits of ±100 or more give a finite loss and
 * gradient. {@link CategoricalCrossentropy} and {@link SparseCategoricalCrossentropy} with
 * {@code fromLogits = true} use these row kernels.
 *
 * <p><b>How a softmax output uses it.</b> A layer with a softmax activation (Dense(softmax) after an
 * RNN) trained with a categorical cross-entropy on probabilities need not backpropagate through
 * the softmax. Once, when training is set up: {@code if (SoftmaxCrossEntropy.canFuse(loss)) fused =
 * SoftmaxCrossEntropy.onLogits(loss);}. Each step the layer keeps its logits z [R, C] and still
 * writes its output {@code softmax(z)} (with {@link #softmax} if it likes; metrics and predictions
 * read it), then calls {@code fused.compute(z, yTrue, mask, R, C, dz)}: {@code dz} is the gradient
 * of the reduced loss with respect to the logits, {@code (softmax(z) − t)·w_i / Σ w}, and the
 * layer's own softmax backward is skipped. Keras' TensorFlow backend does the same: it finds the
 * logits behind a Softmax output and calls {@code softmax_cross_entropy_with_logits}.
 *
 * <p>The value differs from the unfused path (softmax, then clip to [1e-7, 1 − 1e-7], then log, as
 * Keras' NumPy, JAX and PyTorch backends compute it) only where the clip bites: when the target
 * class has probability below 1e-7 (the fused loss keeps growing past −log 1e-7 ≈ 16.12 and its
 * gradient does not vanish) or above 1 − 1e-7 (the fused loss is ~0 instead of ~1.2e-7).
 */
public final class SoftmaxCrossEntropy {

    private SoftmaxCrossEntropy() {
    }

    /**
     * Whether {@code loss} on a softmax output can take the fused path: a categorical or sparse
     * categorical cross-entropy on probabilities ({@code fromLogits = false}).
     */
    public static boolean canFuse(Loss loss) {
        return loss instanceof CategoricalCrossentropy c && !c.fromLogits()
                || loss instanceof SparseCategoricalCrossentropy s && !s.fromLogits();
    }

    /**
     * The loss to apply to the logits behind a softmax output instead of {@code loss} on its
     * probabilities: the same cross-entropy (same name, same targets) with {@code fromLogits = true}.
     *
     * @throws IllegalArgumentException when {@link #canFuse} is false, naming the loss
     */
    public static Loss onLogits(Loss loss) {
        if (loss instanceof CategoricalCrossentropy c && !c.fromLogits()) {
            return new CategoricalCrossentropy(true);
        }
        if (loss instanceof SparseCategoricalCrossentropy s && !s.fromLogits()) {
            return new SparseCategoricalCrossentropy(true);
        }
        throw new IllegalArgumentException((loss == null ? "null" : loss.toString())
                + ": no fused softmax path; only categorical_crossentropy and sparse_categorical_crossentropy"
                + " on probabilities (fromLogits = false) have one");
    }

    /**
     * Row-wise softmax, stable (the row maximum is subtracted): {@code probsOut[i, j] =
     * e^(x_ij − m_i) / Σ_k e^(x_ik − m_i)}. {@code logits} and {@code probsOut} are [R, C] and may
     * be the same array.
     */
    public static void softmax(float[] logits, float[] probsOut, int rows, int cols) {
        if (rows < 0 || cols < 1 || logits.length != rows * cols || probsOut.length != rows * cols) {
            throw new IllegalArgumentException("softmax: expected logits and output [" + rows + ", " + cols
                    + "] (" + (long) rows * cols + " values), got " + logits.length + " and " + probsOut.length
                    + " values");
        }
        for (int i = 0; i < rows; i++) {
            int off = i * cols;
            double m = max(logits, off, cols);
            double z = 0.0;
            for (int j = 0; j < cols; j++) {
                z += Math.exp(logits[off + j] - m);
            }
            for (int j = 0; j < cols; j++) {
                probsOut[off + j] = (float) (Math.exp(logits[off + j] - m) / z);
            }
        }
    }

    /**
     * One row with dense targets: returns {@code l = Σ_j t_j·(lse − x_j)} and, when {@code grad}
     * is not {@code null}, writes {@code grad[off + j] = scale·(softmax(x)_j·Σ_k t_k − t_j)}.
     *
     * @param logits  [.., C], the row at {@code off}
     * @param targets the row at {@code tOff}, C values
     * @param grad    same layout as {@code logits}, or {@code null}
     */
    public static double rowLoss(float[] logits, int off, float[] targets, int tOff, int cols, double scale,
                                 float[] grad) {
        double m = max(logits, off, cols);
        double z = 0.0;
        double tSum = 0.0;
        for (int j = 0; j < cols; j++) {
            z += Math.exp(logits[off + j] - m);
            tSum += targets[tOff + j];
        }
        double logZ = Math.log(z);
        double loss = 0.0;
        for (int j = 0; j < cols; j++) {
            double t = targets[tOff + j];
            double shifted = logits[off + j] - m;          // x_j − m ≤ 0
            if (t != 0.0) {
                loss += t * (logZ - shifted);               // t_j·(lse − x_j), each term ≥ 0
            }
            if (grad != null) {
                grad[off + j] = (float) (scale * (Math.exp(shifted - logZ) * tSum - t));
            }
        }
        return loss;
    }

    /**
     * One row with a class index: returns {@code l = lse − x_cls} and, when {@code grad} is not
     * {@code null}, writes {@code grad[off + j] = scale·(softmax(x)_j − [j = cls])}.
     */
    public static double rowLossSparse(float[] logits, int off, int cls, int cols, double scale, float[] grad) {
        assert cls >= 0 && cls < cols : cls;
        double m = max(logits, off, cols);
        double z = 0.0;
        for (int j = 0; j < cols; j++) {
            z += Math.exp(logits[off + j] - m);
        }
        double logZ = Math.log(z);
        if (grad != null) {
            for (int j = 0; j < cols; j++) {
                double s = Math.exp(logits[off + j] - m - logZ);
                grad[off + j] = (float) (scale * (j == cls ? s - 1.0 : s));
            }
        }
        return logZ - (logits[off + cls] - m);
    }

    private static double max(float[] x, int off, int n) {
        float m = x[off];
        for (int j = 1; j < n; j++) {
            m = Math.max(m, x[off + j]);
        }
        return m;
    }
}
