package dev.recurrent.cli.demos;

import dev.recurrent.graph.Concatenate;
import dev.recurrent.graph.Functional;
import dev.recurrent.graph.Input;
import dev.recurrent.graph.Node;
import dev.recurrent.graph.Outputs;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.attention.Attention;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.model.Model;
import dev.recurrent.optim.Adam;

import java.util.ArrayList;
import java.util.List;

import static dev.recurrent.graph.Functional.call;
import static dev.recurrent.graph.Functional.callWithState;

/**
 * The encoder–decoder of Keras' {@code lstm_seq2seq} for dates: an encoder LSTM whose final states
 * start a decoder LSTM trained with teacher forcing, a softmax Dense per step; with attention, the
 * decoder's outputs attend over the encoder's (Luong's dot {@code Attention}) and the context is
 * concatenated with the decoder output before the Dense, as Keras' translation tutorials do. Then
 * the inference models of the example, sharing the trained layers: the encoder model gives the
 * encoder's outputs and states, the decoder model reads one token with the states (and the encoder's
 * outputs) and gives the next token's probabilities, its states (and the attention weights).
 */
final class DateTranslator {
    final boolean attention;
    final int units;
    final Model training;
    final Model encoder;
    final Model decoder;

    DateTranslator(boolean attention, int units, double learningRate, long seed) {
        this.attention = attention;
        this.units = units;
        Functional.setSeed(seed);
        Node encoderInputs = Input.of(Input.NONE, DateEncoding.INPUT.size());
        LSTM encoderLstm = LSTM.builder(units).returnSequences(true).returnState(true).build();
        Outputs encoded = callWithState(encoderLstm, encoderInputs);

        Node decoderInputs = Input.of(Input.NONE, DateEncoding.OUTPUT.size());
        LSTM decoderLstm = LSTM.builder(units).returnSequences(true).returnState(true).build();
        Dense decoderDense = Dense.of(DateEncoding.OUTPUT.size(), "softmax");
        Attention luong = attention ? new Attention("attention", false, "dot", 0f) : null;
        Concatenate concatenate = attention ? new Concatenate("concatenate", -1) : null;

        Node decoded = callWithState(decoderLstm, decoderInputs, encoded.states()).output();
        if (attention) {
            Node context = call(luong, List.of(decoded, encoded.output()));
            decoded = concatenate.call(context, decoded);
        }
        training = new Model("dates_" + (attention ? "attention" : "plain"), List.of(encoderInputs, decoderInputs),
                List.of(call(decoderDense, decoded)));
        training.compile(new Adam(learningRate), new CategoricalCrossentropy(), "accuracy");

        encoder = new Model("encoder", List.of(encoderInputs),
                List.of(encoded.output(), encoded.states().get(0), encoded.states().get(1)));

        Node encoderSequence = Input.of(Input.NONE, units);
        Node stateH = Input.of(units), stateC = Input.of(units);
        Outputs step = callWithState(decoderLstm, decoderInputs, List.of(stateH, stateC));
        Node features = step.output();
        Node scores = null;
        if (attention) {
            Outputs attended = Functional.callWithScores(luong, List.of(features, encoderSequence), false);
            scores = attended.get(1);
            features = concatenate.call(attended.get(0), features);
        }
        List<Node> inputs = new ArrayList<>(List.of(decoderInputs, stateH, stateC));
        List<Node> outputs = new ArrayList<>(List.of(call(decoderDense, features), step.states().get(0),
                step.states().get(1)));
        if (attention) {
            inputs.add(encoderSequence);
            outputs.add(scores);
        }
        decoder = new Model("decoder", inputs, outputs);
    }

    /** Keras' words for the training network, for the console and the report. */
    String describe() {
        return "encoder LSTM(" + units + ", return_sequences, return_state) -> states -> decoder LSTM(" + units
                + ", return_sequences, return_state; teacher forcing) -> "
                + (attention ? "Attention()([decoder, encoder]) -> Concatenate([context, decoder]) -> " : "")
                + "Dense(" + DateEncoding.OUTPUT.size() + ", softmax)";
    }
}
