package dev.recurrent.spark;

import dev.recurrent.tensor.Tensor;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The samples one partition holds for training, in one block: each with its global index (its
 * position in the whole data set), its input and its target, flattened.
 */
final class Shard implements Serializable {
    private static final long serialVersionUID = 1L;
    final long[] index;
    final float[] x, y;
    final int[] xShape, yShape;

    Shard(long[] index, float[] x, float[] y, int[] xShape, int[] yShape) {
        this.index = index;
        this.x = x;
        this.y = y;
        this.xShape = xShape;
        this.yShape = yShape;
    }

    int size() {
        return index.length;
    }

    /** The samples at local positions {@code rows}, as tensors {x, y}. */
    Tensor[] gather(int[] rows) {
        int xs = size(xShape), ys = size(yShape);
        float[] gx = new float[rows.length * xs], gy = new float[rows.length * ys];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(x, rows[i] * xs, gx, i * xs, xs);
            System.arraycopy(y, rows[i] * ys, gy, i * ys, ys);
        }
        return new Tensor[] {Tensor.of(gx, shape(rows.length, xShape)), Tensor.of(gy, shape(rows.length, yShape))};
    }

    /**
     * The local positions of the samples whose place in the epoch's order ({@code place[global index]},
     * −1 for none) lies in [from, to), sorted by that place.
     */
    int[] select(int[] place, int from, int to) {
        long[] keyed = new long[index.length];
        int n = 0;
        for (int k = 0; k < index.length; k++) {
            long g = index[k];
            int p = g < place.length ? place[(int) g] : -1;
            if (p >= from && p < to) {
                keyed[n++] = ((long) p << 32) | k;
            }
        }
        long[] sorted = Arrays.copyOf(keyed, n);
        Arrays.sort(sorted);
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = (int) sorted[i];
        }
        return rows;
    }

    private static int[] shape(int samples, int[] sample) {
        int[] s = new int[sample.length + 1];
        s[0] = samples;
        System.arraycopy(sample, 0, s, 1, sample.length);
        return s;
    }

    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
