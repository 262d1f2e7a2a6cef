package dev.recurrent.decoding;

import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.CifgLSTM;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Dropout;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.Flatten;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.LayerFactory;
import dev.recurrent.layers.PeepholeLSTM;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.SimpleRNN;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stepping a model gives, at every step, the output of the whole-sequence forward at that step,
 * for every cell kind, stacked, after an Embedding with masked steps, for a large (packed) layer,
 * and for a model that outputs its last step only; layers that cannot step are refused by name.
 */
class SequentialStepperTest {
    static final int B = 3, T = 9, F = 5;

    static Recurrent cell(String kind, int units, boolean returnSequences) {
        return switch (kind) {
            case "lstm" -> LSTM.builder(units).returnSequences(returnSequences).seed(3).build();
            case "gru" -> GRU.builder(units).returnSequences(returnSequences).seed(4).build();
            case "gru_reset_before" -> GRU.builder(units).resetAfter(false).returnSequences(returnSequences).seed(5).build();
            case "simple_rnn" -> SimpleRNN.builder(units).returnSequences(returnSequences).seed(6).build();
            case "peephole_lstm" -> PeepholeLSTM.builder(units).returnSequences(returnSequences).seed(7).build();
            default -> CifgLSTM.builder(units).returnSequences(returnSequences).seed(8).build();
        };
    }

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    /** Steps x [B, T, inputSize] through the stepper; returns [B, T, outputs] in the model's layout. */
    static float[] stepAll(SequentialStepper s, float[] x, int inputSize) {
        StepState state = s.start(B);
        int out = s.outputSize();
        float[] all = new float[B * T * out];
        for (int t = 0; t < T; t++) {
            float[] xt = new float[B * inputSize];
            for (int b = 0; b < B; b++) {
                System.arraycopy(x, (b * T + t) * inputSize, xt, b * inputSize, inputSize);
            }
            float[] y = s.step(xt, state);
            for (int b = 0; b < B; b++) {
                System.arraycopy(y, b * out, all, (b * T + t) * out, out);
            }
        }
        return all;
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru", "gru_reset_before", "simple_rnn", "peephole_lstm", "cifg_lstm"})
    void aStackStepsAsTheWholeSequenceRuns(String kind) {
        Sequential m = new Sequential().input(T, F).seed(11)
                .add(cell(kind, 6, true))
                .add(new Dropout(0.3f))
                .add(cell(kind, 4, true))
                .add(new TimeDistributed(new Dense(7, "softmax")))
                .build();
        float[] x = random(B * T * F, 1);
        float[] whole = m.predict(Tensor.of(x, B, T, F), B).data();
        float[] stepped = stepAll(SequentialStepper.of(m.layers()), x, F);
        assertArrayEquals(whole, stepped, 0f, kind);
    }

    @Test
    void anEmbeddingWithMaskedStepsStepsAsTheWholeSequenceRuns() {
        Sequential m = new Sequential().input(T).seed(12)
                .add(new Embedding(10, 4, true))
                .add(LSTM.builder(5).returnSequences(true).seed(2).build())
                .add(GRU.builder(3).returnSequences(true).zeroOutputForMask(true).seed(3).build())
                .add(new Dense(10, "softmax"))
                .build();
        Random r = new Random(5);
        float[] ids = new float[B * T];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(9);   // about one step in four masked
        }
        ids[1] = 0;
        float[] whole = m.predict(Tensor.of(ids, B, T), B).data();
        SequentialStepper s = SequentialStepper.of(m.layers());
        assertTrue(s.readsTokens());
        assertArrayEquals(whole, stepAll(s, ids, 1), 0f);
    }

    @Test
    void aLargeLayerWithAPackedKernelStepsAsTheWholeSequenceRuns() {
        Sequential m = new Sequential().input(T, F).seed(13)
                .add(LSTM.builder(192).returnSequences(true).seed(2).build())   // 192 × 768 values: packed
                .add(new Dense(3, "tanh"))
                .build();
        float[] x = random(B * T * F, 2);
        float[] whole = m.predict(Tensor.of(x, B, T, F), B).data();
        assertArrayEquals(whole, stepAll(SequentialStepper.of(m.layers()), x, F), 0f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru", "simple_rnn"})
    void aLastStepModelGivesAtEachStepItsOutputForThePrefix(String kind) {
        Sequential m = new Sequential("chars").input(T, F).seed(14)
                .add(cell(kind, 8, false))
                .add(new Dense(F, "softmax"))
                .build();
        float[] x = random(T * F, 3);
        SequentialStepper s = SequentialStepper.of(m.layers());
        StepState state = s.start(1);
        for (int t = 1; t <= T; t++) {
            float[] y = s.step(Arrays.copyOfRange(x, (t - 1) * F, t * F), state);
            float[] prefix = copyFor(m, t).predict(Tensor.of(Arrays.copyOf(x, t * F), 1, t, F), 1).data();
            assertArrayEquals(prefix, y, 0f, kind + " after " + t + " steps");
        }
    }

    /** The model with the same weights, reading {@code steps} steps. */
    static Sequential copyFor(Sequential m, int steps) {
        Sequential copy = new Sequential().input(steps, F).seed(m.seed());
        for (Layer l : m.layers()) {
            copy.add(LayerFactory.fromConfig(l.type(), l.getConfig()));
        }
        copy.build();
        copy.setWeights(m.getWeights());
        return copy;
    }

    @Test
    void aCopiedStateGoesOnAsTheOriginalWould() {
        Sequential m = new Sequential().input(T, F).seed(15).add(cell("lstm", 6, true)).add(Dense.of(2)).build();
        SequentialStepper s = SequentialStepper.of(m.layers());
        StepState a = s.start(1);
        s.step(random(F, 4), a);
        StepState b = a.copy();
        float[] next = random(F, 5);
        float[] ya = s.step(next, a);
        assertArrayEquals(ya, s.step(next, b), 0f);
        s.step(next, a);
        assertTrue(!Arrays.equals(a.layer(0)[0], b.layer(0)[0]), "stepping one leaves the other");
    }

    @Test
    void aStatefulLayersCarriedStatesAreLeftAlone() {
        Sequential m = new Sequential().input(T, F).seed(16)
                .add(LSTM.builder(4).returnSequences(true).stateful(true).seed(2).build()).add(Dense.of(2)).build();
        float[] x = random(T * F, 6);
        float[] first = m.predict(Tensor.of(x, 1, T, F), 1).data();
        float[] second = m.predict(Tensor.of(x, 1, T, F), 1).data();   // from the states the first left
        m.resetStates();
        m.predict(Tensor.of(x, 1, T, F), 1);
        SequentialStepper s = SequentialStepper.of(m.layers());
        StepState state = s.start(1);
        for (int t = 0; t < T; t++) {
            s.step(Arrays.copyOfRange(x, t * F, (t + 1) * F), state);
        }
        assertArrayEquals(second, m.predict(Tensor.of(x, 1, T, F), 1).data(), 0f);
        assertTrue(!Arrays.equals(first, second));
    }

    @Test
    void layersThatCannotStepAreRefusedByName() {
        Sequential bi = new Sequential().input(T, F).add(new Bidirectional(LSTM.builder(3).returnSequences(true).build()))
                .add(Dense.of(2)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SequentialStepper.of(bi.layers()));
        assertEquals("bidirectional: cannot run one step at a time: its backward direction reads the sequence from the"
                + " last step, which is not there yet when the sequence is read one step at a time", e.getMessage());

        Sequential back = new Sequential().input(T, F).add(LSTM.builder(3).goBackwards(true).build()).build();
        e = assertThrows(IllegalArgumentException.class, () -> SequentialStepper.of(back.layers()));
        assertTrue(e.getMessage().startsWith("lstm: a layer with go_backwards"), e.getMessage());

        Sequential flat = new Sequential().input(T, F).add(new Flatten()).add(Dense.of(2)).build();
        e = assertThrows(IllegalArgumentException.class, () -> SequentialStepper.of(flat.layers()));
        assertTrue(e.getMessage().startsWith("flatten: cannot run one step at a time: a Flatten layer has no step"),
                e.getMessage());
    }

    @Test
    void wrongInputsAreRefused() {
        Sequential m = new Sequential().input(T).add(new Embedding(5, 3, false)).add(cell("gru", 4, true)).build();
        SequentialStepper s = SequentialStepper.of(m.layers());
        StepState state = s.start(2);
        assertThrows(IllegalArgumentException.class, () -> s.step(new float[3], state));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.step(new float[] {1, 5}, state));
        assertEquals("embedding: token id 5.0 of sequence 1 is not an integer in [0, 5)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.start(0));
    }
}
