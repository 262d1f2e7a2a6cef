package dev.recurrent.model;

import dev.recurrent.tensor.Tensor;
import dev.recurrent.layers.Shape;

/** {@link Sequential#predict}'s loop: the model's output for every sample, batch by batch. */
final class BatchedPrediction {
    private BatchedPrediction() {
    }

    /** The inference forward pass of a batch of {@code batch} samples. */
    interface Forward {
        float[] run(float[] x, int batch);
    }

    /** The outputs [n, ...out] of the n samples of x [n, ...in], in batches of {@code batchSize}. */
    static Tensor predict(Tensor x, int batchSize, Shape in, Shape out, Forward forward) {
        int n = x.samples(), bs = Math.max(1, Math.min(batchSize, n));
        int outSize = out.size(), inSize = in.size();
        float[] result = new float[Math.multiplyExact(n, outSize)];
        float[] batchInput = null;
        for (int from = 0; from < n; from += bs) {
            int b = Math.min(bs, n - from);
            float[] xb;
            if (b == n) {
                xb = x.data();                          // one batch: the layers only read their input
            } else {
                if (batchInput == null || batchInput.length != b * inSize) {
                    batchInput = new float[b * inSize];
                }
                System.arraycopy(x.data(), from * inSize, batchInput, 0, b * inSize);
                xb = batchInput;
            }
            float[] y = forward.run(xb, b);
            System.arraycopy(y, 0, result, from * outSize, b * outSize);
        }
        int[] shape = new int[out.rank() + 1];
        shape[0] = n;
        System.arraycopy(out.dims(), 0, shape, 1, out.rank());
        return Tensor.of(result, shape);
    }
}
