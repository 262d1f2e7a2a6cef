package dev.recurrent.data;

import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scalers against scikit-learn's formulas on hand-computed values. */
class ScalerTest {
    @Test
    void minMaxToMinusOneOne() {
        MinMaxScaler s = new MinMaxScaler(-1, 1);
        s.fit(new float[] {1, 3, 5, 9});
        // scale = 2 / (9 - 1) = 0.25, min = -1 - 1 * 0.25 = -1.25
        assertArrayEquals(new double[] {0.25}, s.scale());
        assertArrayEquals(new double[] {-1.25}, s.min());
        assertArrayEquals(new float[] {-1f, -0.5f, 0f, 1f}, s.transform(new float[] {1, 3, 5, 9}));
        // no clipping: a test value beyond the training range maps beyond [-1, 1]
        assertArrayEquals(new float[] {1.5f, -1.5f}, s.transform(new float[] {11, -1}));
        assertEquals(9f, s.inverseTransform(1f, 0));
    }

    @Test
    void minMaxPerFeatureWithDefaultRange() {
        MinMaxScaler s = new MinMaxScaler();
        s.fit(new float[] {1, 10, 3, 30, 5, 20}, 2);
        assertEquals(2, s.features());
        assertArrayEquals(new double[] {1, 10}, s.dataMin());
        assertArrayEquals(new double[] {5, 30}, s.dataMax());
        assertArrayEquals(new float[] {0, 0, 0.5f, 1, 1, 0.5f}, s.transform(new float[] {1, 10, 3, 30, 5, 20}));
        // the tutorial's invert_scale: the prediction is the last column
        assertEquals(25f, s.inverseTransform(0.75f, 1), 1e-6f);
    }

    @Test
    void constantFeatureScalesByOne() {
        MinMaxScaler s = new MinMaxScaler();
        s.fit(new float[] {4, 4, 4});
        assertArrayEquals(new float[] {0, 0.5f}, s.transform(new float[] {4, 4.5f}));
        assertEquals(4.5f, s.inverseTransform(0.5f, 0));
    }

    @Test
    void inverseRoundTrip() {
        float[] data = new float[50];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (r.nextGaussian() * 100 + 300);
        }
        for (Scaler s : new Scaler[] {new MinMaxScaler(-1, 1), new StandardScaler()}) {
            s.fit(data, 2);
            float[] back = s.inverseTransform(s.transform(data));
            for (int i = 0; i < data.length; i++) {
                assertEquals(data[i], back[i], 1e-4f * Math.abs(data[i]), s.getClass().getSimpleName() + " at " + i);
            }
            Tensor t = Tensor.of(data.clone(), 25, 2);
            assertArrayEquals(s.transform(data), s.transform(t).data());
        }
    }

    @Test
    void standardScalerUsesThePopulationDeviation() {
        StandardScaler s = new StandardScaler();
        s.fit(new float[] {1, 2, 3, 4});
        assertArrayEquals(new double[] {2.5}, s.mean());
        assertArrayEquals(new double[] {1.25}, s.variance(), 1e-15);
        float[] z = s.transform(new float[] {1, 4});
        assertEquals((float) (-1.5 / Math.sqrt(1.25)), z[0]);
        assertEquals((float) (1.5 / Math.sqrt(1.25)), z[1]);
        StandardScaler c = new StandardScaler();
        c.fit(new float[] {7, 7});
        assertArrayEquals(new float[] {0, 1}, c.transform(new float[] {7, 8}));
    }

    @Test
    void clearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MinMaxScaler(1, 1));
        assertTrue(e.getMessage().contains("Got (1.0, 1.0)"), e.getMessage());
        IllegalStateException notFitted = assertThrows(IllegalStateException.class,
                () -> new MinMaxScaler().transform(new float[] {1}));
        assertTrue(notFitted.getMessage().contains("not fitted"), notFitted.getMessage());
        MinMaxScaler s = new MinMaxScaler();
        s.fit(new float[] {1, 2, 3, 4}, 2);
        e = assertThrows(IllegalArgumentException.class, () -> s.transform(Tensor.of(new float[3], 1, 3)));
        assertTrue(e.getMessage().contains("X has 3 features, but MinMaxScaler is expecting 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new StandardScaler().fit(new float[] {1, Float.NaN}));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }
}
