package dev.recurrent.examples;

import dev.recurrent.graph.Input;
import dev.recurrent.graph.Node;
import dev.recurrent.graph.Outputs;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.LSTM;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.History;
import dev.recurrent.model.Model;
import dev.recurrent.optim.RMSprop;
import dev.recurrent.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static dev.recurrent.graph.Functional.call;
import static dev.recurrent.graph.Functional.callWithState;

/**
 * Keras' {@code lstm_seq2seq} example (keras-io examples/nlp/lstm_seq2seq.py), line for line, on a
 * dozen short English → French phrases built in: an encoder LSTM whose final states start a decoder
 * LSTM trained with teacher forcing, then an encoder model and a decoder model that share the
 * trained layers and decode character by character.
 */
public final class LstmSeq2SeqExample {
    static final String[][] PAIRS = {
            {"Go.", "Va !"}, {"Hi.", "Salut !"}, {"Run!", "Cours !"}, {"Wow!", "Ça alors !"},
            {"Fire!", "Au feu !"}, {"Help!", "À l'aide !"}, {"Jump.", "Saute."}, {"Stop!", "Arrête !"},
            {"Wait!", "Attends !"}, {"Hello!", "Bonjour !"}, {"I see.", "Je vois."}, {"Thanks.", "Merci."},
            {"Got it?", "Compris ?"}, {"I won!", "J'ai gagné !"}, {"Oh no!", "Oh non !"}};

    private LstmSeq2SeqExample() {
    }

    /** The phrases decoded after training, in the order of {@link #PAIRS}. */
    public record Result(List<String> inputs, List<String> decoded, List<String> expected, History history) {
    }

    public static Result run(int epochs, long seed) {
        int batchSize = 5;          // Batch size for training.
        int latentDim = 32;         // Latent dimensionality of the encoding space.
        dev.recurrent.graph.Functional.setSeed(seed);

        // Vectorize the data.
        List<String> inputTexts = new ArrayList<>(), targetTexts = new ArrayList<>();
        TreeSet<Character> inputCharacters = new TreeSet<>(), targetCharacters = new TreeSet<>();
        for (String[] pair : PAIRS) {
            String inputText = pair[0];
            // We use "tab" as the "start sequence" character for the targets, and "\n" as "end sequence" character.
            String targetText = "\t" + pair[1] + "\n";
            inputTexts.add(inputText);
            targetTexts.add(targetText);
            inputText.chars().forEach(ch -> inputCharacters.add((char) ch));
            targetText.chars().forEach(ch -> targetCharacters.add((char) ch));
        }
        inputCharacters.add(' ');
        targetCharacters.add(' ');
        List<Character> inputChars = new ArrayList<>(inputCharacters), targetChars = new ArrayList<>(targetCharacters);
        int numEncoderTokens = inputChars.size(), numDecoderTokens = targetChars.size();
        int maxEncoderSeqLength = inputTexts.stream().mapToInt(String::length).max().orElseThrow();
        int maxDecoderSeqLength = targetTexts.stream().mapToInt(String::length).max().orElseThrow();

        int n = inputTexts.size();
        float[] encoderInputData = new float[n * maxEncoderSeqLength * numEncoderTokens];
        float[] decoderInputData = new float[n * maxDecoderSeqLength * numDecoderTokens];
        float[] decoderTargetData = new float[n * maxDecoderSeqLength * numDecoderTokens];
        for (int i = 0; i < n; i++) {
            String inputText = inputTexts.get(i), targetText = targetTexts.get(i);
            for (int t = 0; t < maxEncoderSeqLength; t++) {
                char ch = t < inputText.length() ? inputText.charAt(t) : ' ';
                encoderInputData[(i * maxEncoderSeqLength + t) * numEncoderTokens + inputChars.indexOf(ch)] = 1f;
            }
            for (int t = 0; t < maxDecoderSeqLength; t++) {
                char ch = t < targetText.length() ? targetText.charAt(t) : ' ';
                decoderInputData[(i * maxDecoderSeqLength + t) * numDecoderTokens + targetChars.indexOf(ch)] = 1f;
                // decoder_target_data is ahead of decoder_input_data by one timestep
                char next = t + 1 < targetText.length() ? targetText.charAt(t + 1) : ' ';
                decoderTargetData[(i * maxDecoderSeqLength + t) * numDecoderTokens + targetChars.indexOf(next)] = 1f;
            }
        }
        Tensor encoderInput = Tensor.of(encoderInputData, n, maxEncoderSeqLength, numEncoderTokens);
        Tensor decoderInput = Tensor.of(decoderInputData, n, maxDecoderSeqLength, numDecoderTokens);
        Tensor decoderTarget = Tensor.of(decoderTargetData, n, maxDecoderSeqLength, numDecoderTokens);

        // ---- Build the model (Keras' lines as comments)
        // encoder_inputs = keras.Input(shape=(None, num_encoder_tokens))
        Node encoderInputs = Input.of(Input.NONE, numEncoderTokens);
        // encoder = keras.layers.LSTM(latent_dim, return_state=True)
        LSTM encoder = LSTM.builder(latentDim).returnState(true).build();
        // encoder_outputs, state_h, state_c = encoder(encoder_inputs)
        Outputs encoderOutputs = callWithState(encoder, encoderInputs);
        // encoder_states = [state_h, state_c]
        List<Node> encoderStates = encoderOutputs.states();

        // decoder_inputs = keras.Input(shape=(None, num_decoder_tokens))
        Node decoderInputs = Input.of(Input.NONE, numDecoderTokens);
        // decoder_lstm = keras.layers.LSTM(latent_dim, return_sequences=True, return_state=True)
        LSTM decoderLstm = LSTM.builder(latentDim).returnSequences(true).returnState(true).build();
        // decoder_outputs, _, _ = decoder_lstm(decoder_inputs, initial_state=encoder_states)
        Node decoderOutputs = callWithState(decoderLstm, decoderInputs, encoderStates).output();
        // decoder_dense = keras.layers.Dense(num_decoder_tokens, activation="softmax")
        Dense decoderDense = Dense.of(numDecoderTokens, "softmax");
        // decoder_outputs = decoder_dense(decoder_outputs)
        decoderOutputs = call(decoderDense, decoderOutputs);
        // model = keras.Model([encoder_inputs, decoder_inputs], decoder_outputs)
        Model model = new Model(List.of(encoderInputs, decoderInputs), List.of(decoderOutputs));

        // ---- Train the model
        // model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
        model.compile(new RMSprop(0.01), new CategoricalCrossentropy(), "accuracy");
        // model.fit([encoder_input_data, decoder_input_data], decoder_target_data, batch_size=..., epochs=..., validation_split=0.2)
        History history = model.fit(List.of(encoderInput, decoderInput), List.of(decoderTarget),
                FitOptions.defaults().batchSize(batchSize).epochs(epochs).validationSplit(0.2).shuffle(true));
        System.out.print(model.summary());

        // ---- Define sampling models, sharing the trained layers
        // encoder_model = keras.Model(encoder_inputs, encoder_states)
        Model encoderModel = new Model(List.of(encoderInputs), encoderStates);
        // decoder_state_input_h = keras.Input(shape=(latent_dim,)); decoder_state_input_c = keras.Input(shape=(latent_dim,))
        Node decoderStateInputH = Input.of(latentDim), decoderStateInputC = Input.of(latentDim);
        List<Node> decoderStatesInputs = List.of(decoderStateInputH, decoderStateInputC);
        // decoder_outputs, state_h_dec, state_c_dec = decoder_lstm(decoder_inputs, initial_state=decoder_states_inputs)
        Outputs decoded = callWithState(decoderLstm, decoderInputs, decoderStatesInputs);
        // decoder_states = [state_h_dec, state_c_dec]
        List<Node> decoderStates = decoded.states();
        // decoder_outputs = decoder_dense(decoder_outputs)
        Node inferenceOutputs = call(decoderDense, decoded.output());
        // decoder_model = keras.Model([decoder_inputs] + decoder_states_inputs, [decoder_outputs] + decoder_states)
        Model decoderModel = new Model(List.of(decoderInputs, decoderStateInputH, decoderStateInputC),
                List.of(inferenceOutputs, decoderStates.get(0), decoderStates.get(1)));

        List<String> decodedSentences = new ArrayList<>(), expected = new ArrayList<>();
        for (int seqIndex = 0; seqIndex < n; seqIndex++) {
            Tensor inputSeq = encoderInput.slice(seqIndex, seqIndex + 1);
            String sentence = decodeSequence(inputSeq, encoderModel, decoderModel, targetChars, maxDecoderSeqLength);
            System.out.println("-\nInput sentence: " + inputTexts.get(seqIndex) + "\nDecoded sentence: " + sentence.strip());
            decodedSentences.add(sentence);
            expected.add(targetTexts.get(seqIndex).substring(1));
        }
        return new Result(inputTexts, decodedSentences, expected, history);
    }

    /** Keras' decode_sequence: encode, then one decoder step at a time from the start character. */
    static String decodeSequence(Tensor inputSeq, Model encoderModel, Model decoderModel, List<Character> targetChars,
                                 int maxDecoderSeqLength) {
        int numDecoderTokens = targetChars.size();
        // states_value = encoder_model.predict(input_seq)
        List<Tensor> statesValue = encoderModel.predict(List.of(inputSeq), 1);
        // target_seq = np.zeros((1, 1, num_decoder_tokens)); target_seq[0, 0, target_token_index["\t"]] = 1.0
        float[] targetSeq = new float[numDecoderTokens];
        targetSeq[targetChars.indexOf('\t')] = 1f;
        StringBuilder decodedSentence = new StringBuilder();
        while (true) {
            // output_tokens, h, c = decoder_model.predict([target_seq] + states_value)
            List<Tensor> out = decoderModel.predict(List.of(Tensor.of(targetSeq, 1, 1, numDecoderTokens),
                    statesValue.get(0), statesValue.get(1)), 1);
            // sampled_token_index = np.argmax(output_tokens[0, -1, :])
            float[] probabilities = out.get(0).data();
            int sampledTokenIndex = 0;
            for (int i = 1; i < numDecoderTokens; i++) {
                if (probabilities[i] > probabilities[sampledTokenIndex]) {
                    sampledTokenIndex = i;
                }
            }
            char sampledChar = targetChars.get(sampledTokenIndex);
            decodedSentence.append(sampledChar);
            // Exit condition: either hit max length or find stop character.
            if (sampledChar == '\n' || decodedSentence.length() > maxDecoderSeqLength) {
                return decodedSentence.toString();
            }
            // Update the target sequence (of length 1).
            targetSeq = new float[numDecoderTokens];
            targetSeq[sampledTokenIndex] = 1f;
            // states_value = [h, c]
            statesValue = List.of(out.get(1), out.get(2));
        }
    }

    public static void main(String[] args) {
        run(100, 1);
    }
}
