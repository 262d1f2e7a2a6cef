package dev.recurrent.init;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keras' initializers: names, arguments, config forms and the distributions they draw. */
class InitializerTest {
    private static final int ROWS = 200, COLS = 300;

    private static float[] draw(Initializer init) {
        float[] w = new float[ROWS * COLS];
        init.fill(w, new int[] {ROWS, COLS}, new SeededRandom(11));
        return w;
    }

    private static double mean(float[] w) {
        double s = 0;
        for (float v : w) {
            s += v;
        }
        return s / w.length;
    }

    private static double std(float[] w) {
        double m = mean(w), s = 0;
        for (float v : w) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / w.length);
    }

    private static double maxAbs(float[] w) {
        double m = 0;
        for (float v : w) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Test
    void namesAndClassNamesGiveTheSameInitializer() {
        assertEquals(Initializers.glorotUniform(), Initializers.byName("GlorotUniform"));
        assertEquals(Initializers.heNormal(), Initializers.byName("he_normal"));
        assertEquals(Initializers.orthogonal(1.0), Initializers.byName("Orthogonal"));
        assertEquals("TruncatedNormal", Initializers.truncatedNormal(0, 1).className());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Initializers.byName("xavier"));
        assertTrue(e.getMessage().endsWith("got 'xavier'"), e.getMessage());
    }

    @Test
    void theConfigFormIsTheNameWithDefaultArgumentsElseClassAndConfig() {
        assertEquals("ones", Initializers.ones().toConfig());
        assertEquals("orthogonal", Initializers.orthogonal(1.0).toConfig());
        assertEquals(Map.of("class_name", "Orthogonal", "config", Map.of("gain", 2.0)), Initializers.orthogonal(2.0).toConfig());
        for (Initializer init : new Initializer[] {Initializers.constant(-0.5), Initializers.randomNormal(1, 2),
                Initializers.identity(3), Initializers.lecunUniform(), Initializers.randomUniform(-1, 2)}) {
            assertEquals(init, Initializers.fromConfig(init.toConfig()), init.toString());
        }
    }

    @Test
    void refusesBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Initializers.randomNormal(0, 0));
        assertThrows(IllegalArgumentException.class, () -> Initializers.randomUniform(1, -1));
        assertThrows(IllegalArgumentException.class, () -> Initializers.constant(Double.NaN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Initializers.orthogonal(1).fill(new float[4], new int[] {4}, new SeededRandom(1)));
        assertTrue(e.getMessage().contains("needs a 2-D weight"), e.getMessage());
    }

    @Test
    void constantsFillWithoutDrawing() {
        SeededRandom rng = new SeededRandom(3);
        float[] w = new float[6];
        Initializers.ones().fill(w, new int[] {2, 3}, rng);
        assertEquals(6, mean(w) * 6, 0);
        Initializers.constant(0.25).fill(w, new int[] {6}, rng);
        assertEquals(0.25, maxAbs(w), 0);
        Initializers.identity(0.5).fill(w, new int[] {2, 3}, rng);
        assertEquals(0.5f, w[0]);
        assertEquals(0.5f, w[4]);
        assertEquals(1.0, mean(w) * 6, 1e-7);
        assertEquals(new SeededRandom(3).nextLong(), rng.nextLong(), "the constant initializers drew from the generator");
    }

    @Test
    void randomOnesDrawKerasDistributions() {
        float[] normal = draw(Initializers.randomNormal(0.5, 0.2));
        assertEquals(0.5, mean(normal), 0.005);
        assertEquals(0.2, std(normal), 0.005);
        float[] uniform = draw(Initializers.randomUniform(-0.3, 0.1));
        assertEquals(-0.1, mean(uniform), 0.005);
        assertEquals(0.4 / Math.sqrt(12), std(uniform), 0.005);
        float[] truncated = draw(Initializers.truncatedNormal(0, 0.1));
        assertTrue(maxAbs(truncated) <= 0.2 + 1e-6);
        assertEquals(0.1 * 0.87962566, std(truncated), 0.003);
        // variance scaling: each has variance scale / fan
        double fanAvg = (ROWS + COLS) / 2.0;
        assertEquals(Math.sqrt(1 / fanAvg), std(draw(Initializers.glorotNormal())), 0.003);
        assertEquals(Math.sqrt(1 / fanAvg), std(draw(Initializers.glorotUniform())), 0.003);
        assertEquals(Math.sqrt(2.0 / ROWS), std(draw(Initializers.heNormal())), 0.003);
        assertEquals(Math.sqrt(2.0 / ROWS), std(draw(Initializers.heUniform())), 0.003);
        assertTrue(maxAbs(draw(Initializers.heUniform())) <= Math.sqrt(6.0 / ROWS));
        assertEquals(Math.sqrt(1.0 / ROWS), std(draw(Initializers.lecunNormal())), 0.003);
        assertEquals(Math.sqrt(1.0 / ROWS), std(draw(Initializers.lecunUniform())), 0.003);
    }

    @Test
    void orthogonalWithGainHasRowsOfThatNorm() {
        float[] w = new float[3 * 5];
        Initializers.orthogonal(2.0).fill(w, new int[] {3, 5}, new SeededRandom(4));
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double dot = 0;
                for (int k = 0; k < 5; k++) {
                    dot += w[i * 5 + k] * w[j * 5 + k];
                }
                assertEquals(i == j ? 4.0 : 0.0, dot, 1e-5, "rows " + i + ", " + j);
            }
        }
    }
}
