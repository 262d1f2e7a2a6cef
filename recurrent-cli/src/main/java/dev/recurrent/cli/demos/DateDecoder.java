package dev.recurrent.cli.demos;

import dev.recurrent.decoding.BeamSearch;
import dev.recurrent.decoding.Hypothesis;
import dev.recurrent.tensor.Tensor;

import java.util.List;

/**
 * Decodes ISO dates with the inference models of a {@link DateTranslator} network
 * ({@link EncoderDecoderSteps}): greedily or by beam search, and the attention weights of every step
 * (one row over the input characters per step).
 */
final class DateDecoder {
    private final EncoderDecoderSteps steps;

    DateDecoder(EncoderDecoder translator) {
        this.steps = new EncoderDecoderSteps(translator);
    }

    /** The ISO date decoded from {@code text} by a beam of {@code width} (1: greedy), the end character left out. */
    String translate(Tensor text, int width) {
        BeamSearch search = new BeamSearch(width, 1, DateEncoding.OUTPUT.index(DateEncoding.END));
        Hypothesis best = search.search(steps, steps.start(text), new int[] {DateEncoding.OUTPUT.index(DateEncoding.START)},
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
        EncoderDecoderSteps.State state = steps.start(text);
        steps.step(state, DateEncoding.OUTPUT.index(DateEncoding.START));
        for (int i = 0; i + 1 < iso.length(); i++) {
            steps.step(state, DateEncoding.OUTPUT.index(iso.charAt(i)));
        }
        return state.attention;
    }
}
