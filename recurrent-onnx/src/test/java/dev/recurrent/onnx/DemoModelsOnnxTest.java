package dev.recurrent.onnx;

import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.CifgLSTM;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Dropout;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.PeepholeLSTM;
import dev.recurrent.layers.RepeatVector;
import dev.recurrent.layers.SimpleRNN;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.BiFunction;

import static dev.recurrent.onnx.OnnxParity.assertSamePredictions;
import static dev.recurrent.onnx.OnnxParity.randomInput;
import static dev.recurrent.onnx.OnnxParity.randomTokens;
import static dev.recurrent.onnx.OnnxParity.randomize;

/**
 * The demo models' architectures, small and with random weights, exported and run in ONNX Runtime:
 * the same predictions as the model's own within {@link OnnxParity#TOLERANCE}.
 */
class DemoModelsOnnxTest {

    @Test
    void alphabetLstmWithSoftmax() throws Exception {
        Sequential model = new Sequential("alphabet").input(3, 1).seed(1)
                .add(LSTM.of(16))
                .add(Dense.of(26, "softmax"));
        randomize(model, 11, 0.5f);
        assertSamePredictions(model, randomInput(model, 5, 12));
    }

    @Test
    void salesForecasterStatefulLstmFromResetStates() throws Exception {
        Sequential model = new Sequential("sales").input(1, 1).seed(2)
                .add(LSTM.builder(4).stateful(true).build())
                .add(Dense.of(1));
        randomize(model, 21, 0.8f);
        model.resetStates();
        assertSamePredictions(model, randomInput(model, 6, 22));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "simple_rnn", "gru"})
    void airlineForecaster(String cell) throws Exception {
        Layer rnn = cell.equals("lstm") ? LSTM.of(4) : cell.equals("gru") ? GRU.of(4) : SimpleRNN.of(4);
        Sequential model = new Sequential("airline_" + cell).input(3, 1).seed(3).add(rnn).add(Dense.of(1));
        randomize(model, 31, 0.8f);
        assertSamePredictions(model, randomInput(model, 7, 32));
    }

    @Test
    void imdbClassifierEmbeddingLstmDropout() throws Exception {
        Sequential model = new Sequential("imdb").input(12).seed(4)
                .add(new Embedding(40, 8, false))
                .add(LSTM.builder(6).dropout(0.2f).build())
                .add(new Dropout(0.3f))
                .add(Dense.of(1, "sigmoid"));
        randomize(model, 41, 0.6f);
        assertSamePredictions(model, randomTokens(6, 12, 40, 42));
    }

    @Test
    void imdbClassifierMaskZeroBidirectional() throws Exception {
        Sequential model = new Sequential("imdb_masked").input(10).seed(5)
                .add(new Embedding(30, 6, true))
                .add(new Bidirectional(LSTM.of(5)))
                .add(Dense.of(1, "sigmoid"));
        randomize(model, 51, 0.6f);
        assertSamePredictions(model, Masks.padded(randomTokens(8, 10, 30, 52)));
    }

    @Test
    void textGeneratorStackedLstmsReturningSequences() throws Exception {
        Sequential model = new Sequential("text").input(9, 7).seed(6)
                .add(LSTM.builder(12).returnSequences(true).build())
                .add(LSTM.builder(10).returnSequences(true).build())
                .add(new TimeDistributed(Dense.of(7, "softmax")));
        randomize(model, 61, 0.5f);
        assertSamePredictions(model, randomInput(model, 4, 62));
    }

    @Test
    void textGeneratorLastStepSoftmax() throws Exception {
        Sequential model = new Sequential("text_last").input(9, 7).seed(7)
                .add(LSTM.builder(12).returnSequences(true).build())
                .add(LSTM.of(10))
                .add(Dense.of(7, "softmax"));
        randomize(model, 71, 0.5f);
        assertSamePredictions(model, randomInput(model, 4, 72));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru", "gru_reset_before", "simple_rnn", "peephole", "cifg"})
    void additionEncoderDecoder(String cell) throws Exception {
        BiFunction<Integer, Boolean, Layer> make = (units, seq) -> {
            switch (cell) {
                case "gru":
                    return GRU.builder(units).returnSequences(seq).build();
                case "gru_reset_before":
                    return GRU.builder(units).resetAfter(false).returnSequences(seq).build();
                case "simple_rnn":
                    return SimpleRNN.builder(units).returnSequences(seq).build();
                case "peephole":
                    return PeepholeLSTM.builder(units).returnSequences(seq).build();
                case "cifg":
                    return CifgLSTM.builder(units).returnSequences(seq).build();
                default:
                    return LSTM.builder(units).returnSequences(seq).build();
            }
        };
        Sequential model = new Sequential("addition_" + cell).input(7, 12).seed(8)
                .add(make.apply(16, false))
                .add(new RepeatVector(4))
                .add(make.apply(16, true))
                .add(new TimeDistributed(Dense.of(12, "softmax")));
        randomize(model, 81, 0.5f);
        Tensor x = randomInput(model, 5, 82);
        assertSamePredictions(model, x);
    }
}
