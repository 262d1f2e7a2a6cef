package dev.recurrent.io.keras;

import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GRUs in both of Keras 2's forms with its hard_sigmoid ({@code clip(0.2 z + 0.5, 0, 1)}), against
 * the Keras 2 equations computed here in double.
 */
class KerasGruImportTest {
    private static final int I = 3, H = 4, T = 5, B = 2;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "reset_after={0}")
    @ValueSource(booleans = {true, false})
    void gruMatchesKeras2Equations(boolean resetAfter) throws IOException {
        Random rnd = new Random(resetAfter ? 7 : 8);
        float[][] kernel = matrix(rnd, I, 3 * H);
        float[][] recurrent = matrix(rnd, H, 3 * H);
        float[][] bias = matrix(rnd, resetAfter ? 2 : 1, 3 * H);
        float[] x = new float[B * T * I];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (4 * rnd.nextDouble() - 2);
        }
        String config = "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"GRU\", \"config\": {"
                + "\"name\": \"gru_1\", \"batch_input_shape\": [null, " + T + ", " + I + "], \"units\": " + H + ","
                + " \"activation\": \"tanh\", \"recurrent_activation\": \"hard_sigmoid\", \"use_bias\": true,"
                + " \"return_sequences\": true, \"reset_after\": " + resetAfter + "}}]}";
        Path file = new KerasFileFixture("2.2.4", config)
                .weight("gru_1", "gru_1/kernel:0", kernel)
                .weight("gru_1", "gru_1/recurrent_kernel:0", recurrent)
                .weight("gru_1", "gru_1/bias:0", resetAfter ? bias : bias[0])
                .write(dir.resolve("gru.h5"));

        Sequential model = KerasModels.load(file);
        float[] got = model.predict(Tensor.of(x, B, T, I), B).data();
        double[] want = keras2Gru(x, kernel, recurrent, bias, resetAfter);
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - want[i]));
        }
        assertTrue(worst < 1e-5, "max |got - expected| = " + worst);
    }

    private static float[][] matrix(Random rnd, int rows, int cols) {
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = (float) (3 * rnd.nextDouble() - 1.5);
            }
        }
        return m;
    }

    private static double hardSigmoid(double z) {
        return Math.max(0, Math.min(1, 0.2 * z + 0.5));
    }

    /** Keras 2's GRU, gates z, r, h; [B, T, H]. */
    static double[] keras2Gru(float[] x, float[][] w, float[][] u, float[][] b, boolean resetAfter) {
        double[] out = new double[B * T * H];
        for (int s = 0; s < B; s++) {
            double[] h = new double[H];
            for (int t = 0; t < T; t++) {
                double[] xw = new double[3 * H], hu = new double[3 * H];
                for (int j = 0; j < 3 * H; j++) {
                    xw[j] = b[0][j];
                    hu[j] = resetAfter ? b[1][j] : 0;
                    for (int i = 0; i < I; i++) {
                        xw[j] += x[(s * T + t) * I + i] * w[i][j];
                    }
                    for (int k = 0; k < H; k++) {
                        hu[j] += h[k] * u[k][j];
                    }
                }
                double[] next = new double[H];
                for (int j = 0; j < H; j++) {
                    double z = hardSigmoid(xw[j] + hu[j]);
                    double r = hardSigmoid(xw[H + j] + hu[H + j]);
                    double candidate;
                    if (resetAfter) {
                        candidate = Math.tanh(xw[2 * H + j] + r * hu[2 * H + j]);
                    } else {
                        double rh = 0;
                        for (int k = 0; k < H; k++) {
                            double rk = hardSigmoid(xw[H + k] + hu[H + k]);
                            rh += rk * h[k] * u[k][2 * H + j];
                        }
                        candidate = Math.tanh(xw[2 * H + j] + rh);
                    }
                    next[j] = z * h[j] + (1 - z) * candidate;
                }
                h = next;
                System.arraycopy(h, 0, out, (s * T + t) * H, H);
            }
        }
        return out;
    }
}
