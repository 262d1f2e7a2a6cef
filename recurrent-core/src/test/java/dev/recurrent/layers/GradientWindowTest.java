package dev.recurrent.layers;

import dev.recurrent.kernels.KernelsProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * With a gradient window of k steps and the loss on the last output only, the input gradient of the
 * last window equals full BPTT's and is exactly zero before it; the outputs do not change.
 */
class GradientWindowTest {

    @ParameterizedTest
    @ValueSource(strings = {"simple_rnn", "lstm", "gru"})
    void gradientStopsAtTheWindowStart(String cell) {
        int b = 2, t = 12, in = 3, h = RecurrentGradientTest.H, k = 4;
        Random rnd = new Random(9);
        float[] x = RecurrentGradientTest.gaussian(rnd, b * t * in);
        float[] dy = RecurrentGradientTest.gaussian(rnd, b * h);

        Recurrent full = RecurrentGradientTest.builder(cell).seed(4).build().withKernels(KernelsProvider.scalar());
        float[] yFull = full.forward(x, b, t, in).clone();
        float[] dxFull = full.backward(dy).clone();

        Recurrent cut = RecurrentGradientTest.builder(cell).seed(4).build().withKernels(KernelsProvider.scalar());
        cut.setGradientWindow(k);
        float[] yCut = cut.forward(x, b, t, in).clone();
        float[] dxCut = cut.backward(dy).clone();

        assertArrayEquals(yFull, yCut, "the forward pass is not truncated");
        for (int s = 0; s < b; s++) {
            for (int step = 0; step < t; step++) {
                for (int i = 0; i < in; i++) {
                    int at = (s * t + step) * in + i;
                    if (step >= t - k) {
                        assertEquals(dxFull[at], dxCut[at], "last window, sample " + s + " step " + step);
                    } else {
                        assertEquals(0f, dxCut[at], "before the last window, sample " + s + " step " + step);
                    }
                }
            }
        }
        assertNotEquals(0f, dxFull[0], "full BPTT reaches the first step");
    }
}
