package dev.recurrent.layers;

import dev.recurrent.kernels.Parallel;
import dev.recurrent.layers.RecurrentTestSupport.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static dev.recurrent.layers.RecurrentTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Inference on a large layer over a long sequence keeps a few steps of caches at a time; it must
 * give what the full forward gives, and refuse what needs the caches it dropped.
 */
class ChunkedInferenceTest {

    /** Units that put the layer on the step-by-step loop (a recurrent kernel over 2^17 values). */
    private static int units(Kind kind) {
        return switch (kind) {
            case LSTM -> 190;
            case GRU -> 210;
            case SIMPLE_RNN -> 370;
        };
    }

    private static float[][] initialState(Kind kind, Random rng, int batch, int units) {
        float[] h0 = random(rng, batch * units, 0.8);
        return kind.hasCellState() ? new float[][] {h0, random(rng, batch * units, 0.8)} : new float[][] {h0};
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void givesTheOutputAndStatesOfTheFullForward(Kind kind) {
        for (boolean backwards : new boolean[] {false, true}) {
            // 64 steps: four whole chunks, every input projection on the same GEMM path, so exactly equal
            check(kind, 3, 64, backwards, 0);
            // 50 steps: a last chunk of 2, whose small projection may take the other GEMM path
            check(kind, 3, 50, backwards, 1e-5);
        }
        // a batch large enough for the time loop to run in slices
        check(kind, 32 * Parallel.threads(), 40, false, 0);
    }

    private static void check(Kind kind, int b, int steps, boolean backwards, double tolerance) {
        int f = 40, h = units(kind);
        Random rng = new Random(11);
        Recurrent chunked = withRandomWeights(kind.builder(h).goBackwards(backwards).build(), kind, f, rng,
                1.0 / Math.sqrt(h));
        Recurrent full = copyWeights(chunked, kind.builder(h).goBackwards(backwards).build()).keepForwardCaches(true);
        float[] x = random(rng, b * steps * f, 1.0);
        float[][] init = initialState(kind, rng, b, h);
        float[] y = chunked.forward(x, b, steps, f, null, init, false).clone();
        float[] expected = full.forward(x, b, steps, f, null, init, false);
        String what = kind + " T=" + steps + (backwards ? " goBackwards" : "");
        float[][] states = chunked.finalStates(), expectedStates = full.finalStates();
        if (tolerance == 0) {
            assertArrayEquals(expected, y, what + ": output");
            for (int i = 0; i < states.length; i++) {
                assertArrayEquals(expectedStates[i], states[i], what + ": final state " + i);
            }
        } else {
            assertClose(expected, y, tolerance, what + ": output");
        }
        assertDiffer(new float[y.length], y, what + ": the output is not all zeros");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> chunked.gateTrace(0));
        assertTrue(e.getMessage().contains("keepForwardCaches"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> chunked.backward(new float[y.length]));
        assertThrows(IllegalStateException.class, () -> GateSaturation.of(chunked));
        full.gateTrace(0);                                       // kept: readable

        // a training call afterwards keeps its caches again, until its backward call writes the
        // gate gradients over the gates: then the gates and a second backward call are refused
        chunked.forward(x, b, steps, f, null, init, true);
        chunked.gateTrace(0);
        chunked.backward(new float[y.length]);
        IllegalStateException after = assertThrows(IllegalStateException.class, () -> chunked.gateTrace(0));
        assertTrue(after.getMessage().contains("call forward again"), after.getMessage());
        assertThrows(IllegalStateException.class, () -> chunked.backward(new float[y.length]));
        assertThrows(IllegalStateException.class, () -> GateSaturation.of(chunked));
        chunked.initialStateGradients();                         // the backward call's own results stay readable
    }
}
