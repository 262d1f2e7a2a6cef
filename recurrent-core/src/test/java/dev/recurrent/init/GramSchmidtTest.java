package dev.recurrent.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GramSchmidtTest {

    /** The textbook loop: column j has q_0 … q_{j-1} removed in turn, then is normalized. */
    private static void textbook(double[][] a) {
        for (int j = 0; j < a.length; j++) {
            for (int p = 0; p < j; p++) {
                double d = 0;
                for (int i = 0; i < a[j].length; i++) {
                    d += a[p][i] * a[j][i];
                }
                for (int i = 0; i < a[j].length; i++) {
                    a[j][i] -= d * a[p][i];
                }
            }
            double norm = 0;
            for (double v : a[j]) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < a[j].length; i++) {
                a[j][i] /= norm;
            }
        }
    }

    private static double[][] gaussian(int columns, int length, long seed) {
        Random r = new Random(seed);
        double[][] a = new double[columns][length];
        for (double[] column : a) {
            for (int i = 0; i < length; i++) {
                column[i] = r.nextGaussian();
            }
        }
        return a;
    }

    @ParameterizedTest(name = "{0} columns of {1}")
    @CsvSource({"1, 5", "15, 40", "16, 16", "37, 50", "100, 3000"})
    void blockedColumnsAreOrthonormalAndCloseToTheTextbookLoop(int columns, int length) {
        double[][] blocked = gaussian(columns, length, 11), plain = gaussian(columns, length, 11);
        Initializers.gramSchmidt(blocked);
        textbook(plain);
        for (int j = 0; j < columns; j++) {
            assertArrayEquals(plain[j], blocked[j], 1e-12, "column " + j);
            for (int k = 0; k <= j; k++) {
                double d = 0;
                for (int i = 0; i < length; i++) {
                    d += blocked[j][i] * blocked[k][i];
                }
                assertEquals(j == k ? 1.0 : 0.0, d, 1e-12, "q_" + j + " · q_" + k);
            }
        }
    }

    @ParameterizedTest(name = "{0} columns of {1}")
    @CsvSource({"37, 50", "100, 3000"})
    void blocksAndCoresDoNotChangeABit(int columns, int length) {
        double[][] a = gaussian(columns, length, 5), b = gaussian(columns, length, 5);
        Initializers.gramSchmidt(a);
        leftLooking(b);
        for (int j = 0; j < columns; j++) {
            assertArrayEquals(b[j], a[j], 0.0, "column " + j);
        }
    }

    /** The same operations in the same order per column as {@link Initializers#gramSchmidt}: one column at a time. */
    private static void leftLooking(double[][] a) {
        for (int j = 0; j < a.length; j++) {
            for (int p = 0; p < j; p++) {
                Initializers.subtractProjection(a[p], a[j]);
            }
            double norm = Math.sqrt(Initializers.dot(a[j], a[j]));
            for (int i = 0; i < a[j].length; i++) {
                a[j][i] /= norm;
            }
        }
    }
}
