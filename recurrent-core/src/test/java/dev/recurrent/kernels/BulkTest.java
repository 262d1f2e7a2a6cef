package dev.recurrent.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Bulk}'s transpose and repeat, below and above the size that splits them across the cores. */
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
    void transposeReadsAMatrixInsideALargerOne() {
        SplittableRandom rnd = new SplittableRandom(12);
        for (int[] sh : new int[][] {{7, 12}, {300, 200}}) {      // below and above the split
            int rows = sh[0], cols = sh[1], off = 5, ld = cols + 9;
            float[] from = new float[off + rows * ld], to = new float[rows * cols];
            for (int i = 0; i < from.length; i++) {
                from[i] = (float) rnd.nextDouble();
            }
            Bulk.transpose(from, off, ld, rows, cols, to);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    if (to[c * rows + r] != from[off + r * ld + c]) {
                        assertEquals(from[off + r * ld + c], to[c * rows + r], rows + "x" + cols + " at (" + r + ", " + c + ")");
                    }
                }
            }
        }
    }

    @Test
    void repeatCopiesTheFirstBlock() {
        for (int len : new int[] {5, Bulk.PARALLEL_MIN / 3 + 1}) {
            float[] a = new float[len * 4 + 3];
            for (int i = 0; i < len; i++) {
                a[i] = i + 0.5f;
            }
            a[a.length - 1] = -7f;
            Bulk.repeat(a, len, 4);
            for (int i = 0; i < 4 * len; i++) {
                assertEquals((i % len) + 0.5f, a[i], "len " + len + " index " + i);
            }
            assertEquals(-7f, a[a.length - 1], "past the copies");
        }
    }
}
