package dev.recurrent.model;

import dev.recurrent.tensor.Tensor;
import dev.recurrent.layers.Shape;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The buffers a batch is gathered into — inputs, targets, row weights, loss gradient — allocated
 * once per batch size. The two sizes of an epoch (full batches and the last, smaller one) are kept,
 * so alternating between them allocates nothing.
 */
final class BatchBuffers {
    private final Map<Integer, float[][]> bySize = new LinkedHashMap<>();
    /** 0, 1, 2, … : the sample order of a batch taken whole. */
    private int[] identity = new int[0];

    /** The order 0, 1, …, b−1 (its first b entries): the samples as they come; grown as needed. */
    int[] identity(int b) {
        if (identity.length < b) {
            identity = new int[b];
            for (int i = 0; i < b; i++) {
                identity[i] = i;
            }
        }
        return identity;
    }

    /**
     * Copies the samples {@code order[from .. from+b)} of x and y into the buffers of batch size b
     * and returns them: {x [b, ...], y [b, ...], row weights [b·T], loss gradient [b, ...output]}.
     */
    float[][] gather(Tensor x, Tensor y, Shape output, int[] order, int from, int b) {
        int xs = x.sampleSize(), ys = y.sampleSize();
        float[][] buf = bySize.get(b);
        if (buf == null || buf[0].length != b * xs || buf[1].length != b * ys) {
            if (bySize.size() >= 2) {
                bySize.remove(bySize.keySet().iterator().next());
            }
            int steps = output.rank() >= 2 ? output.dim(0) : 1;
            buf = new float[][] {new float[b * xs], new float[b * ys], new float[b * steps], new float[b * output.size()]};
            bySize.put(b, buf);
        }
        for (int i = 0; i < b; i++) {
            System.arraycopy(x.data(), order[from + i] * xs, buf[0], i * xs, xs);
            System.arraycopy(y.data(), order[from + i] * ys, buf[1], i * ys, ys);
        }
        return buf;
    }

    /** The mask of a sequence output as row weights [B·T] in {@code into}; null without a mask. */
    static float[] rowWeights(float[] into, boolean[] mask, int batch, Shape out) {
        if (mask == null || out.rank() < 2) {
            return null;
        }
        int steps = out.dim(0);
        for (int i = 0; i < batch * steps; i++) {
            into[i] = mask[i] ? 1f : 0f;
        }
        return into;
    }
}
