package dev.recurrent.layers;

import dev.recurrent.kernels.Parallel;
import dev.recurrent.layers.RecurrentTestSupport.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static dev.recurrent.layers.RecurrentTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The time loop runs either over batch slices (each slice's whole sequence on one core) or step
 * by step with each step's work split across cores. Either way every sample must get what it gets
 * alone, bit for bit: a batch is checked against each of its samples run as a batch of one (which
 * a large layer runs step by step), for the output and the input gradient, and within rounding for
 * the weight gradients (summed in another order) and the per-step gradient norms.
 */
class TimeLoopSlicingTest {
    private static final double TOL = 1e-5;

    /** Units that make the recurrent kernel large enough to be packed (over 2^17 values). */
    private static int unitsForPackedKernel(Kind kind) {
        return switch (kind) {
            case LSTM -> 190;
            case GRU -> 210;
            case SIMPLE_RNN -> 370;
        };
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void severalSlicesGiveWhatEachSampleGetsAlone(Kind kind) {
        check(kind, 37, 6, 5, 8);        // three slices of 12–13 rows
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void largeLayerStepByStepGivesWhatEachSampleGetsAlone(Kind kind) {
        check(kind, 12, 3, 4, unitsForPackedKernel(kind));      // under 16 rows a core: step by step
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void largeLayerInSlicesGivesWhatEachSampleGetsAlone(Kind kind) {
        check(kind, 16 * 3 * Parallel.threads(), 3, 4, unitsForPackedKernel(kind));   // three slices a core
    }

    private static void check(Kind kind, int batch, int steps, int features, int units) {
        Random rng = new Random(7);
        Recurrent layer = withRandomWeights(kind.builder(units).returnSequences(true).build(), kind, features, rng,
                1.0 / Math.sqrt(units));
        float[] x = random(rng, batch * steps * features, 1.0);
        float[] dy = random(rng, batch * steps * units, 1.0);
        boolean[] mask = new boolean[batch * steps];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = i % 7 != 3;
        }
        layer.recordStepGradientNorms(true);
        layer.zeroGrad();
        float[] y = layer.forward(x, batch, steps, features, mask, null, true).clone();
        float[] dx = layer.backward(dy).clone();
        float[][] grads = weightGradients(layer);
        double[] norms = layer.stepGradientNorms();

        Recurrent single = copyWeights(layer, kind.builder(units).returnSequences(true).build());
        single.recordStepGradientNorms(true);
        single.zeroGrad();
        float[] yAlone = new float[y.length], dxAlone = new float[dx.length];
        double[] squares = new double[steps];
        for (int b = 0; b < batch; b++) {
            boolean[] m = new boolean[steps];
            System.arraycopy(mask, b * steps, m, 0, steps);
            float[] yb = single.forward(sliceBatch(x, steps * features, b, b + 1), 1, steps, features, m, null, true);
            System.arraycopy(yb, 0, yAlone, b * steps * units, steps * units);
            float[] dxb = single.backward(sliceBatch(dy, steps * units, b, b + 1));
            System.arraycopy(dxb, 0, dxAlone, b * steps * features, steps * features);
            double[] nb = single.stepGradientNorms();
            for (int t = 0; t < steps; t++) {
                squares[t] += nb[t] * nb[t];
            }
        }
        String what = kind + " B=" + batch + " H=" + units;
        assertArrayEquals(yAlone, y, what + ": output");
        assertArrayEquals(dxAlone, dx, what + ": input gradient");
        assertWeightGradientsClose(weightGradients(single), grads, TOL, what);   // single's grads summed over samples
        assertEquals(steps, norms.length);
        for (int t = 0; t < steps; t++) {
            assertEquals(Math.sqrt(squares[t]), norms[t], 1e-5 * Math.sqrt(squares[t]), what + ": norm of step " + t);
        }
        // and the same batch again gives the same bits
        layer.zeroGrad();
        assertArrayEquals(y, layer.forward(x, batch, steps, features, mask, null, true), what + ": output, again");
        assertArrayEquals(dx, layer.backward(dy), what + ": input gradient, again");
    }
}
