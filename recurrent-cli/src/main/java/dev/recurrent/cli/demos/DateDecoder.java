package dev.recurrent.cli.demos;

import dev.recurrent.decoding.BeamSearch;
import dev.recurrent.decoding.Decoder;
import dev.recurrent.decoding.Hypothesis;
import dev.recurrent.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The decoder model of a {@link DateTranslator} as a {@link Decoder}: the state is the decoder's h and
 * c (started from the encoder's final states), the encoder's outputs it attends over, and the
 * attention weights of every step so far (one row over the input characters per step).
 */
final class DateDecoder implements Decoder<DateDecoder.State> {
    private final DateTranslator translator;

    /** h and c [1, units], the encoder's outputs [1, T, units], the attention rows read so far. */
    static final class State {
        Tensor h, c;
        final Tensor encoded;
        final List<float[]> attention;

        State(Tensor h, Tensor c, Tensor encoded, List<float[]> attention) {
            this.h = h;
            this.c = c;
            this.encoded = encoded;
            this.attention = attention;
        }
    }

    DateDecoder(DateTranslator translator) {
        this.translator = translator;
    }

    /** Encodes one text [1, T, input characters]: the state the decoding starts from. */
    State start(Tensor text) {
        List<Tensor> e = translator.encoder.predict(List.of(text), 1);
        return new State(e.get(1), e.get(2), e.get(0), new ArrayList<>());
    }

    @Override
    public int vocabularySize() {
        return DateEncoding.OUTPUT.size();
    }

    @Override
    public float[] step(State state, int token) {
        float[] oneHot = new float[vocabularySize()];
        oneHot[token] = 1f;
        List<Tensor> in = new ArrayList<>(List.of(Tensor.of(oneHot, 1, 1, oneHot.length), state.h, state.c));
        if (translator.attention) {
            in.add(state.encoded);
        }
        List<Tensor> out = translator.decoder.predict(in, 1);
        state.h = out.get(1);
        state.c = out.get(2);
        if (translator.attention) {
            state.attention.add(out.get(3).data().clone());
        }
        return out.get(0).data().clone();
    }

    @Override
    public State copy(State state) {
        return new State(state.h, state.c, state.encoded, new ArrayList<>(state.attention));
    }

    /** The ISO date decoded from {@code text} by a beam of {@code width} (1: greedy), the end character left out. */
    String translate(Tensor text, int width) {
        return translate(start(text), width);
    }

    String translate(State state, int width) {
        BeamSearch search = new BeamSearch(width, 1, DateEncoding.OUTPUT.index(DateEncoding.END));
        Hypothesis best = search.search(this, state, new int[] {DateEncoding.OUTPUT.index(DateEncoding.START)},
                DateEncoding.TARGET_STEPS, 1).get(0);
        StringBuilder s = new StringBuilder();
        for (int token : best.tokens()) {
            char ch = DateEncoding.OUTPUT.charAt(token);
            if (ch != DateEncoding.END) {
                s.append(ch);
            }
        }
        return s.toString();
    }

    /**
     * The attention rows of a decoded {@code iso}, one per output character: the decoder reads the
     * start character and each character of {@code iso} but the last from the encoder's state.
     */
    List<float[]> attention(Tensor text, String iso) {
        State state = start(text);
        step(state, DateEncoding.OUTPUT.index(DateEncoding.START));
        for (int i = 0; i + 1 < iso.length(); i++) {
            step(state, DateEncoding.OUTPUT.index(iso.charAt(i)));
        }
        return state.attention;
    }
}
