package dev.recurrent.layers;

import dev.recurrent.init.Initializers;
import dev.recurrent.kernels.Kernels;
import dev.recurrent.kernels.KernelsProvider;
import dev.recurrent.layers.RecurrentTestSupport.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static dev.recurrent.layers.RecurrentTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The semantics of the layer options (Keras'): masking, goBackwards, returnSequences, stateful,
 * initial states, dropout, unitForgetBias, initializers, parameter counts, workspace reuse, and
 * agreement of the scalar and vector kernels. Every test runs for LSTM, GRU and SimpleRNN where the
 * option applies.
 */
class RecurrentOptionsTest {
    /** For results computed along different but equivalent paths (different GEMM shapes). */
    private static final double TOL = 1e-5;

    private static float[] fwd(Recurrent layer, float[] x, int b, int t, int f, boolean[] mask, float[][] init,
                               boolean training) {
        return layer.forward(x, b, t, f, mask, init, training).clone();
    }

    private static float[] row(float[] a, int index, int length) {
        return Arrays.copyOfRange(a, index * length, (index + 1) * length);
    }

    // ------------------------------------------------------------------------------------ masking

    @ParameterizedTest
    @EnumSource(Kind.class)
    void maskedStepRepeatsThePreviousOutput(Kind kind) {
        int B = 3, T = 6, I = 4, H = 5;
        Random rng = new Random(1);
        Recurrent layer = withRandomWeights(kind.builder(H).returnSequences(true).build(), kind, I, rng, 0.6);
        float[] x = random(rng, B * T * I, 1.0);
        float[][] init = initialState(kind, rng, B, H);
        boolean[] mask = new boolean[B * T];
        Arrays.fill(mask, true);
        mask[1 * T + 2] = false;    // sample 1: steps 2 and 3 masked
        mask[1 * T + 3] = false;
        mask[2 * T] = false;        // sample 2: step 0 masked
        float[] y = fwd(layer, x, B, T, I, mask, init, false);

        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                float[] now = row(y, b * T + t, H);
                float[] before = t == 0 ? row(init[0], b, H) : row(y, b * T + t - 1, H);
                if (!mask[b * T + t]) {
                    assertArrayEquals(before, now, kind + ": sample " + b + " masked at step " + t);
                } else {
                    assertDiffer(before, now, kind + ": sample " + b + " unmasked at step " + t);
                }
            }
        }
        // the state was carried too: what comes after the masked steps is what the unmasked
        // sequence without them gives
        float[] xShort = dropSteps(sliceBatch(x, T * I, 1, 2), T, I, 2, 4);
        Recurrent plain = copyWeights(layer, kind.builder(H).returnSequences(true).build());
        float[] yShort = fwd(plain, xShort, 1, T - 2, I, null, rowsOf(init, 1, H), false);
        assertClose(sliceTime(yShort, 1, T - 2, H, 2, T - 2), sliceTime(sliceBatch(y, T * H, 1, 2), 1, T, H, 4, T),
                TOL, kind + ": steps after the masked ones");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void paddingAtTheEndGivesTheStatesOfTheShorterSequence(Kind kind) {
        int B = 2, T = 7, len = 4, I = 3, H = 6;
        Random rng = new Random(2);
        Recurrent layer = withRandomWeights(kind.builder(H).returnState(true).build(), kind, I, rng, 0.6);
        float[] x = random(rng, B * T * I, 1.0);      // the padding holds garbage on purpose
        boolean[] mask = new boolean[B * T];
        Arrays.fill(mask, true);
        for (int t = len; t < T; t++) {
            mask[t] = false;                           // sample 0 is `len` long
        }
        float[] y = fwd(layer, x, B, T, I, mask, null, false);
        float[][] last = layer.finalStates();
        float[] dy = random(rng, B * H, 1.0);
        layer.zeroGrad();
        float[] dx = layer.backward(dy).clone();

        Recurrent alone = copyWeights(layer, kind.builder(H).returnState(true).build());
        float[] x0 = sliceTime(sliceBatch(x, T * I, 0, 1), 1, T, I, 0, len);
        float[] y0 = fwd(alone, x0, 1, len, I, null, null, false);
        float[][] last0 = alone.finalStates();
        assertClose(y0, row(y, 0, H), TOL, kind + ": output of the padded sample");
        for (int s = 0; s < last.length; s++) {
            assertClose(last0[s], row(last[s], 0, H), TOL, kind + ": final state " + s + " of the padded sample");
        }
        float[] x1 = sliceBatch(x, T * I, 1, 2);
        float[] y1 = fwd(alone, x1, 1, T, I, null, null, false);
        assertClose(y1, row(y, 1, H), TOL, kind + ": output of the unpadded sample");

        // gradients: nothing reaches the padded steps, and the rest is the shorter sequence's
        for (int t = len; t < T; t++) {
            assertArrayEquals(new float[I], row(dx, t, I), kind + ": dx at padded step " + t);
        }
        Recurrent one = copyWeights(layer, kind.builder(H).build());
        boolean[] mask0 = Arrays.copyOfRange(mask, 0, T);
        fwd(one, sliceBatch(x, T * I, 0, 1), 1, T, I, mask0, null, false);
        one.zeroGrad();
        float[] dxPadded = one.backward(row(dy, 0, H)).clone();
        float[][] gPadded = weightGradients(one);
        fwd(one, x0, 1, len, I, null, null, false);
        one.zeroGrad();
        float[] dxShort = one.backward(row(dy, 0, H)).clone();
        assertClose(dxShort, sliceTime(dxPadded, 1, T, I, 0, len), TOL, kind + ": dx of the valid steps");
        assertWeightGradientsClose(weightGradients(one), gPadded, TOL, kind.toString());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void maskInTheMiddleSkipsThoseSteps(Kind kind) {
        int T = 8, I = 3, H = 5;
        Random rng = new Random(3);
        Recurrent layer = withRandomWeights(kind.builder(H).build(), kind, I, rng, 0.6);
        float[] x = random(rng, T * I, 1.0);
        boolean[] mask = new boolean[T];
        Arrays.fill(mask, true);
        mask[3] = false;
        mask[4] = false;
        float[] y = fwd(layer, x, 1, T, I, mask, null, false);
        float[][] last = layer.finalStates();
        float[] yAll = fwd(layer, x, 1, T, I, null, null, false);
        assertDiffer(yAll, y, kind + ": the mask must matter");

        float[] yShort = fwd(layer, dropSteps(x, T, I, 3, 5), 1, T - 2, I, null, null, false);
        float[][] lastShort = layer.finalStates();
        assertClose(yShort, y, TOL, kind + ": output");
        for (int s = 0; s < last.length; s++) {
            assertClose(lastShort[s], last[s], TOL, kind + ": final state " + s);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void fullyMaskedSampleKeepsItsInitialState(Kind kind) {
        int B = 2, T = 5, I = 3, H = 4;
        Random rng = new Random(4);
        Recurrent layer = withRandomWeights(kind.builder(H).returnSequences(true).build(), kind, I, rng, 0.6);
        float[] x = random(rng, B * T * I, 1.0);
        float[][] init = initialState(kind, rng, B, H);
        boolean[] mask = new boolean[B * T];
        Arrays.fill(mask, 0, T, true);                 // sample 1 fully masked
        float[] y = fwd(layer, x, B, T, I, mask, init, false);
        float[][] last = layer.finalStates();
        for (int s = 0; s < last.length; s++) {
            assertArrayEquals(row(init[s], 1, H), row(last[s], 1, H), kind + ": final state " + s + " of sample 1");
        }
        for (int t = 0; t < T; t++) {
            assertArrayEquals(row(init[0], 1, H), row(y, T + t, H), kind + ": output of sample 1 at step " + t);
        }
        // sample 0 is unaffected by its neighbour
        float[] y0 = fwd(layer, sliceBatch(x, T * I, 0, 1), 1, T, I, null, rowsOf(init, 0, H), false);
        assertClose(y0, sliceBatch(y, T * H, 0, 1), TOL, kind + ": sample 0");
    }

    // -------------------------------------------------------------------------------- goBackwards

    @ParameterizedTest
    @EnumSource(Kind.class)
    void goBackwardsEqualsThePlainLayerOnTheReversedInput(Kind kind) {
        int B = 3, T = 6, I = 4, H = 5;
        Random rng = new Random(5);
        Recurrent back = withRandomWeights(kind.builder(H).returnSequences(true).goBackwards(true).build(),
                kind, I, rng, 0.6);
        Recurrent plain = copyWeights(back, kind.builder(H).returnSequences(true).build());
        float[] x = random(rng, B * T * I, 1.0);
        float[] dy = random(rng, B * T * H, 1.0);

        float[] yBack = fwd(back, x, B, T, I, null, null, false);
        float[][] lastBack = back.finalStates();
        back.zeroGrad();
        float[] dxBack = back.backward(dy).clone();
        float[] xRev = reverseTime(x, B, T, I);
        float[] yRev = fwd(plain, xRev, B, T, I, null, null, false);
        float[][] lastRev = plain.finalStates();
        plain.zeroGrad();
        float[] dxRev = plain.backward(dy).clone();

        // output in processing order: output[t] follows input step T−1−t
        assertClose(yRev, yBack, TOL, kind + ": output");
        for (int s = 0; s < lastBack.length; s++) {
            assertClose(lastRev[s], lastBack[s], TOL, kind + ": final state " + s);
        }
        assertClose(reverseTime(dxRev, B, T, I), dxBack, TOL, kind + ": dx");
        assertWeightGradientsClose(weightGradients(plain), weightGradients(back), TOL, kind.toString());
        assertDiffer(fwd(plain, x, B, T, I, null, null, false), yBack, kind + ": backwards differs from forwards");

        // output[0] is one step over the last input step
        float[] lastStep = sliceTime(x, B, T, I, T - 1, T);
        float[] y1 = fwd(plain, lastStep, B, 1, I, null, null, false);
        assertClose(y1, sliceTime(yBack, B, T, H, 0, 1), TOL, kind + ": output[0]");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void goBackwardsReadsTheMaskAtTheInputStep(Kind kind) {
        int B = 2, T = 6, I = 3, H = 4;
        Random rng = new Random(6);
        Recurrent back = withRandomWeights(kind.builder(H).returnSequences(true).goBackwards(true).build(),
                kind, I, rng, 0.6);
        Recurrent plain = copyWeights(back, kind.builder(H).returnSequences(true).build());
        float[] x = random(rng, B * T * I, 1.0);
        boolean[] mask = new boolean[B * T];
        Arrays.fill(mask, true);
        mask[4] = false;            // sample 0: input steps 4, 5 padded (processed first)
        mask[5] = false;
        mask[T + 1] = false;        // sample 1: input step 1 masked
        float[] dy = random(rng, B * T * H, 1.0);

        float[] yBack = fwd(back, x, B, T, I, mask, null, false);
        back.zeroGrad();
        float[] dxBack = back.backward(dy).clone();
        float[] yRev = fwd(plain, reverseTime(x, B, T, I), B, T, I, reverseTime(mask, B, T), null, false);
        plain.zeroGrad();
        float[] dxRev = plain.backward(dy).clone();
        assertClose(yRev, yBack, TOL, kind + ": output");
        assertClose(reverseTime(dxRev, B, T, I), dxBack, TOL, kind + ": dx");
        assertWeightGradientsClose(weightGradients(plain), weightGradients(back), TOL, kind.toString());
        // the two padded input steps come first: the output stays at the (zero) initial state
        assertArrayEquals(new float[2 * H], sliceTime(sliceBatch(yBack, T * H, 0, 1), 1, T, H, 0, 2),
                kind + ": padded steps processed first");
    }

    // ---------------------------------------------------------------------------- returnSequences

    @ParameterizedTest
    @EnumSource(Kind.class)
    void lastStepOutputIsTheLastRowOfTheSequenceAndTheFinalState(Kind kind) {
        int B = 3, T = 5, I = 4, H = 6;
        Random rng = new Random(7);
        Recurrent seq = withRandomWeights(kind.builder(H).returnSequences(true).build(), kind, I, rng, 0.6);
        Recurrent last = copyWeights(seq, kind.builder(H).returnState(true).build());
        float[] x = random(rng, B * T * I, 1.0);
        float[] ySeq = fwd(seq, x, B, T, I, null, null, false);
        float[] yLast = fwd(last, x, B, T, I, null, null, false);
        float[][] states = last.finalStates();

        assertEquals(B * H, yLast.length, kind + ": [B, H]");
        assertClose(sliceTime(ySeq, B, T, H, T - 1, T), yLast, TOL, kind + ": last row");
        assertArrayEquals(yLast, states[0], kind + ": finalStates()[0] is h");
        assertEquals(kind.hasCellState() ? 2 : 1, states.length, kind + ": state count");

        // the gradient of the last output equals that of a sequence output with dy only at the end
        float[] dyLast = random(rng, B * H, 1.0);
        float[] dySeq = new float[B * T * H];
        for (int b = 0; b < B; b++) {
            System.arraycopy(dyLast, b * H, dySeq, (b * T + T - 1) * H, H);
        }
        last.zeroGrad();
        float[] dxLast = last.backward(dyLast).clone();
        seq.zeroGrad();
        float[] dxSeq = seq.backward(dySeq).clone();
        assertClose(dxSeq, dxLast, TOL, kind + ": dx");
        assertWeightGradientsClose(weightGradients(seq), weightGradients(last), TOL, kind.toString());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void finalStatesContinueTheSequence(Kind kind) {
        // h and c of finalStates() are the whole state: fed back as the initial state, the rest of
        // the sequence gives what one call over all of it gives
        int B = 2, T = 8, half = 3, I = 3, H = 5;
        Random rng = new Random(8);
        Recurrent layer = withRandomWeights(kind.builder(H).returnSequences(true).returnState(true).build(),
                kind, I, rng, 0.6);
        float[] x = random(rng, B * T * I, 1.0);
        float[] whole = fwd(layer, x, B, T, I, null, null, false);
        float[][] wholeLast = layer.finalStates();
        float[] y1 = fwd(layer, sliceTime(x, B, T, I, 0, half), B, half, I, null, null, false);
        float[][] mid = layer.finalStates();
        assertArrayEquals(sliceTime(y1, B, half, H, half - 1, half), mid[0], kind + ": h is the last output");
        float[] y2 = fwd(layer, sliceTime(x, B, T, I, half, T), B, T - half, I, null, mid, false);
        float[][] end = layer.finalStates();
        assertClose(whole, concatTime(y1, half, y2, T - half, B, H), TOL, kind + ": output");
        for (int s = 0; s < end.length; s++) {
            assertClose(wholeLast[s], end[s], TOL, kind + ": final state " + s);
        }
    }

    // ----------------------------------------------------------------------------------- stateful

    @ParameterizedTest
    @EnumSource(Kind.class)
    void statefulCallsOverHalvesEqualOneCallOverTheWhole(Kind kind) {
        int B = 3, T = 8, I = 4, H = 5;
        Random rng = new Random(9);
        Recurrent stateful = withRandomWeights(kind.builder(H).returnSequences(true).stateful(true).build(),
                kind, I, rng, 0.6);
        Recurrent plain = copyWeights(stateful, kind.builder(H).returnSequences(true).build());
        float[] x = random(rng, B * T * I, 1.0);
        float[] xa = sliceTime(x, B, T, I, 0, 4), xb = sliceTime(x, B, T, I, 4, T);

        float[] whole = fwd(plain, x, B, T, I, null, null, false);
        float[] ya = fwd(stateful, xa, B, 4, I, null, null, false);
        float[] yb = fwd(stateful, xb, B, T - 4, I, null, null, false);
        assertClose(whole, concatTime(ya, 4, yb, T - 4, B, H), TOL, kind + ": halves");

        // without a reset the state is carried on: the same input now gives something else
        float[] again = fwd(stateful, xa, B, 4, I, null, null, false);
        assertDiffer(ya, again, kind + ": carried state");
        stateful.resetStates();
        assertArrayEquals(ya, fwd(stateful, xa, B, 4, I, null, null, false), kind + ": after resetStates()");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void statefulLayerRefusesAnotherBatchSizeUntilReset(Kind kind) {
        int I = 3, H = 4;
        Random rng = new Random(10);
        Recurrent layer = withRandomWeights(kind.builder(H).name("encoder").stateful(true).build(), kind, I, rng, 0.6);
        layer.forward(random(rng, 3 * 2 * I, 1.0), 3, 2, I);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> layer.forward(random(rng, 5 * 2 * I, 1.0), 5, 2, I));
        assertTrue(e.getMessage().contains("encoder"), e.getMessage());
        assertTrue(e.getMessage().contains("batch size 3"), e.getMessage());
        assertTrue(e.getMessage().contains("batch size 5"), e.getMessage());
        layer.resetStates();
        assertEquals(5 * H, layer.forward(random(rng, 5 * 2 * I, 1.0), 5, 2, I).length, kind + ": after reset");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void explicitInitialStateOverridesTheCarriedState(Kind kind) {
        int B = 2, T = 4, I = 3, H = 5;
        Random rng = new Random(11);
        Recurrent stateful = withRandomWeights(kind.builder(H).returnSequences(true).stateful(true).build(),
                kind, I, rng, 0.6);
        Recurrent plain = copyWeights(stateful, kind.builder(H).returnSequences(true).build());
        float[] x1 = random(rng, B * T * I, 1.0), x2 = random(rng, B * T * I, 1.0);
        float[][] init = initialState(kind, rng, B, H);
        fwd(stateful, x1, B, T, I, null, null, false);
        float[] y = fwd(stateful, x2, B, T, I, null, init, false);
        assertClose(fwd(plain, x2, B, T, I, null, init, false), y, TOL, kind + ": explicit initial state");
        // ... and becomes the carried state from then on
        float[] next = fwd(stateful, x1, B, T, I, null, null, false);
        assertClose(fwd(plain, x1, B, T, I, null, plain.finalStates(), false), next, TOL, kind + ": carried on");
    }

    // ------------------------------------------------------------------------------ initial state

    @ParameterizedTest
    @EnumSource(Kind.class)
    void initialStateEntersTheMathAsTheEquationsSay(Kind kind) {
        int B = 2, T = 2, I = 3, H = 2;
        Random rng = new Random(12);
        Recurrent layer = withRandomWeights(kind.builder(H).returnSequences(true).build(), kind, I, rng, 0.7);
        float[] x = random(rng, B * T * I, 1.0);
        float[][] init = initialState(kind, rng, B, H);
        float[] y = fwd(layer, x, B, T, I, null, init, false);
        float[][] last = layer.finalStates();
        double[][] ref = reference(kind, layer, x, B, T, I, init);
        assertClose(ref[0], y, 1e-5, kind + ": output against the equations in double");
        assertClose(ref[1], last[0], 1e-5, kind + ": h");
        if (kind.hasCellState()) {
            assertClose(ref[2], last[1], 1e-5, kind + ": c");
        }

        float[] y0 = fwd(layer, x, B, T, I, null, null, false);
        assertDiffer(y0, y, kind + ": a non-zero h0 changes the output");
        assertClose(reference(kind, layer, x, B, T, I, initialState(kind, null, B, H))[0], y0, 1e-5,
                kind + ": zero initial state against the equations");
        if (kind.hasCellState()) {
            float[][] cOnly = {new float[B * H], init[1]};
            assertDiffer(y0, fwd(layer, x, B, T, I, null, cOnly, false), kind + ": a non-zero c0 changes the output");
        }
    }

    @Test
    void oneLstmStepByHand() {
        // I = 1, H = 1, B = 1: every gate written out
        Recurrent lstm = LSTM.builder(1).build();
        lstm.build(1);
        float[] w = {0.5f, -0.3f, 0.8f, 0.2f};     // i, f, c, o
        float[] u = {0.1f, 0.4f, -0.6f, 0.7f};
        float[] b = {0.05f, 1f, -0.1f, 0.2f};
        lstm.setWeights(w, u, b);
        float x = 0.9f, h0 = -0.4f, c0 = 0.6f;
        float[] y = lstm.forward(new float[] {x}, 1, 1, 1, null, new float[][] {{h0}, {c0}}, false);
        double i = sigmoid(0.5 * 0.9 + 0.1 * -0.4 + 0.05);
        double f = sigmoid(-0.3 * 0.9 + 0.4 * -0.4 + 1);
        double g = Math.tanh(0.8 * 0.9 + -0.6 * -0.4 - 0.1);
        double o = sigmoid(0.2 * 0.9 + 0.7 * -0.4 + 0.2);
        double c = f * 0.6 + i * g;
        double h = o * Math.tanh(c);
        assertEquals(h, y[0], 1e-6, "h");
        assertEquals(c, lstm.finalStates()[1][0], 1e-6, "c");
    }

    // ------------------------------------------------------------------------------------ dropout

    @ParameterizedTest
    @EnumSource(Kind.class)
    void inferenceIgnoresDropout(Kind kind) {
        int B = 3, T = 5, I = 4, H = 6;
        Random rng = new Random(13);
        Recurrent dropping = withRandomWeights(kind.builder(H).returnSequences(true).dropout(0.4f)
                .recurrentDropout(0.3f).build(), kind, I, rng, 0.6);
        Recurrent plain = copyWeights(dropping, kind.builder(H).returnSequences(true).build());
        float[] x = random(rng, B * T * I, 1.0), dy = random(rng, B * T * H, 1.0);
        float[] y = fwd(dropping, x, B, T, I, null, null, false);
        dropping.zeroGrad();
        float[] dx = dropping.backward(dy).clone();
        assertArrayEquals(fwd(plain, x, B, T, I, null, null, false), y, kind + ": output");
        plain.zeroGrad();
        assertArrayEquals(plain.backward(dy), dx, kind + ": dx");
        float[][] g = weightGradients(dropping), gp = weightGradients(plain);
        for (int p = 0; p < 3; p++) {
            assertArrayEquals(gp[p], g[p], kind + ": grad " + WEIGHT_NAMES[p]);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void trainingWithDropoutChangesTheOutput(Kind kind) {
        int B = 3, T = 5, I = 4, H = 6;
        Random rng = new Random(14);
        float[] x = random(rng, B * T * I, 1.0);
        Recurrent in = withRandomWeights(kind.builder(H).returnSequences(true).dropout(0.5f).build(), kind, I, rng, 0.6);
        assertDiffer(fwd(in, x, B, T, I, null, null, false), fwd(in, x, B, T, I, null, null, true),
                kind + ": dropout");
        Recurrent rec = copyWeights(in, kind.builder(H).returnSequences(true).recurrentDropout(0.5f).build());
        assertDiffer(fwd(rec, x, B, T, I, null, null, false), fwd(rec, x, B, T, I, null, null, true),
                kind + ": recurrent dropout");
        // each training call draws new masks
        assertDiffer(fwd(in, x, B, T, I, null, null, true), fwd(in, x, B, T, I, null, null, true),
                kind + ": a new mask per call");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void inputDropoutMaskIsOnePerSequenceAndScaled(Kind kind) {
        int B = 4, T = 5, I = 10, H = 6;
        float rate = 0.5f, keep = 1f / (1f - rate);
        Random rng = new Random(15);
        Recurrent dropping = withRandomWeights(kind.builder(H).returnSequences(true).dropout(rate).seed(3).build(),
                kind, I, rng, 0.6);
        Recurrent plain = copyWeights(dropping, kind.builder(H).returnSequences(true).build());
        float[] x = random(rng, B * T * I, 1.0), dy = random(rng, B * T * H, 1.0);
        float[] y = fwd(dropping, x, B, T, I, null, null, true);
        dropping.zeroGrad();
        float[] dx = dropping.backward(dy).clone();

        // a dropped feature has no gradient at any step of its sample; a kept one has one at every step
        boolean[][] dropped = new boolean[B][I];
        int droppedCount = 0;
        for (int b = 0; b < B; b++) {
            for (int i = 0; i < I; i++) {
                int zeros = 0;
                for (int t = 0; t < T; t++) {
                    if (dx[(b * T + t) * I + i] == 0f) {
                        zeros++;
                    }
                }
                assertTrue(zeros == 0 || zeros == T,
                        kind + ": feature " + i + " of sample " + b + " is dropped at " + zeros + " of " + T + " steps");
                dropped[b][i] = zeros == T;
                droppedCount += zeros == T ? 1 : 0;
            }
        }
        assertTrue(droppedCount > 0 && droppedCount < B * I, kind + ": dropped " + droppedCount + " of " + B * I);
        boolean perSample = false;
        for (int b = 1; b < B; b++) {
            perSample |= !Arrays.equals(dropped[0], dropped[b]);
        }
        assertTrue(perSample, kind + ": every sample has its own mask");

        // kept features are scaled by 1/(1 − rate): the plain layer on the masked input gives the same
        float[] xm = new float[x.length];
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                for (int i = 0; i < I; i++) {
                    int e = (b * T + t) * I + i;
                    xm[e] = dropped[b][i] ? 0f : x[e] * keep;
                }
            }
        }
        assertClose(fwd(plain, xm, B, T, I, null, null, false), y, 1e-6, kind + ": output");
        plain.zeroGrad();
        float[] dxPlain = plain.backward(dy).clone();
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                for (int i = 0; i < I; i++) {
                    int e = (b * T + t) * I + i;
                    dxPlain[e] = dropped[b][i] ? 0f : dxPlain[e] * keep;
                }
            }
        }
        assertClose(dxPlain, dx, 1e-6, kind + ": dx");
        assertWeightGradientsClose(weightGradients(plain), weightGradients(dropping), 1e-6, kind.toString());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void recurrentDropoutMaskIsOnePerSequence(Kind kind) {
        // batch 1: a recurrent mask m held over the whole sequence is the plain layer with the
        // recurrent kernel's rows scaled by m; exactly one of the 2^H masks must fit every step
        int T = 6, I = 3, H = 4;
        float rate = 0.5f, keep = 1f / (1f - rate);
        Random rng = new Random(16);
        Recurrent dropping = withRandomWeights(kind.builder(H).returnSequences(true).recurrentDropout(rate).seed(5)
                .build(), kind, I, rng, 0.7);
        List<Parameter> p = dropping.parameters();
        float[] w = p.get(0).value().clone(), u = p.get(1).value().clone(), bias = p.get(2).value().clone();
        int gh = kind.gates * H;
        float[] x = random(rng, T * I, 1.0), dy = random(rng, T * H, 1.0);
        float[] h0 = random(rng, H, 0.8);
        float[][] init = kind.hasCellState() ? new float[][] {h0, random(rng, H, 0.8)} : new float[][] {h0};
        float[] y = fwd(dropping, x, 1, T, I, null, init, true);
        dropping.zeroGrad();
        float[] dx = dropping.backward(dy).clone();
        float[] dh0 = dropping.initialStateGradients()[0].clone();
        float[][] g = weightGradients(dropping);

        Recurrent plain = kind.builder(H).returnSequences(true).build();
        plain.build(I);
        int matches = 0;
        float[] found = null;
        for (int bits = 0; bits < 1 << H; bits++) {
            float[] m = new float[H];
            float[] um = u.clone();
            for (int j = 0; j < H; j++) {
                m[j] = (bits >> j & 1) == 1 ? keep : 0f;
                for (int k = 0; k < gh; k++) {
                    um[j * gh + k] *= m[j];
                }
            }
            plain.setWeights(w, um, bias);
            if (maxAbsDiff(fwd(plain, x, 1, T, I, null, init, false), y) <= 1e-6) {
                matches++;
                found = m;
            }
        }
        assertEquals(1, matches, kind + ": recurrent masks fitting every step");

        // backward: the same, with dU = m ⊙ dU' row by row
        float[] um = u.clone();
        for (int j = 0; j < H; j++) {
            for (int k = 0; k < gh; k++) {
                um[j * gh + k] *= found[j];
            }
        }
        plain.setWeights(w, um, bias);
        fwd(plain, x, 1, T, I, null, init, false);
        plain.zeroGrad();
        assertClose(plain.backward(dy), dx, 1e-6, kind + ": dx");
        assertClose(plain.initialStateGradients()[0], dh0, 1e-6, kind + ": dh0");
        float[][] gp = weightGradients(plain);
        for (int j = 0; j < H; j++) {
            for (int k = 0; k < gh; k++) {
                gp[1][j * gh + k] *= found[j];
            }
        }
        assertWeightGradientsClose(gp, g, 1e-6, kind.toString());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void dropoutIsReproducibleBySeed(Kind kind) {
        int B = 3, T = 5, I = 4, H = 6;
        Random rng = new Random(17);
        float[] x = random(rng, B * T * I, 1.0);
        Recurrent a = withRandomWeights(kind.builder(H).returnSequences(true).dropout(0.3f).recurrentDropout(0.3f)
                .seed(42).build(), kind, I, rng, 0.6);
        Recurrent b = copyWeights(a, kind.builder(H).returnSequences(true).dropout(0.3f).recurrentDropout(0.3f)
                .seed(42).build());
        Recurrent c = copyWeights(a, kind.builder(H).returnSequences(true).dropout(0.3f).recurrentDropout(0.3f)
                .seed(43).build());
        float[] ya = fwd(a, x, B, T, I, null, null, true);
        assertArrayEquals(ya, fwd(b, x, B, T, I, null, null, true), kind + ": same seed");
        assertDiffer(ya, fwd(c, x, B, T, I, null, null, true), kind + ": another seed");
    }

    // ----------------------------------------------------------------------------- unitForgetBias

    @ParameterizedTest
    @EnumSource(Kind.class)
    void biasStartsAtZeroButTheLstmForgetGate(Kind kind) {
        int H = 5;
        for (boolean unitForgetBias : new boolean[] {true, false}) {
            Recurrent layer = kind.builder(H).unitForgetBias(unitForgetBias).build();
            layer.build(3);
            Parameter bias = layer.parameters().get(2);
            assertEquals(kind.biasLength(H), bias.size(), kind + ": bias size");
            for (int i = 0; i < bias.size(); i++) {
                boolean forget = kind == Kind.LSTM && unitForgetBias && i >= H && i < 2 * H;
                assertEquals(forget ? 1f : 0f, bias.value()[i],
                        kind + " unitForgetBias=" + unitForgetBias + ": bias[" + i + "]");
            }
        }
    }

    // ------------------------------------------------------------------------------- initializers

    @ParameterizedTest
    @EnumSource(Kind.class)
    void initializersFollowKeras(Kind kind) {
        int I = 7, H = 12, gh = kind.gates * H;
        Recurrent layer = kind.builder(H).seed(21).build();
        layer.build(I);
        float[] w = layer.parameters().get(0).value();
        float[] u = layer.parameters().get(1).value();

        // recurrent kernel [H, G·H]: orthonormal rows
        for (int r = 0; r < H; r++) {
            for (int s = 0; s < H; s++) {
                double dot = 0;
                for (int k = 0; k < gh; k++) {
                    dot += (double) u[r * gh + k] * u[s * gh + k];
                }
                assertEquals(r == s ? 1.0 : 0.0, dot, 1e-5, kind + ": (U·Uᵀ)[" + r + "," + s + "]");
            }
        }
        // kernel: glorot uniform
        double limit = Math.sqrt(6.0 / (I + gh));
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (float v : w) {
            assertTrue(Math.abs(v) <= limit, kind + ": kernel value " + v + " beyond ±" + limit);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(max > limit / 2 && min < -limit / 2, kind + ": kernel spread [" + min + ", " + max + "]");

        Recurrent same = kind.builder(H).seed(21).build();
        same.build(I);
        Recurrent other = kind.builder(H).seed(22).build();
        other.build(I);
        for (int p = 0; p < 2; p++) {
            assertArrayEquals(layer.parameters().get(p).value(), same.parameters().get(p).value(),
                    kind + ": same seed, " + WEIGHT_NAMES[p]);
            assertDiffer(layer.parameters().get(p).value(), other.parameters().get(p).value(),
                    kind + ": another seed, " + WEIGHT_NAMES[p]);
        }
    }

    @Test
    void orthogonalOfATallMatrixHasOrthonormalColumns() {
        int rows = 11, cols = 4;
        float[] q = new float[rows * cols];
        Initializers.orthogonal(q, rows, cols, new Random(3));
        for (int a = 0; a < cols; a++) {
            for (int b = 0; b < cols; b++) {
                double dot = 0;
                for (int r = 0; r < rows; r++) {
                    dot += (double) q[r * cols + a] * q[r * cols + b];
                }
                assertEquals(a == b ? 1.0 : 0.0, dot, 1e-5, "(QᵀQ)[" + a + "," + b + "]");
            }
        }
    }

    @Test
    void orthogonalOfAWideMatrixHasOrthonormalRows() {
        int rows = 13, cols = 4 * 13 + 3; // neither a multiple of the eight running sums of the dot product
        float[] q = new float[rows * cols];
        Initializers.orthogonal(q, rows, cols, new Random(5));
        for (int a = 0; a < rows; a++) {
            for (int b = 0; b < rows; b++) {
                double dot = 0;
                for (int c = 0; c < cols; c++) {
                    dot += (double) q[a * cols + c] * q[b * cols + c];
                }
                assertEquals(a == b ? 1.0 : 0.0, dot, 1e-5, "(QQᵀ)[" + a + "," + b + "]");
            }
        }
    }

    // ----------------------------------------------------------------------------- parameterCount

    @Test
    void parameterCountsAsKerasSummary() {
        assertEquals(4352, built(LSTM.of(32), 1).parameterCount());
        assertEquals(4608, built(LSTM.of(32), 3).parameterCount());
        long gru = built(GRU.of(128), 12).parameterCount();
        assertEquals(3L * (12 * 128 + 128 * 128 + 2 * 128), gru);
        assertEquals(54528, gru);
        assertEquals(128L * 12 + 128 * 128 + 128, built(SimpleRNN.of(128), 12).parameterCount());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void parameterNamesAndShapes(Kind kind) {
        int I = 3, H = 5, gh = kind.gates * H;
        Recurrent layer = built(kind.builder(H).build(), I);
        List<Parameter> p = layer.parameters();
        assertEquals(3, p.size());
        assertEquals("kernel", p.get(0).name());
        assertEquals("recurrent_kernel", p.get(1).name());
        assertEquals("bias", p.get(2).name());
        assertArrayEquals(new int[] {I, gh}, p.get(0).shape(), kind + ": kernel");
        assertArrayEquals(new int[] {H, gh}, p.get(1).shape(), kind + ": recurrent_kernel");
        assertArrayEquals(kind == Kind.GRU ? new int[] {2, 3 * H} : new int[] {gh}, p.get(2).shape(), kind + ": bias");
        long total = 0;
        for (Parameter q : p) {
            assertEquals(q.size(), q.grad().length, kind + ": " + q.name() + " grad size");
            total += q.size();
        }
        assertEquals(total, layer.parameterCount(), kind + ": parameterCount");
        assertEquals(kind.hasCellState() ? 2 : 1, layer.stateCount(), kind + ": stateCount");
    }

    // ---------------------------------------------------------------------------- workspace reuse

    @ParameterizedTest
    @EnumSource(Kind.class)
    void workspaceReuseKeepsResults(Kind kind) {
        int I = 4, H = 6;
        Random rng = new Random(18);
        Recurrent layer = withRandomWeights(kind.builder(H).returnSequences(true).build(), kind, I, rng, 0.6);
        Recurrent fresh = copyWeights(layer, kind.builder(H).returnSequences(true).build());
        float[] x = random(rng, 3 * 5 * I, 1.0), dy = random(rng, 3 * 5 * H, 1.0);
        float[] y1 = fwd(layer, x, 3, 5, I, null, null, false);
        layer.zeroGrad();
        float[] dx1 = layer.backward(dy).clone();
        float[][] g1 = weightGradients(layer);
        assertArrayEquals(y1, fwd(layer, x, 3, 5, I, null, null, false), kind + ": same input twice");

        float[] x2 = random(rng, 2 * 9 * I, 1.0);
        float[] y2 = fwd(layer, x2, 2, 9, I, null, null, false);
        assertEquals(2 * 9 * H, y2.length, kind + ": new shape");
        assertArrayEquals(fwd(fresh, x2, 2, 9, I, null, null, false), y2, kind + ": new shape, fresh layer");

        assertArrayEquals(y1, fwd(layer, x, 3, 5, I, null, null, false), kind + ": old shape again");
        layer.zeroGrad();
        assertArrayEquals(dx1, layer.backward(dy), kind + ": dx, old shape again");
        float[][] g2 = weightGradients(layer);
        for (int p = 0; p < 3; p++) {
            assertArrayEquals(g1[p], g2[p], kind + ": grad " + WEIGHT_NAMES[p] + ", old shape again");
        }
    }

    // ------------------------------------------------------------------------ scalar versus vector

    @ParameterizedTest
    @EnumSource(Kind.class)
    void scalarAndVectorKernelsAgree(Kind kind) {
        Optional<Kernels> vector = KernelsProvider.vector();
        assumeTrue(vector.isPresent(), "the Vector API kernels are not available in this JVM");
        // odd sizes, so that the vector kernels' tails are used
        int B = 9, T = 7, I = 13, H = 37;
        Random rng = new Random(19);
        Recurrent scalar = withRandomWeights(kind.builder(H).returnSequences(true).returnState(true).build(),
                kind, I, rng, 0.15).withKernels(KernelsProvider.scalar());
        Recurrent vec = copyWeights(scalar, kind.builder(H).returnSequences(true).returnState(true).build())
                .withKernels(vector.get());
        float[] x = random(rng, B * T * I, 1.0), dy = random(rng, B * T * H, 1.0);
        float[][] init = initialState(kind, rng, B, H);
        float[][] dLast = kind.hasCellState()
                ? new float[][] {random(rng, B * H, 1.0), random(rng, B * H, 1.0)}
                : new float[][] {random(rng, B * H, 1.0)};
        boolean[] mask = new boolean[B * T];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextInt(5) != 0;
        }

        Recurrent[] layers = {scalar, vec};
        float[][] y = new float[2][], dx = new float[2][];
        float[][][] last = new float[2][][], dInit = new float[2][][], g = new float[2][][];
        for (int k = 0; k < 2; k++) {
            y[k] = fwd(layers[k], x, B, T, I, mask, init, false);
            last[k] = layers[k].finalStates();
            layers[k].zeroGrad();
            dx[k] = layers[k].backward(dy, dLast).clone();
            float[][] d = layers[k].initialStateGradients();
            dInit[k] = new float[d.length][];
            for (int s = 0; s < d.length; s++) {
                dInit[k][s] = d[s].clone();
            }
            g[k] = weightGradients(layers[k]);
        }
        double tol = 1e-4;
        assertClose(y[0], y[1], tol, kind + ": output");
        assertClose(dx[0], dx[1], tol, kind + ": dx");
        for (int s = 0; s < last[0].length; s++) {
            assertClose(last[0][s], last[1][s], tol, kind + ": final state " + s);
            assertClose(dInit[0][s], dInit[1][s], tol, kind + ": initial state gradient " + s);
        }
        assertWeightGradientsClose(g[0], g[1], tol, kind + " vector vs scalar");
    }

    // ------------------------------------------------------------------------------------ helpers

    private static <L extends Recurrent> L built(L layer, int inputs) {
        layer.build(inputs);
        return layer;
    }

    /** Random initial states {h0} or {h0, c0} of [B, H]; zeros when rng is null. */
    private static float[][] initialState(Kind kind, Random rng, int batch, int units) {
        int n = batch * units;
        float[] h0 = rng == null ? new float[n] : random(rng, n, 0.8);
        if (!kind.hasCellState()) {
            return new float[][] {h0};
        }
        return new float[][] {h0, rng == null ? new float[n] : random(rng, n, 0.8)};
    }

    /** Sample b's rows of each state, as a batch of one. */
    private static float[][] rowsOf(float[][] states, int b, int units) {
        float[][] out = new float[states.length][];
        for (int s = 0; s < states.length; s++) {
            out[s] = row(states[s], b, units);
        }
        return out;
    }

    /** A single sequence [1, T, F] without steps [t0, t1). */
    private static float[] dropSteps(float[] x, int steps, int features, int t0, int t1) {
        return concatTime(sliceTime(x, 1, steps, features, 0, t0), t0,
                sliceTime(x, 1, steps, features, t1, steps), steps - t1, 1, features);
    }

    private static double sigmoid(double v) {
        return 1.0 / (1.0 + Math.exp(-v));
    }

    /**
     * The layer's equations in double (default activations), over x [B, T, I] from the given
     * initial states: {y [B, T, H], h_T [B, H], c_T [B, H] (LSTM)}.
     */
    private static double[][] reference(Kind kind, Recurrent layer, float[] x, int B, int T, int I, float[][] init) {
        int H = layer.units(), G = kind.gates, gh = G * H;
        List<Parameter> p = layer.parameters();
        float[] w = p.get(0).value(), u = p.get(1).value(), bias = p.get(2).value();
        double[] y = new double[B * T * H], hT = new double[B * H], cT = new double[B * H];
        for (int b = 0; b < B; b++) {
            double[] h = new double[H], c = new double[H];
            for (int j = 0; j < H; j++) {
                h[j] = init[0][b * H + j];
                c[j] = kind.hasCellState() ? init[1][b * H + j] : 0;
            }
            for (int t = 0; t < T; t++) {
                double[] xw = new double[gh], hu = new double[gh];
                for (int k = 0; k < gh; k++) {
                    for (int i = 0; i < I; i++) {
                        xw[k] += x[(b * T + t) * I + i] * (double) w[i * gh + k];
                    }
                    for (int j = 0; j < H; j++) {
                        hu[k] += h[j] * u[j * gh + k];
                    }
                }
                double[] hn = new double[H];
                for (int j = 0; j < H; j++) {
                    switch (kind) {
                        case LSTM: {
                            double zi = xw[j] + hu[j] + bias[j];
                            double zf = xw[H + j] + hu[H + j] + bias[H + j];
                            double zc = xw[2 * H + j] + hu[2 * H + j] + bias[2 * H + j];
                            double zo = xw[3 * H + j] + hu[3 * H + j] + bias[3 * H + j];
                            c[j] = sigmoid(zf) * c[j] + sigmoid(zi) * Math.tanh(zc);
                            hn[j] = sigmoid(zo) * Math.tanh(c[j]);
                            break;
                        }
                        case GRU: {
                            double z = sigmoid(xw[j] + bias[j] + hu[j] + bias[gh + j]);
                            double r = sigmoid(xw[H + j] + bias[H + j] + hu[H + j] + bias[gh + H + j]);
                            double n = Math.tanh(xw[2 * H + j] + bias[2 * H + j]
                                    + r * (hu[2 * H + j] + bias[gh + 2 * H + j]));
                            hn[j] = z * h[j] + (1 - z) * n;
                            break;
                        }
                        default:
                            hn[j] = Math.tanh(xw[j] + hu[j] + bias[j]);
                    }
                }
                h = hn;
                System.arraycopy(h, 0, y, (b * T + t) * H, H);
            }
            System.arraycopy(h, 0, hT, b * H, H);
            System.arraycopy(c, 0, cT, b * H, H);
        }
        return new double[][] {y, hT, cT};
    }
}
