package dev.recurrent.io.torch;

import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Dropout;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.RepeatVector;
import dev.recurrent.layers.SimpleRNN;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The architectures of the demos and of {@code recurrent train} go through a state dict and come back
 * predicting bit for bit as before, loaded into a model of the same architecture with other weights.
 */
class TorchArchitecturesTest {
    @TempDir
    Path dir;

    static Sequential model(String kind, long seed) {
        Sequential m = new Sequential().seed(seed);
        return switch (kind) {
            case "addition" -> m.input(7, 12).add(LSTM.of(16)).add(new RepeatVector(4))
                    .add(LSTM.builder(16).returnSequences(true).build())
                    .add(new TimeDistributed(Dense.of(12, "softmax"))).build();
            case "dinner" -> m.input(6, 3).add(SimpleRNN.builder(8).returnSequences(true).build())
                    .add(new TimeDistributed(Dense.of(3, "softmax"))).build();
            case "classify" -> m.input(9).add(new Embedding(30, 8, true)).add(GRU.of(6))
                    .add(Dense.of(1, "sigmoid")).build();
            case "forecast" -> m.input(12, 1).add(LSTM.of(32)).add(Dense.of(1)).build();
            default -> m.input(5, 4).add(new Bidirectional(GRU.builder(5).returnSequences(true).build()))
                    .add(new Dropout(0.2f)).add(new Bidirectional(GRU.of(5))).add(Dense.of(3, "softmax")).build();
        };
    }

    private static Tensor batch(Sequential m, boolean tokens) {
        int[] sample = m.inputShape().dims();
        int[] shape = new int[sample.length + 1];
        shape[0] = 3;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        float[] x = new float[3 * m.inputShape().size()];
        Random r = new Random(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = tokens ? r.nextInt(30) : 2 * r.nextFloat() - 1;
        }
        return Tensor.of(x, shape);
    }

    @ParameterizedTest
    @ValueSource(strings = {"addition", "dinner", "classify", "forecast", "stacked-bidirectional"})
    void goesThroughAStateDictUnchanged(String kind) throws IOException {
        LongFunction<Sequential> make = seed -> model(kind, seed);
        Sequential original = make.apply(1);
        Path file = dir.resolve(kind + ".safetensors");
        TorchWeights.save(original, file);
        Sequential other = make.apply(2);
        Tensor x = batch(original, kind.equals("classify"));
        float[] expected = original.predict(x, 3).data();
        assertFalse(java.util.Arrays.equals(expected, other.predict(x, 3).data()), "the two seeds give other weights");
        TorchWeights.load(file, other);
        assertArrayEquals(expected, other.predict(x, 3).data());
    }
}
