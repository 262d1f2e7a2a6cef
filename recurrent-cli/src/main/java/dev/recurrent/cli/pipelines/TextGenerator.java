package dev.recurrent.cli.pipelines;

import dev.recurrent.data.CharVocabulary;
import dev.recurrent.decoding.Sampler;
import dev.recurrent.decoding.Sampling;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.LayerFactory;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * Writes text with a character-level model (input [T, V] one-hot, output V probabilities of the
 * next character), as the Keras text-generation example does: the window holds the last T
 * characters; predict, {@link #sample} the next character, slide the window by it, repeat.
 *
 * <p>A seed shorter than the window is read as it is: the network runs over the characters there
 * are, from its zero state, as it does at the start of every training window, and the window grows
 * with each generated character until it holds T. (The recurrent layers' weights do not depend on
 * T; a copy of the network is built for each shorter length.) Of a longer seed, only the last T
 * characters are read. Each character costs a run over the window; {@link TextContinuation} steps
 * the network instead, one step per character, the context the whole text.
 */
public final class TextGenerator {
    private final Sequential model;
    private final CharVocabulary vocabulary;
    private final int window;
    private final Map<Integer, Sequential> shorter = new HashMap<>();

    /** @param model a model whose input is [window, vocabulary.size()] and output [vocabulary.size()] */
    public TextGenerator(Sequential model, CharVocabulary vocabulary) {
        int[] in = model.inputShape().dims();
        int[] outShape = model.outputShape().dims();
        if (in.length != 2 || in[1] != vocabulary.size() || outShape.length != 1 || outShape[0] != vocabulary.size()) {
            throw new IllegalArgumentException(model.name() + ": expected a character model with input (window, "
                    + vocabulary.size() + ") and output (" + vocabulary.size() + ") for a vocabulary of "
                    + vocabulary.size() + " characters, got input " + model.inputShape() + " and output "
                    + model.outputShape());
        }
        this.model = model;
        this.vocabulary = vocabulary;
        this.window = in[0];
    }

    /** T, the characters the model reads at once. */
    public int window() {
        return window;
    }

    /**
     * Keras' {@code sample(preds, temperature)}: {@code log(p) / T}, softmax, one multinomial draw;
     * in double, the largest logit subtracted before {@code exp} (the same distribution, without
     * overflow when T is small). {@code temperature == 0} is the limit T → 0: the most likely index
     * (the first of equals).
     *
     * @param preds probabilities (need not be normalized; zeros are never drawn), read from
     *              {@code offset}, {@code length} of them
     * @return an index in [0, length)
     */
    static int sample(float[] preds, int offset, int length, double temperature, Random rng) {
        return new Sampler(Sampling.temperature(temperature), rng).next(Arrays.copyOfRange(preds, offset, offset + length), null);
    }

    /** The distribution {@link #sample} draws from: {@code softmax(log(p) / T)}, T > 0. */
    static double[] distribution(float[] preds, int offset, int length, double temperature) {
        return Sampling.temperature(temperature).distribution(Arrays.copyOfRange(preds, offset, offset + length), null);
    }

    /**
     * Continues {@code seed} by {@code length} characters, each given to {@code onChar} (a code
     * point) as soon as it is drawn; returns the continuation (without the seed).
     *
     * @throws IllegalArgumentException if the seed is empty or holds a character the vocabulary lacks
     */
    public String generate(String seed, int length, double temperature, Random rng, IntConsumer onChar) {
        int[] ids = vocabulary.encode(seed);
        if (ids.length == 0) {
            throw new IllegalArgumentException("the seed is empty; give at least one character");
        }
        int v = vocabulary.size();
        int n = Math.min(ids.length, window);
        int[] current = new int[window];
        System.arraycopy(ids, ids.length - n, current, 0, n);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            float[] x = new float[n * v];
            for (int t = 0; t < n; t++) {
                x[t * v + current[t]] = 1f;
            }
            Tensor p = modelFor(n).predict(Tensor.of(x, 1, n, v), 1);
            int next = sample(p.data(), 0, v, temperature, rng);
            int cp = vocabulary.charAt(next);
            out.appendCodePoint(cp);
            if (onChar != null) {
                onChar.accept(cp);
            }
            if (n < window) {
                current[n++] = next;
            } else {
                System.arraycopy(current, 1, current, 0, window - 1);
                current[window - 1] = next;
            }
        }
        return out.toString();
    }

    /** The model, or a copy of it (same weights) that reads {@code steps < window} characters. */
    private Sequential modelFor(int steps) {
        if (steps == window) {
            return model;
        }
        return shorter.computeIfAbsent(steps, t -> {
            Sequential copy = new Sequential(model.name()).input(t, vocabulary.size()).seed(model.seed());
            for (Layer l : model.layers()) {
                copy.add(LayerFactory.fromConfig(l.type(), l.getConfig()));
            }
            copy.setWeights(model.getWeights());
            return copy;
        });
    }
}
