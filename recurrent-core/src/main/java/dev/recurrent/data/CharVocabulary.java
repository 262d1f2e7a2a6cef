package dev.recurrent.data;

import dev.recurrent.tensor.Tensor;

import java.util.Arrays;

/**
 * The characters of a text, sorted, each with its index: Keras' text-generation example's
 * {@code chars = sorted(list(set(text)))}, {@code char_indices}, {@code indices_char}.
 * Characters are Unicode code points, as Python's {@code str} counts them, sorted by code point.
 *
 * <p>{@link #windows} cuts the example's training data: every {@code step} characters a window of
 * {@code maxlen} characters as input and the character after it as target, both one-hot:
 * <pre>
 *   for i in range(0, len(text) - maxlen, step):
 *       sentences.append(text[i: i + maxlen]); next_chars.append(text[i + maxlen])
 * </pre>
 * With maxlen 40 and step 3 the full Nietzsche text gives 200,285 windows of [40, 57]: 1.8 GB as
 * floats, so {@code limit} keeps only the first windows.
 */
public final class CharVocabulary {
    private final int[] chars;     // the distinct code points, ascending
    private final int[] lowIndex;  // index of code points below 128, or -1: the common case without a search

    private CharVocabulary(int[] chars) {
        this.chars = chars;
        lowIndex = new int[128];
        Arrays.fill(lowIndex, -1);
        for (int i = 0; i < chars.length && chars[i] < 128; i++) {
            lowIndex[chars[i]] = i;
        }
    }

    /** The sorted distinct characters of {@code text} (not empty). */
    public static CharVocabulary of(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("CharVocabulary.of: expected a non-empty text, got "
                    + (text == null ? "null" : "\"\""));
        }
        return new CharVocabulary(text.codePoints().distinct().sorted().toArray());
    }

    /** V, the number of distinct characters. */
    public int size() {
        return chars.length;
    }

    /** The characters in index order, as one string. */
    public String chars() {
        return new String(chars, 0, chars.length);
    }

    /** The index of a character (a code point), or -1 when it is not in the vocabulary. */
    public int indexOf(int codePoint) {
        if (codePoint >= 0 && codePoint < 128) {
            return lowIndex[codePoint];
        }
        int i = Arrays.binarySearch(chars, codePoint);
        return i >= 0 ? i : -1;
    }

    /** The character at {@code index}, as a code point. */
    public int charAt(int index) {
        if (index < 0 || index >= chars.length) {
            throw new IllegalArgumentException("CharVocabulary: index " + index + " is outside [0, " + chars.length + ")");
        }
        return chars[index];
    }

    /** The index of each character of {@code text}; an unknown character is an error naming it and its position. */
    public int[] encode(String text) {
        int[] cps = text.codePoints().toArray();
        int[] out = new int[cps.length];
        for (int i = 0; i < cps.length; i++) {
            int k = indexOf(cps[i]);
            if (k < 0) {
                throw new IllegalArgumentException("CharVocabulary.encode: character " + describe(cps[i])
                        + " at position " + i + " is not in the vocabulary of " + chars.length + " characters");
            }
            out[i] = k;
        }
        return out;
    }

    /** The text of a sequence of indices. */
    public String decode(int[] indices) {
        StringBuilder sb = new StringBuilder(indices.length);
        for (int k : indices) {
            sb.appendCodePoint(charAt(k));
        }
        return sb.toString();
    }

    /** The number of windows {@link #windows} cuts from a text of {@code length} characters: ceil((length − maxlen) / step). */
    public static int windowCount(int length, int maxlen, int step) {
        if (maxlen <= 0 || step <= 0) {
            throw new IllegalArgumentException("CharVocabulary.windows: `maxlen` and `step` must be positive, got "
                    + maxlen + " and " + step);
        }
        return length <= maxlen ? 0 : (length - maxlen + step - 1) / step;
    }

    /**
     * The example's training data, one-hot: x [N, maxlen, V], y [N, V], with
     * N = min(limit, {@link #windowCount}) ({@code limit <= 0}: no limit).
     */
    public Supervised windows(String text, int maxlen, int step, int limit) {
        int[] ids = encode(text);
        int total = windowCount(ids.length, maxlen, step);
        int n = limit > 0 ? Math.min(limit, total) : total;
        if (n == 0) {
            throw new IllegalArgumentException("CharVocabulary.windows: a text of " + ids.length
                    + " characters is too short for one window of " + maxlen + " characters and the next");
        }
        int v = chars.length;
        long size = (long) n * maxlen * v;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("CharVocabulary.windows: " + n + " windows × " + maxlen + " steps × "
                    + v + " characters = " + size + " values do not fit in one tensor; pass a `limit` of at most "
                    + (Integer.MAX_VALUE - 8) / ((long) maxlen * v));
        }
        float[] x = new float[(int) size], y = new float[n * v];
        for (int s = 0; s < n; s++) {
            int start = s * step;
            for (int t = 0; t < maxlen; t++) {
                x[(s * maxlen + t) * v + ids[start + t]] = 1f;
            }
            y[s * v + ids[start + maxlen]] = 1f;
        }
        return new Supervised(Tensor.of(x, n, maxlen, v), Tensor.of(y, n, v));
    }

    /** One window of text as the model's input: [1, T, V] one-hot (for sampling from a trained model). */
    public Tensor oneHot(String text) {
        int[] ids = encode(text);
        if (ids.length == 0) {
            throw new IllegalArgumentException("CharVocabulary.oneHot: expected at least one character");
        }
        float[] x = new float[ids.length * chars.length];
        for (int t = 0; t < ids.length; t++) {
            x[t * chars.length + ids[t]] = 1f;
        }
        return Tensor.of(x, 1, ids.length, chars.length);
    }

    private static String describe(int cp) {
        return cp >= 32 && cp != 127 ? "'" + new String(Character.toChars(cp)) + "' (U+" + String.format("%04X", cp) + ")"
                : "U+" + String.format("%04X", cp);
    }

    @Override
    public String toString() {
        return "CharVocabulary[" + chars.length + " characters]";
    }
}
