package dev.recurrent.io.torch;

/**
 * One direction of one layer, between PyTorch's layout and Keras': PyTorch keeps
 * {@code weight_ih} [G·H, I] and {@code weight_hh} [G·H, H] (rows are gates × units) and two biases;
 * Keras keeps the transposed kernel [I, G·H], recurrent kernel [H, G·H] and one bias (a GRU with
 * {@code reset_after} two, as [2, 3H]). The LSTM's gates are i, f, g, o in both; the GRU's are
 * r, z, n in PyTorch and z, r, h in Keras. The LSTM's and the simple RNN's two biases are added
 * (their sum is all that counts); written back, the recurrent one is zeros.
 */
final class TorchCells {
    /** Keras gate block k is PyTorch gate block GRU_ORDER[k] (and the other way round). */
    private static final int[] GRU_ORDER = {1, 0, 2};

    private TorchCells() {
    }

    /** PyTorch's weights of one layer direction. */
    record Torch(float[] weightIh, float[] weightHh, float[] biasIh, float[] biasHh) {
    }

    /** Keras' weights of one layer direction, as {@code Recurrent.setWeights} takes them. */
    record Keras(float[] kernel, float[] recurrentKernel, float[] bias) {
    }

    private static int torchBlock(int gates, int kerasBlock) {
        return gates == 3 ? GRU_ORDER[kerasBlock] : kerasBlock;
    }

    /** [G·H, cols] PyTorch rows → [cols, G·H] Keras columns, gate blocks reordered. */
    private static float[] toKernel(float[] w, int gates, int units, int cols) {
        int width = gates * units;
        float[] k = new float[cols * width];
        for (int kb = 0; kb < gates; kb++) {
            int tb = torchBlock(gates, kb);
            for (int u = 0; u < units; u++) {
                int row = tb * units + u, col = kb * units + u;
                for (int i = 0; i < cols; i++) {
                    k[i * width + col] = w[row * cols + i];
                }
            }
        }
        return k;
    }

    private static float[] fromKernel(float[] k, int gates, int units, int cols) {
        int width = gates * units;
        float[] w = new float[width * cols];
        for (int kb = 0; kb < gates; kb++) {
            int tb = torchBlock(gates, kb);
            for (int u = 0; u < units; u++) {
                int row = tb * units + u, col = kb * units + u;
                for (int i = 0; i < cols; i++) {
                    w[row * cols + i] = k[i * width + col];
                }
            }
        }
        return w;
    }

    /** A [G·H] bias with its gate blocks reordered (the same map both ways). */
    private static float[] reorder(float[] b, int gates, int units) {
        float[] out = new float[gates * units];
        for (int kb = 0; kb < gates; kb++) {
            System.arraycopy(b, torchBlock(gates, kb) * units, out, kb * units, units);
        }
        return out;
    }

    /** PyTorch → Keras; {@code gates} 4 (LSTM), 3 (GRU, reset after) or 1 (simple RNN). */
    static Keras toKeras(Torch t, int gates, int units, int inputs) {
        float[] kernel = toKernel(t.weightIh(), gates, units, inputs);
        float[] recurrent = toKernel(t.weightHh(), gates, units, units);
        float[] bias = null;
        if (t.biasIh() != null) {
            float[] bi = reorder(t.biasIh(), gates, units), bh = reorder(t.biasHh(), gates, units);
            if (gates == 3) {
                bias = new float[2 * bi.length];
                System.arraycopy(bi, 0, bias, 0, bi.length);
                System.arraycopy(bh, 0, bias, bi.length, bh.length);
            } else {
                bias = new float[bi.length];
                for (int j = 0; j < bias.length; j++) {
                    bias[j] = bi[j] + bh[j];
                }
            }
        }
        return new Keras(kernel, recurrent, bias);
    }

    /** Keras → PyTorch (the inverse of {@link #toKeras}, the summed biases kept whole in {@code bias_ih}). */
    static Torch toTorch(Keras k, int gates, int units, int inputs) {
        float[] wih = fromKernel(k.kernel(), gates, units, inputs);
        float[] whh = fromKernel(k.recurrentKernel(), gates, units, units);
        if (k.bias() == null) {
            return new Torch(wih, whh, null, null);
        }
        int width = gates * units;
        float[] bi, bh;
        if (gates == 3) {
            bi = new float[width];
            bh = new float[width];
            System.arraycopy(k.bias(), 0, bi, 0, width);
            System.arraycopy(k.bias(), width, bh, 0, width);
        } else {
            bi = k.bias().clone();
            bh = new float[width];
        }
        return new Torch(wih, whh, reorder(bi, gates, units), reorder(bh, gates, units));
    }
}
