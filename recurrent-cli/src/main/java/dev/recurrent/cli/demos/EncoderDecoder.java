package dev.recurrent.cli.demos;

import dev.recurrent.graph.Concatenate;
import dev.recurrent.graph.Functional;
import dev.recurrent.graph.Input;
import dev.recurrent.graph.Node;
import dev.recurrent.graph.Outputs;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.attention.Attention;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.model.Model;
import dev.recurrent.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import static dev.recurrent.graph.Functional.call;
import static dev.recurrent.graph.Functional.callWithState;

/**
 * The encoder–decoder of Keras' {@code lstm_seq2seq}: an encoder RNN whose final states start a
 * decoder RNN trained with teacher forcing, a softmax Dense per step; with attention, the decoder's
 * outputs attend over the encoder's (Luong's dot {@code Attention}) and the context is concatenated
 * with the decoder output before the Dense, as Keras' translation tutorials do. Then the inference
 * models of the example, sharing the trained layers: the encoder model gives the encoder's states
 * (after its outputs, with attention), the decoder model reads one token with the states (and the
 * encoder's outputs) and gives the next token's probabilities, its states (and the attention weights).
 *
 * <p>The RNN is any recurrent layer that returns its states: h and c for the LSTMs, h for the others.
 */
final class EncoderDecoder {
    final boolean attention;
    final int units;
    /** The states the encoder hands to the decoder: 2 (h, c) for an LSTM, else 1 (h). */
    final int stateCount;
    /** The features of the decoder's input (one-hot tokens, the start token among them). */
    final int decoderFeatures;
    /** The tokens the decoder predicts. */
    final int classes;
    final String cellType;
    final Model training;
    final Model encoder;
    final Model decoder;

    /**
     * @param rnn             a recurrent layer of the given units, made with {@code returnSequences} and
     *                        {@code returnState}; called twice, for the encoder and for the decoder
     * @param cellType        its Keras class, for {@link #describe()}
     * @param inputFeatures   the features of the encoder's input
     * @param decoderFeatures the features of the decoder's input
     * @param classes         the tokens the decoder predicts
     */
    EncoderDecoder(String name, IntFunction<Recurrent> rnn, String cellType, int units, int inputFeatures,
                   int decoderFeatures, int classes, boolean attention, Optimizer optimizer, long seed) {
        this.attention = attention;
        this.units = units;
        this.decoderFeatures = decoderFeatures;
        this.classes = classes;
        this.cellType = cellType;
        Functional.setSeed(seed);
        Node encoderInputs = Input.of(Input.NONE, inputFeatures);
        Recurrent encoderRnn = rnn.apply(units);
        Outputs encoded = callWithState(encoderRnn, encoderInputs);
        this.stateCount = encoded.states().size();

        Node decoderInputs = Input.of(Input.NONE, decoderFeatures);
        Recurrent decoderRnn = rnn.apply(units);
        Dense decoderDense = Dense.of(classes, "softmax");
        Attention luong = attention ? new Attention("attention", false, "dot", 0f) : null;
        Concatenate concatenate = attention ? new Concatenate("concatenate", -1) : null;

        Node decoded = callWithState(decoderRnn, decoderInputs, encoded.states()).output();
        if (attention) {
            Node context = call(luong, List.of(decoded, encoded.output()));
            decoded = concatenate.call(context, decoded);
        }
        training = new Model(name, List.of(encoderInputs, decoderInputs), List.of(call(decoderDense, decoded)));
        training.compile(optimizer, new CategoricalCrossentropy(), "accuracy");

        List<Node> encoderOutputs = new ArrayList<>();
        if (attention) {
            encoderOutputs.add(encoded.output());
        }
        encoderOutputs.addAll(encoded.states());
        encoder = new Model("encoder", List.of(encoderInputs), encoderOutputs);

        Node encoderSequence = Input.of(Input.NONE, units);
        List<Node> stateInputs = new ArrayList<>();
        for (int i = 0; i < stateCount; i++) {
            stateInputs.add(Input.of(units));
        }
        Outputs step = callWithState(decoderRnn, decoderInputs, stateInputs);
        Node features = step.output();
        Node scores = null;
        if (attention) {
            Outputs attended = Functional.callWithScores(luong, List.of(features, encoderSequence), false);
            scores = attended.get(1);
            features = concatenate.call(attended.get(0), features);
        }
        List<Node> inputs = new ArrayList<>(List.of(decoderInputs));
        inputs.addAll(stateInputs);
        List<Node> outputs = new ArrayList<>(List.of(call(decoderDense, features)));
        outputs.addAll(step.states());
        if (attention) {
            inputs.add(encoderSequence);
            outputs.add(scores);
        }
        decoder = new Model("decoder", inputs, outputs);
    }

    /** Keras' words for the training network, for the console and the report. */
    String describe() {
        String rnn = cellType + "(" + units + ", return_sequences, return_state)";
        return "encoder " + rnn + " -> states -> decoder " + rnn.replace(")", "; teacher forcing)") + " -> "
                + (attention ? "Attention()([decoder, encoder]) -> Concatenate([context, decoder]) -> " : "")
                + "Dense(" + classes + ", softmax)";
    }
}
