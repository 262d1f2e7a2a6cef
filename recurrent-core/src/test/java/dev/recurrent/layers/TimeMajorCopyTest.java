package dev.recurrent.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link TimeMajorCopy} against the index arithmetic written out, both directions, in processing
 * order forwards and backwards, with and without a mask, below and above the size that splits
 * the copy across the cores.
 */
class TimeMajorCopyTest {

    @Test
    void copiesMatchTheLayouts() {
        SplittableRandom rnd = new SplittableRandom(5);
        TimeMajorCopy copy = new TimeMajorCopy();
        for (int[] sh : new int[][] {{3, 5, 4}, {128, 7, 12}, {128, 4, 128}, {64, 9, 100}}) {
            int b = sh[0], steps = sh[1], f = sh[2], t0 = steps > 4 ? 2 : 0, count = steps - t0, off = 3;
            float[] x = random(rnd, b * steps * f), mask = random(rnd, b * f);
            for (boolean backwards : new boolean[] {false, true}) {
                for (float[] m : new float[][] {null, mask}) {
                    float[] xs = new float[off + count * b * f];
                    copy.toTimeMajor(x, b, steps, f, t0, count, backwards, m, xs, off);
                    float[] y = new float[b * steps * f];
                    copy.toBatchMajor(xs, off, b, steps, f, t0, count, backwards, null, y);
                    for (int t = 0; t < count; t++) {
                        int position = backwards ? steps - 1 - (t0 + t) : t0 + t;
                        for (int r = 0; r < b; r++) {
                            for (int i = 0; i < f; i++) {
                                float v = x[(r * steps + position) * f + i] * (m == null ? 1f : m[r * f + i]);
                                String at = b + "x" + steps + "x" + f + " backwards=" + backwards + " mask=" + (m != null)
                                        + " step " + t + " row " + r + " feature " + i;
                                assertEquals(v, xs[off + (t * b + r) * f + i], at);
                                assertEquals(v, y[(r * steps + position) * f + i], at);
                            }
                        }
                    }
                }
            }
        }
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextDouble(-1, 1);
        }
        return a;
    }
}
