package dev.recurrent.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Keras 2's {@code hard_sigmoid}, {@code clip(0.2x + 0.5, 0, 1)}: its values, its derivative, its
 * name, and the vector kernels giving the scalar kernels' bits.
 */
class HardSigmoidKeras2Test {
    private static final Activation A = Activation.HARD_SIGMOID_KERAS2;

    @Test
    void valuesAreKeras2Formula() {
        assertEquals(0f, A.apply(-2.5f));
        assertEquals(0f, A.apply(-10f));
        assertEquals(1f, A.apply(2.5f));
        assertEquals(1f, A.apply(7f));
        assertEquals(0.5f, A.apply(0f));
        assertEquals(0.7f, A.apply(1f), 1e-7f);
        assertEquals(0.1f, A.apply(-2f), 1e-7f);
        // differs from Keras 3's relu6(x + 3) / 6 inside the ramp
        assertEquals(4f / 6f, Activation.HARD_SIGMOID.apply(1f), 1e-7f);
    }

    @Test
    void derivativeIsTheSlopeInsideTheRamp() {
        assertEquals(0.2f, A.derivativeFromOutput(A.apply(1f)));
        assertEquals(0f, A.derivativeFromOutput(A.apply(3f)));
        assertEquals(0f, A.derivativeFromOutput(A.apply(-3f)));
        float x = 0.3f, step = 1e-3f;
        float numeric = (A.apply(x + step) - A.apply(x - step)) / (2 * step);
        assertEquals(numeric, A.derivativeFromOutput(A.apply(x)), 1e-4f);
    }

    @Test
    void nameRoundTripsAndStaysApartFromKeras3() {
        assertEquals("hard_sigmoid_keras2", A.kerasName());
        assertEquals(A, Activation.byName("hard_sigmoid_keras2"));
        assertEquals(Activation.HARD_SIGMOID, Activation.byName("hard_sigmoid"));
    }

    @Test
    void vectorKernelsGiveTheScalarBits() {
        Optional<Kernels> v = KernelsProvider.vector();
        assumeTrue(v.isPresent(), "jdk.incubator.vector is not present");
        Kernels scalar = KernelsProvider.scalar(), vector = v.get();
        Random rnd = new Random(7);
        for (int len : new int[] {1, 5, 16, 37, 131}) {
            float[] pre = new float[len];
            for (int i = 0; i < len; i++) {
                pre[i] = (float) (rnd.nextGaussian() * 3);
            }
            pre[0] = 2.5f;
            float[] hs = new float[len], hv = new float[len], zero = new float[len];
            scalar.rnnForward(A, 1, len, zero, 0, zero, 0, pre, hs, 0);
            vector.rnnForward(A, 1, len, zero, 0, zero, 0, pre, hv, 0);
            float[] dh = new float[len];
            for (int i = 0; i < len; i++) {
                dh[i] = (float) rnd.nextGaussian();
                assertEquals(Float.floatToIntBits(hs[i]), Float.floatToIntBits(hv[i]), "forward len=" + len + " i=" + i);
                assertEquals(A.apply(pre[i]), hs[i], "scalar kernel is the activation");
            }
            float[] ds = new float[len], dv = new float[len];
            scalar.rnnBackward(A, 1, len, hs, 0, dh, 0, ds, 0);
            vector.rnnBackward(A, 1, len, hv, 0, dh, 0, dv, 0);
            for (int i = 0; i < len; i++) {
                assertEquals(ds[i], dv[i], "backward len=" + len + " i=" + i);
                assertEquals(dh[i] * A.derivativeFromOutput(hs[i]), ds[i]);
            }
        }
    }
}
