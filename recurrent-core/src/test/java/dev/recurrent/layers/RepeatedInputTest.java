package dev.recurrent.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link Recurrent#forwardRepeated} against the layer run on {@link RepeatVector}'s output: the
 * same output, bit for bit; the same gradients of x (summed over the steps), the kernel (from the
 * summed gate gradients: another order of the same additions) within rounding, and the same bits
 * for the recurrent kernel and the bias. Every cell, forwards and backwards, with input dropout,
 * and a size whose projection takes the packed GEMM.
 */
class RepeatedInputTest {

    @Test
    void aRepeatedInputGivesWhatTheRepeatedSequenceGives() {
        List<Supplier<RecurrentConfig.Builder<? extends Recurrent>>> kinds = List.of(
                () -> LSTM.builder(7), () -> GRU.builder(7), () -> GRU.builder(7).resetAfter(false), () -> SimpleRNN.builder(7),
                () -> LSTM.builder(7).goBackwards(true), () -> LSTM.builder(7).dropout(0.3f),
                () -> LSTM.builder(128), () -> GRU.builder(128));
        SplittableRandom rnd = new SplittableRandom(17);
        for (Supplier<RecurrentConfig.Builder<? extends Recurrent>> kind : kinds) {
            Recurrent fused = kind.get().returnSequences(true).seed(5).build();
            Recurrent plain = kind.get().returnSequences(true).seed(5).build();
            int b = fused.units() > 100 ? 64 : 5, in = fused.units() > 100 ? 128 : 6, steps = 4;
            RepeatVector repeat = new RepeatVector(steps);
            repeat.build(Shape.of(in), 0);
            fused.build(Shape.of(steps, in), 1);
            plain.build(Shape.of(steps, in), 1);
            for (int p = 0; p < fused.parameters().size(); p++) {
                System.arraycopy(plain.parameters().get(p).value(), 0, fused.parameters().get(p).value(), 0,
                        plain.parameters().get(p).size());
            }
            float[] x = random(rnd, b * in), dy = random(rnd, b * steps * fused.units());
            String what = fused.getConfig().toString();

            float[] yFused = fused.forwardRepeated(repeat, x, b, true).clone();
            float[] yPlain = plain.forward(repeat.forward(x, b, null, true), b, null, true).clone();
            assertEquals(yPlain.length, yFused.length, what);
            for (int e = 0; e < yPlain.length; e++) {
                assertEquals(Float.floatToRawIntBits(yPlain[e]), Float.floatToRawIntBits(yFused[e]), what + " output " + e);
            }

            fused.zeroGrad();
            plain.zeroGrad();
            assertTrue(fused.lastForwardRepeated() && !plain.lastForwardRepeated(), what);
            float[] dxFused = fused.backward(dy).clone();
            float[] dxPlain = repeat.backward(plain.backward(dy)).clone();
            assertClose(dxPlain, dxFused, what + " dx");
            for (int p = 0; p < fused.parameters().size(); p++) {
                Parameter pf = fused.parameters().get(p), pp = plain.parameters().get(p);
                if (pf.name().equals("kernel")) {
                    assertClose(pp.grad(), pf.grad(), what + " " + pf.name());
                } else {
                    for (int e = 0; e < pf.size(); e++) {
                        assertEquals(Float.floatToRawIntBits(pp.grad()[e]), Float.floatToRawIntBits(pf.grad()[e]),
                                what + " " + pf.name() + " gradient " + e);
                    }
                }
            }
        }
    }

    @Test
    void aVectorOfTheWrongSizeIsRefusedByName() {
        Recurrent lstm = LSTM.builder(3).returnSequences(true).build();
        lstm.build(Shape.of(4, 5), 0);
        RepeatVector repeat = new RepeatVector(4);
        repeat.build(Shape.of(6), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lstm.forwardRepeated(repeat, new float[2 * 6], 2, false));
        assertTrue(e.getMessage().contains(lstm.name()), e.getMessage());
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int e = 0; e < expected.length; e++) {
            assertEquals(expected[e], actual[e], 1e-5 * (1 + Math.abs(expected[e])), what + " at " + e);
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
