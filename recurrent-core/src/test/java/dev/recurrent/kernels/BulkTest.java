package dev.recurrent.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Bulk}'s transpose and zeroing, below and above the size that splits them across the cores. */
class BulkTest {

    @Test
    void transposeMovesEveryValueOnce() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int[] sh : new int[][] {{3, 5}, {33, 70}, {128, 512}, {100, 1000}, {512, 2048}, {1000, 40}}) {
            int rows = sh[0], cols = sh[1];
            float[] from = new float[rows * cols], to = new float[rows * cols];
            for (int i = 0; i < from.length; i++) {
                from[i] = (float) rnd.nextDouble();
            }
            Bulk.transpose(from, rows, cols, to);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    if (to[c * rows + r] != from[r * cols + c]) {
                        assertEquals(from[r * cols + c], to[c * rows + r], rows + "x" + cols + " at (" + r + ", " + c + ")");
                    }
                }
            }
        }
    }

    @Test
    void zeroClearsTheRangeOnly() {
        for (int n : new int[] {10, Bulk.PARALLEL_MIN - 1, Bulk.PARALLEL_MIN, 3 * Bulk.PARALLEL_MIN + 7}) {
            float[] a = new float[n + 20];
            java.util.Arrays.fill(a, 1.5f);
            Bulk.zero(a, 9, 9 + n);
            for (int i = 0; i < a.length; i++) {
                assertEquals(i >= 9 && i < 9 + n ? 0f : 1.5f, a[i], "n=" + n + " index " + i);
            }
        }
    }
}
