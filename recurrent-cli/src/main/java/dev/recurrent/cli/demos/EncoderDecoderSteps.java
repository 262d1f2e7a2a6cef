package dev.recurrent.cli.demos;

import dev.recurrent.decoding.Decoder;
import dev.recurrent.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The inference models of an {@link EncoderDecoder} decoding one token at a time, as Keras'
 * {@code decode_sequence} does: the encoder's final states start the decoder, which reads a token
 * (one-hot) and its states and gives the next token's probabilities and its new states. One input
 * at a time as a {@link Decoder} (for {@code BeamSearch}), or a whole batch greedily.
 */
final class EncoderDecoderSteps implements Decoder<EncoderDecoderSteps.State> {
    private final EncoderDecoder model;

    /** The decoder's states [1, units] each, the encoder's outputs [1, T, units] (with attention), the attention rows read so far. */
    static final class State {
        List<Tensor> states;
        final Tensor encoded;
        final List<float[]> attention;

        State(List<Tensor> states, Tensor encoded, List<float[]> attention) {
            this.states = states;
            this.encoded = encoded;
            this.attention = attention;
        }
    }

    EncoderDecoderSteps(EncoderDecoder model) {
        this.model = model;
    }

    /** Encodes one input [1, T, features]: the state the decoding starts from. */
    State start(Tensor input) {
        List<Tensor> e = model.encoder.predict(List.of(input), 1);
        int first = model.attention ? 1 : 0;
        return new State(e.subList(first, e.size()), model.attention ? e.get(0) : null, new ArrayList<>());
    }

    @Override
    public int vocabularySize() {
        return model.classes;
    }

    @Override
    public float[] step(State state, int token) {
        List<Tensor> out = model.decoder.predict(decoderInputs(oneHot(new int[] {token}), state.states, state.encoded), 1);
        state.states = out.subList(1, 1 + model.stateCount);
        if (model.attention) {
            state.attention.add(out.get(1 + model.stateCount).data().clone());
        }
        return out.get(0).data().clone();
    }

    @Override
    public State copy(State state) {
        return new State(state.states, state.encoded, new ArrayList<>(state.attention));
    }

    /**
     * Greedy decoding of every input of {@code inputs} [N, T, features] at once: the decoder reads
     * {@code startToken}, then each step the most likely token of the step before, {@code steps}
     * times. Returns the probabilities of each step [N, steps, classes]; their argmax is the decoded
     * sequence.
     */
    Tensor greedy(Tensor inputs, int startToken, int steps, int batch) {
        int n = inputs.samples(), v = model.classes;
        List<Tensor> e = model.encoder.predict(List.of(inputs), batch);
        Tensor encoded = model.attention ? e.get(0) : null;
        List<Tensor> states = e.subList(model.attention ? 1 : 0, e.size());
        int[] tokens = new int[n];
        Arrays.fill(tokens, startToken);
        float[] probabilities = new float[n * steps * v];
        for (int t = 0; t < steps; t++) {
            List<Tensor> out = model.decoder.predict(decoderInputs(oneHot(tokens), states, encoded), batch);
            states = out.subList(1, 1 + model.stateCount);
            float[] p = out.get(0).data();
            for (int i = 0; i < n; i++) {
                System.arraycopy(p, i * v, probabilities, (i * steps + t) * v, v);
                tokens[i] = argmax(p, i * v, v);
            }
        }
        return Tensor.of(probabilities, n, steps, v);
    }

    private List<Tensor> decoderInputs(Tensor tokens, List<Tensor> states, Tensor encoded) {
        List<Tensor> in = new ArrayList<>();
        in.add(tokens);
        in.addAll(states);
        if (model.attention) {
            in.add(encoded);
        }
        return in;
    }

    /** The tokens one-hot, one step each: [N, 1, decoder features]. */
    private Tensor oneHot(int[] tokens) {
        int d = model.decoderFeatures;
        float[] x = new float[tokens.length * d];
        for (int i = 0; i < tokens.length; i++) {
            x[i * d + tokens[i]] = 1f;
        }
        return Tensor.of(x, tokens.length, 1, d);
    }

    private static int argmax(float[] p, int from, int length) {
        int best = 0;
        for (int c = 1; c < length; c++) {
            if (p[from + c] > p[from + best]) {
                best = c;
            }
        }
        return best;
    }
}
