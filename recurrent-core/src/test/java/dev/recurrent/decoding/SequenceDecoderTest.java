package dev.recurrent.decoding;

import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A language model as a decoder: one-hot or token input, fed its own predictions. */
class SequenceDecoderTest {
    static final int V = 6, T = 5;

    static Sequential charModel() {
        return new Sequential().input(T, V).seed(3).add(LSTM.builder(8).seed(4).build()).add(new Dense(V, "softmax")).build();
    }

    @Test
    void eachStepIsTheModelsPredictionForTheTokensReadSoFar() {
        Sequential m = charModel();
        SequenceDecoder d = new SequenceDecoder(m.layers());
        StepState s = d.start();
        int[] tokens = {1, 4, 0, 5, 2};
        float[] x = new float[T * V];
        for (int t = 0; t < T; t++) {
            x[t * V + tokens[t]] = 1;
            float[] p = d.step(s, tokens[t]);
            if (t == T - 1) {
                assertArrayEquals(m.predict(Tensor.of(x, 1, T, V), 1).data(), p, 0f);
            }
        }
    }

    @Test
    void beamWidthOneIsGreedyOnARealModel() {
        Sequential m = new Sequential().input(T).seed(5).add(new Embedding(V, 4, false))
                .add(GRU.builder(7).returnSequences(true).seed(6).build()).add(new Dense(V, "softmax")).build();
        SequenceDecoder d = new SequenceDecoder(m.layers());
        int[] greedy = new Sampler(Sampling.greedy(), 0).generate(d, d.start(), new int[] {2, 3}, 20, 0, null);
        List<Hypothesis> beam = new BeamSearch(1, 1, 0).search(d, d.start(), new int[] {2, 3}, 20, 1);
        assertArrayEquals(greedy, beam.get(0).tokens());
    }

    @Test
    void aModelThatDoesNotPredictWhatItReadsIsRefused() {
        Sequential m = new Sequential().input(T, V).add(LSTM.builder(3).build()).add(new Dense(V + 1, "softmax")).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SequenceDecoder(m.layers()));
        assertEquals("the model cannot feed its predictions back: it predicts 7 tokens per step but reads 6 one-hot features",
                e.getMessage());
    }
}
