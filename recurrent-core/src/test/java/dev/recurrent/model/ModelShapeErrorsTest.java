package dev.recurrent.model;

import dev.recurrent.tensor.Tensor;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.RepeatVector;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.loss.BinaryCrossentropy;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.loss.MeanSquaredError;
import dev.recurrent.loss.SparseCategoricalCrossentropy;
import dev.recurrent.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shape mistakes fail at build or fit, before any training, with a message that names the layer
 * and the shapes involved (Keras style: what was expected, what was received).
 */
class ModelShapeErrorsTest {

    /** Runs {@code call}, expects {@code type}, and checks the message holds every fragment. */
    static <T extends Throwable> String assertFails(Class<T> type, Executable call, String... fragments) {
        T e = assertThrows(type, call);
        String msg = e.getMessage();
        for (String f : fragments) {
            assertTrue(msg != null && msg.contains(f), "the message should mention '" + f + "': " + msg);
        }
        return msg;
    }

    static Tensor zeros(int... shape) {
        return Tensor.zeros(shape);
    }

    static FitOptions once() {
        return FitOptions.defaults().epochs(1).batchSize(4);
    }

    /** A valid id tensor [n, steps] (ids 1..). */
    static Tensor ids(int n, int steps, int vocab) {
        float[] v = new float[n * steps];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1 + i % (vocab - 1);
        }
        return Tensor.of(v, n, steps);
    }

    @Test
    void sequenceOutputWithOneTargetPerSample() {
        Sequential m = new Sequential().input(5, 2)
                .add(LSTM.builder(4).returnSequences(true).build())
                .add(Dense.of(3, "softmax"))
                .compile(new Adam(), new CategoricalCrossentropy(), "accuracy");
        assertFails(IllegalArgumentException.class, () -> m.fit(zeros(8, 5, 2), zeros(8, 3), once()),
                "'dense'", "(None, 5, 3)", "(None, 3)", "sequence", "returnSequences");
    }

    @Test
    void classIndicesGivenToCategoricalCrossentropy() {
        Sequential m = new Sequential().input(5, 2)
                .add(LSTM.of(4))
                .add(Dense.of(3, "softmax"))
                .compile(new Adam(), new CategoricalCrossentropy());
        assertFails(IllegalArgumentException.class, () -> m.fit(zeros(8, 5, 2), zeros(8), once()),
                "'dense'", "(None, 3)", "categorical_crossentropy", "sparse_categorical_crossentropy");
        assertFails(IllegalArgumentException.class, () -> m.fit(zeros(8, 5, 2), zeros(8, 1), once()),
                "'dense'", "(None, 3)", "(None, 1)", "sparse_categorical_crossentropy");
    }

    @Test
    void oneHotTargetsGivenToSparseCategoricalCrossentropy() {
        Sequential m = new Sequential().input(5, 2)
                .add(LSTM.of(4))
                .add(Dense.of(3, "softmax"))
                .compile(new Adam(), new SparseCategoricalCrossentropy());
        assertFails(IllegalArgumentException.class, () -> m.fit(zeros(8, 5, 2), zeros(8, 3), once()),
                "'dense'", "(None, 3)", "sparse_categorical_crossentropy", "use categorical_crossentropy");
    }

    @Test
    void sparseTargetOutOfRange() {
        Sequential m = new Sequential().input(5, 2)
                .add(LSTM.of(4))
                .add(Dense.of(3, "softmax"))
                .compile(new Adam(), new SparseCategoricalCrossentropy(), "accuracy");
        float[] y = {0, 1, 2, 3};
        assertFails(IllegalArgumentException.class, () -> m.fit(zeros(4, 5, 2), Tensor.of(y, 4), once()),
                "sparse_categorical_crossentropy", "3.0", "[0, 3)");
        float[] half = {0, 1.5f, 2, 1};
        assertFails(IllegalArgumentException.class, () -> m.evaluate(zeros(4, 5, 2), Tensor.of(half, 4), 4),
                "1.5", "[0, 3)");
    }

    @Test
    void targetsOfTheWrongWidth() {
        Sequential m = new Sequential().input(5, 2)
                .add(LSTM.of(4))
                .add(Dense.of(1))
                .compile(new Adam(), new MeanSquaredError());
        String msg = assertFails(IllegalArgumentException.class, () -> m.fit(zeros(8, 5, 2), zeros(8, 2), once()),
                "'dense'", "(None, 1)", "(None, 2)", "mean_squared_error");
        assertFalse(msg.contains("sparse"), "no class-index hint for a regression: " + msg);
    }

    @Test
    void inputWithTheWrongSampleShape() {
        Sequential m = new Sequential().input(5, 2)
                .add(LSTM.of(4))
                .add(Dense.of(1))
                .compile(new Adam(), new MeanSquaredError());
        assertFails(IllegalArgumentException.class, () -> m.fit(zeros(8, 5, 3), zeros(8, 1), once()),
                "(None, 5, 3)", "(None, 5, 2)", "'lstm'");
        assertFails(IllegalArgumentException.class, () -> m.predict(zeros(8, 2, 5), 4),
                "(None, 2, 5)", "(None, 5, 2)");
        assertFails(IllegalArgumentException.class, () -> m.evaluate(zeros(8, 10), zeros(8, 1), 4),
                "(None, 10)", "(None, 5, 2)");
    }

    @Test
    void validationDataOfTheWrongShape() {
        Sequential m = new Sequential().input(5, 2)
                .add(LSTM.of(4))
                .add(Dense.of(1))
                .compile(new Adam(), new MeanSquaredError());
        assertFails(IllegalArgumentException.class, () -> m.fit(zeros(8, 5, 2), zeros(8, 1),
                once().validationData(zeros(3, 5, 3), zeros(3, 1))), "validation x", "(None, 5, 3)");
        assertFails(IllegalArgumentException.class, () -> m.fit(zeros(8, 5, 2), zeros(8, 1),
                once().validationData(zeros(3, 5, 2), zeros(2, 1))), "validation x", "3", "validation y", "2");
    }

    @Test
    void sampleCountsDiffer() {
        Sequential m = new Sequential().input(5, 2)
                .add(LSTM.of(4))
                .add(Dense.of(1))
                .compile(new Adam(), new MeanSquaredError());
        assertFails(IllegalArgumentException.class, () -> m.fit(zeros(8, 5, 2), zeros(7, 1), once()),
                "x has 8 samples", "y has 7");
        assertFails(IllegalArgumentException.class, () -> m.evaluate(zeros(8, 5, 2), zeros(9, 1), 4), "8", "9");
    }

    @Test
    void repeatVectorAfterASequenceOutput() {
        Sequential m = new Sequential().input(7, 12)
                .add(LSTM.builder(8).returnSequences(true).build())
                .add(new RepeatVector(4));
        assertFails(IllegalArgumentException.class, m::build, "repeat_vector", "(None, 7, 8)", "returnSequences");
    }

    @Test
    void recurrentLayerOnAVectorSample() {
        Sequential m = new Sequential().input(5).add(LSTM.of(4));
        assertFails(IllegalArgumentException.class, m::build, "lstm", "(None, 5)", "timesteps");
        Sequential b = new Sequential().input(5).add(new Bidirectional(LSTM.of(4)));
        assertFails(IllegalArgumentException.class, b::build, "(None, 5)");
        Sequential t = new Sequential().input(5).add(new TimeDistributed(Dense.of(2)));
        assertFails(IllegalArgumentException.class, t::build, "time_distributed", "(None, 5)");
    }

    @Test
    void embeddingOnSequencesOfVectors() {
        Sequential m = new Sequential().input(5, 1).add(new Embedding(10, 4, true));
        assertFails(IllegalArgumentException.class, m::build, "embedding", "(None, 5, 1)", "token ids");
    }

    static Sequential imdbLike() {
        return new Sequential().input(6)
                .add(new Embedding(10, 4, true))
                .add(LSTM.of(4))
                .add(Dense.of(1, "sigmoid"))
                .compile(new Adam(), new BinaryCrossentropy(), "accuracy");
    }

    @Test
    void nonIntegerTokenId() {
        Sequential m = imdbLike();
        Tensor x = ids(4, 6, 10);
        x.data()[1 * 6 + 2] = 2.5f;
        assertFails(IllegalArgumentException.class, () -> m.predict(x, 4), "embedding", "2.5", "sample 1", "step 2");
        assertFails(IllegalArgumentException.class, () -> m.fit(x, zeros(4, 1), once().shuffle(false)),
                "embedding", "2.5", "sample 1", "step 2", "[0, 10)");
    }

    @Test
    void tokenIdOutOfRange() {
        Sequential m = imdbLike();
        Tensor x = ids(4, 6, 10);
        x.data()[2 * 6 + 5] = 10f;
        assertFails(IllegalArgumentException.class, () -> m.predict(x, 4), "embedding", "10", "sample 2", "step 5",
                "[0, 10)");
        x.data()[2 * 6 + 5] = -1f;
        assertFails(IllegalArgumentException.class, () -> m.predict(x, 4), "-1", "sample 2", "step 5");
        x.data()[2 * 6 + 5] = Float.NaN;
        assertFails(IllegalArgumentException.class, () -> m.predict(x, 4), "NaN", "sample 2", "step 5");
    }

    /** The sample an id error names must be the data's sample, not the position in the batch. */
    @Test
    void badTokenIdNamesTheSampleOfTheData() {
        Sequential m = imdbLike();
        Tensor x = ids(9, 6, 10);
        x.data()[7 * 6 + 1] = 3.5f;
        assertFails(IllegalArgumentException.class, () -> m.predict(x, 4), "sample 7", "step 1");
        assertFails(IllegalArgumentException.class, () -> m.evaluate(x, zeros(9, 1), 4), "sample 7", "step 1");
    }

    @Test
    void fitOrEvaluateBeforeCompile() {
        Sequential m = new Sequential().input(5, 2).add(LSTM.of(4)).add(Dense.of(1));
        assertFails(IllegalStateException.class, () -> m.fit(zeros(8, 5, 2), zeros(8, 1), once()), "compile");
        assertFails(IllegalStateException.class, () -> m.evaluate(zeros(8, 5, 2), zeros(8, 1), 4), "compile");
        // predict needs no compile
        m.predict(zeros(2, 5, 2), 2);
    }

    @Test
    void validationSplitLeavingNoSample() {
        Sequential m = new Sequential().input(5, 2).add(LSTM.of(4)).add(Dense.of(1))
                .compile(new Adam(), new MeanSquaredError());
        // one sample cannot be split, whatever the fraction (SequentialTest checks where the split falls)
        assertFails(IllegalArgumentException.class,
                () -> m.fit(zeros(1, 5, 2), zeros(1, 1), once().validationSplit(0.5)), "validation_split", "1 samples");
        assertFails(IllegalArgumentException.class,
                () -> m.fit(zeros(1, 5, 2), zeros(1, 1), once().validationSplit(0.01)), "validation_split", "1 samples");
        assertFails(IllegalArgumentException.class, () -> FitOptions.defaults().validationSplit(1.0), "validation_split");
        assertFails(IllegalArgumentException.class, () -> FitOptions.defaults().validationSplit(-0.1), "validation_split");
    }

    @Test
    void layersCannotBeAddedAfterBuild() {
        Sequential m = new Sequential().input(5, 2).add(LSTM.of(4)).build();
        assertFails(IllegalStateException.class, () -> m.add(Dense.of(1)), "add");
        assertFails(IllegalStateException.class, () -> m.input(3, 2), "input");
    }

    @Test
    void modelWithoutInputShapeOrLayers() {
        assertFails(IllegalStateException.class, () -> new Sequential().add(Dense.of(1)).build(), "input");
        assertFails(IllegalStateException.class, () -> new Sequential().input(3).build(), "no layers");
    }

    @Test
    void bidirectionalRefusesReturnState() {
        assertFails(IllegalArgumentException.class,
                () -> new Bidirectional(LSTM.builder(3).returnState(true).build()), "returnState");
        assertFails(IllegalArgumentException.class, () -> Bidirectional.merge("max"), "max", "concat");
    }
}
