package dev.recurrent.onnx;

import dev.recurrent.kernels.Activation;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.CifgLSTM;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.Flatten;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.PeepholeLSTM;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.SimpleRNN;
import dev.recurrent.model.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.recurrent.onnx.OnnxParity.assertSamePredictions;
import static dev.recurrent.onnx.OnnxParity.randomInput;
import static dev.recurrent.onnx.OnnxParity.randomTokens;
import static dev.recurrent.onnx.OnnxParity.randomize;

/** Each recurrent layer, option and Bidirectional merge, with and without masks, against ONNX Runtime. */
class RecurrentLayersOnnxTest {

    private static Recurrent cell(String kind, int units, boolean seq) {
        switch (kind) {
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
    }

    private static void check(Sequential model, long seed) throws Exception {
        randomize(model, seed, 0.7f);
        assertSamePredictions(model, randomInput(model, 6, seed + 1));
    }

    private static void checkMasked(Sequential model, int vocabulary, long seed) throws Exception {
        randomize(model, seed, 0.7f);
        int steps = model.inputShape().dim(0);
        assertSamePredictions(model, Masks.padded(randomTokens(12, steps, vocabulary, seed + 1)));
    }

    @ParameterizedTest
    @CsvSource({"lstm,false", "lstm,true", "gru,false", "gru,true", "gru_reset_before,false", "gru_reset_before,true",
            "simple_rnn,false", "simple_rnn,true", "peephole,false", "peephole,true", "cifg,false", "cifg,true"})
    void eachCell(String kind, boolean seq) throws Exception {
        check(new Sequential(kind).input(6, 3).add(cell(kind, 5, seq)).add(Dense.of(2)), 100);
    }

    @ParameterizedTest
    @CsvSource({"concat,false", "concat,true", "sum,false", "sum,true", "mul,false", "mul,true", "ave,false", "ave,true"})
    void bidirectionalMergeModes(String merge, boolean seq) throws Exception {
        Sequential model = new Sequential("bidirectional_" + merge).input(5, 3)
                .add(new Bidirectional(GRU.builder(4).returnSequences(seq).build(), Bidirectional.merge(merge)))
                .add(Dense.of(3, "tanh"));
        check(model, 200);
    }

    @ParameterizedTest
    @CsvSource({"concat,false", "concat,true", "sum,true", "mul,false", "mul,true", "ave,true"})
    void bidirectionalMergeModesMasked(String merge, boolean seq) throws Exception {
        Sequential model = new Sequential("masked_bidirectional_" + merge).input(8)
                .add(new Embedding(20, 4, true))
                .add(new Bidirectional(LSTM.builder(5).returnSequences(seq).build(), Bidirectional.merge(merge)))
                .add(Dense.of(2));
        checkMasked(model, 20, 300);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru", "gru_reset_before", "simple_rnn", "peephole", "cifg"})
    void bidirectionalEachCellMasked(String kind) throws Exception {
        Sequential model = new Sequential("bidirectional_" + kind).input(7)
                .add(new Embedding(20, 4, true))
                .add(new Bidirectional(cell(kind, 5, true)))
                .add(new Bidirectional(cell(kind, 3, false), Bidirectional.Merge.SUM))
                .add(Dense.of(2));
        checkMasked(model, 20, 350);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru", "gru_reset_before", "simple_rnn", "peephole", "cifg"})
    void maskedSequenceOutputsRepeatTheLastKeptStep(String kind) throws Exception {
        Sequential model = new Sequential("masked_" + kind).input(9)
                .add(new Embedding(25, 4, true))
                .add(cell(kind, 6, true))
                .add(cell(kind, 5, true))
                .add(Dense.of(3));
        checkMasked(model, 25, 400);
    }

    @Test
    void maskedSequenceOutputsWithZeroOutputForMask() throws Exception {
        Sequential model = new Sequential("zero_output").input(9)
                .add(new Embedding(25, 4, true))
                .add(LSTM.builder(6).returnSequences(true).zeroOutputForMask(true).build())
                .add(GRU.of(5))
                .add(Dense.of(3));
        checkMasked(model, 25, 500);
    }

    @ParameterizedTest
    @CsvSource({"lstm,false", "lstm,true", "gru,true", "simple_rnn,false"})
    void goBackwards(String kind, boolean seq) throws Exception {
        Recurrent layer = cell(kind, 5, seq);
        Recurrent backwards = layer.withConfig(layer.config().withGoBackwards(true));
        check(new Sequential("backwards_" + kind).input(6, 3).add(backwards).add(Dense.of(2)), 600);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void goBackwardsMasked(boolean seq) throws Exception {
        Recurrent layer = LSTM.builder(5).returnSequences(seq).goBackwards(true).build();
        checkMasked(new Sequential("backwards_masked").input(8).add(new Embedding(20, 4, true)).add(layer).add(Dense.of(2)), 20, 700);
    }

    @ParameterizedTest
    @CsvSource({"hard_sigmoid,tanh", "sigmoid,relu", "hard_sigmoid,linear", "sigmoid,hard_sigmoid"})
    void activations(String recurrentActivation, String activation) throws Exception {
        Activation rec = Activation.byName(recurrentActivation), act = Activation.byName(activation);
        Sequential model = new Sequential("activations").input(5, 3)
                .add(LSTM.builder(4).recurrentActivation(rec).activation(act).returnSequences(true).build())
                .add(GRU.builder(4).recurrentActivation(rec).activation(act).returnSequences(true).build())
                .add(SimpleRNN.builder(4).activation(act).returnSequences(true).build())
                .add(CifgLSTM.builder(4).recurrentActivation(rec).activation(act).build())
                .add(Dense.of(2));
        check(model, 800);
    }

    @Test
    void layersWithoutBias() throws Exception {
        Sequential model = new Sequential("no_bias").input(5, 3)
                .add(LSTM.builder(4).useBias(false).returnSequences(true).build())
                .add(GRU.builder(4).useBias(false).build())
                .add(Dense.of(2));
        check(model, 900);
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear", "relu", "sigmoid", "tanh", "hard_sigmoid", "softmax"})
    void denseActivationsAfterFlatten(String activation) throws Exception {
        Layer rnn = SimpleRNN.builder(4).returnSequences(true).build();
        Sequential model = new Sequential("flatten_" + activation).input(5, 3).add(rnn).add(new Flatten())
                .add(Dense.of(6, activation));
        randomize(model, 1000, 1.5f);
        assertSamePredictions(model, randomInput(model, 6, 1001));
    }
}
