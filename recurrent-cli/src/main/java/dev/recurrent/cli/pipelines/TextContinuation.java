package dev.recurrent.cli.pipelines;

import dev.recurrent.data.CharVocabulary;
import dev.recurrent.decoding.BeamSearch;
import dev.recurrent.decoding.Hypothesis;
import dev.recurrent.decoding.Sampler;
import dev.recurrent.decoding.Sampling;
import dev.recurrent.decoding.SequenceDecoder;
import dev.recurrent.model.Sequential;

import java.util.Random;
import java.util.function.IntConsumer;

/**
 * Continues a text with a character model (input [T, V] one-hot, output V probabilities of the
 * next character) one character at a time ({@link SequenceDecoder}): the seed is read once, all of
 * it, and each new character is one step more of the network, its states carried on. So the
 * context is the whole text so far, not only the last T characters, and each character costs one
 * step rather than a run over the window ({@link TextGenerator} does that, as Keras' example does).
 * Until the text outgrows the window, both read exactly the same and draw the same characters.
 */
public final class TextContinuation {
    private final CharVocabulary vocabulary;
    private final SequenceDecoder decoder;
    private final int window;

    /** @param model a model whose input is [window, vocabulary.size()] and output [vocabulary.size()] */
    public TextContinuation(Sequential model, CharVocabulary vocabulary) {
        this.window = new TextGenerator(model, vocabulary).window();   // the same shape checks and messages
        this.vocabulary = vocabulary;
        this.decoder = new SequenceDecoder(model.layers());
    }

    /** T, the characters the model was trained to read at once. */
    public int window() {
        return window;
    }

    /**
     * Continues {@code seed} by {@code length} characters drawn with {@code sampling}, each given to
     * {@code onChar} (a code point) as soon as it is drawn; returns the continuation.
     *
     * @throws IllegalArgumentException if the seed is empty or holds a character the vocabulary lacks
     */
    public String sample(String seed, int length, Sampling sampling, Random rng, IntConsumer onChar) {
        int[] tokens = new Sampler(sampling, rng).generate(decoder, decoder.start(), encode(seed), length, -1,
                onChar == null ? null : t -> onChar.accept(vocabulary.charAt(t)));
        return decode(tokens);
    }

    /**
     * The likeliest continuation of {@code length} characters that a beam of {@code width} finds
     * (there is no end character: every candidate has the same length, so no length penalty).
     */
    public String beam(String seed, int length, int width, double repetitionPenalty) {
        if (length == 0) {
            return "";
        }
        Hypothesis best = new BeamSearch(width, 0, -1).withRepetitionPenalty(repetitionPenalty)
                .search(decoder, decoder.start(), encode(seed), length, 1).get(0);
        return decode(best.tokens());
    }

    private int[] encode(String seed) {
        int[] ids = vocabulary.encode(seed);
        if (ids.length == 0) {
            throw new IllegalArgumentException("the seed is empty; give at least one character");
        }
        return ids;
    }

    private String decode(int[] tokens) {
        StringBuilder out = new StringBuilder(tokens.length);
        for (int t : tokens) {
            out.appendCodePoint(vocabulary.charAt(t));
        }
        return out.toString();
    }
}
