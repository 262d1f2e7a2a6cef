package dev.recurrent.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vector normalisation's float lane sums against the exact x̂ (computed in double) on rows of
 * 4×512 values whose mean is large beside their spread, where a float variance taken around zero
 * would lose every digit, and on rows with an outlier where the first guess of the mean is taken:
 * the vector x̂ must stay within 5e-7 · (1 + |x̂|) of the exact one and, but for the outliers (whose
 * large square the float sums add small ones to), no further from it than the scalar kernels' x̂
 * (double sums, a float mean) is, give or take 2e-7.
 */
class VectorLayerNormAccuracyTest {

    private static final int N = 4 * 512;

    @BeforeAll
    static void vectorKernelsPresent() {
        assumeTrue(KernelsProvider.vector().isPresent(), "the Vector API is absent (run with --add-modules jdk.incubator.vector)");
    }

    @Test
    void largeMeanRowsNormaliseAsInDouble() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (double mean : new double[] {0, 3, 1e3, -2.5e4, 1e5}) {
            for (double spread : new double[] {1e-2, 1, 30, -30}) {
                float[] v = new float[N + 3];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (mean + Math.abs(spread) * (rnd.nextDouble() * 2 - 1));
                }
                if (spread < 0) {
                    v[3] = (float) (mean + 1000 * spread);   // an outlier where the first guess of the mean is taken
                }
                double[] exact = exactNormalized(v, 3, N, 1e-5);
                float[] xv = new float[N], xs = new float[N];
                VectorLayerNormGates.normalize(v, 3, N, 1e-5f, xv, 0);
                LayerNormGates.normalize(v, 3, N, 1e-5f, xs, 0);
                double vectorError = maxError(exact, xv), scalarError = maxError(exact, xs);
                String what = "mean " + mean + ", spread " + spread + ": vector x̂ off by " + vectorError
                        + ", scalar x̂ by " + scalarError;
                assertTrue(vectorError <= 5e-7, what);
                if (spread > 0) {
                    assertTrue(vectorError <= scalarError + 2e-7, what);
                }
            }
        }
    }

    private static double[] exactNormalized(float[] v, int off, int n, double eps) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += v[off + i];
        }
        double mean = sum / n, sq = 0;
        for (int i = 0; i < n; i++) {
            sq += (v[off + i] - mean) * (v[off + i] - mean);
        }
        double rstd = 1 / Math.sqrt(sq / n + eps);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (v[off + i] - mean) * rstd;
        }
        return x;
    }

    /** The largest |x − exact| / (1 + |exact|). */
    private static double maxError(double[] exact, float[] x) {
        double max = 0;
        for (int i = 0; i < exact.length; i++) {
            max = Math.max(max, Math.abs(exact[i] - x[i]) / (1 + Math.abs(exact[i])));
        }
        return max;
    }
}
