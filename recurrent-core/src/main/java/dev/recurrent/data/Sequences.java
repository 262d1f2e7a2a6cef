package dev.recurrent.data;

import dev.recurrent.tensor.Tensor;

/** Keras' {@code keras.utils.pad_sequences}: ragged id sequences to one [N, maxlen] tensor. */
public final class Sequences {
    private Sequences() {
    }

    /** {@link #padSequences(int[][], int, Padding, Truncating, int)} to the longest sequence, pre-padded with 0. */
    public static Tensor padSequences(int[][] seqs) {
        return padSequences(seqs, 0, Padding.PRE, Truncating.PRE, 0);
    }

    /** {@link #padSequences(int[][], int, Padding, Truncating, int)} with Keras' defaults: pre-padding with 0, pre-truncation. */
    public static Tensor padSequences(int[][] seqs, int maxlen) {
        return padSequences(seqs, maxlen, Padding.PRE, Truncating.PRE, 0);
    }

    /**
     * Pads and truncates each sequence to {@code maxlen} steps, as Keras' {@code pad_sequences}.
     * A sequence longer than {@code maxlen} loses its first values ({@link Truncating#PRE}, keeping the
     * last {@code maxlen}) or its last ones ({@link Truncating#POST}); a shorter one is filled with
     * {@code value} before ({@link Padding#PRE}) or after ({@link Padding#POST}) its values. An empty
     * sequence becomes a row of {@code value}.
     *
     * <pre>{@code
     * padSequences({{1}, {2, 3}, {4, 5, 6}})        → [[0, 0, 1], [0, 2, 3], [4, 5, 6]]
     * padSequences(same, 2)                         → [[0, 1], [2, 3], [5, 6]]
     * padSequences(same, 0, POST, PRE, 0)           → [[1, 0, 0], [2, 3, 0], [4, 5, 6]]
     * }</pre>
     *
     * @param seqs       N sequences of ids, of any lengths (not null)
     * @param maxlen     the steps T of the result; {@code <= 0} means the longest sequence's length
     *                   (Keras' {@code maxlen=None})
     * @param padding    where to pad
     * @param truncating where to cut
     * @param value      the padding value
     * @return [N, T] floats (the ids, exactly representable up to 2^24)
     */
    public static Tensor padSequences(int[][] seqs, int maxlen, Padding padding, Truncating truncating, int value) {
        if (seqs == null || seqs.length == 0) {
            throw new IllegalArgumentException("padSequences: expected at least one sequence, got "
                    + (seqs == null ? "null" : "none"));
        }
        if (padding == null || truncating == null) {
            throw new IllegalArgumentException("padSequences: `padding` and `truncating` must not be null");
        }
        int longest = 0;
        for (int i = 0; i < seqs.length; i++) {
            if (seqs[i] == null) {
                throw new IllegalArgumentException("padSequences: sequence " + i + " is null");
            }
            longest = Math.max(longest, seqs[i].length);
        }
        int t = maxlen > 0 ? maxlen : longest;
        if (t == 0) {
            throw new IllegalArgumentException("padSequences: all " + seqs.length
                    + " sequences are empty and no maxlen was given, so the result would have 0 steps");
        }
        long size = (long) seqs.length * t;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("padSequences: " + seqs.length + " sequences of " + t
                    + " steps (" + size + " values) do not fit in one tensor");
        }
        float[] out = new float[(int) size];
        if (value != 0) {
            java.util.Arrays.fill(out, value);
        }
        for (int i = 0; i < seqs.length; i++) {
            int[] s = seqs[i];
            int n = Math.min(s.length, t);
            int from = truncating == Truncating.PRE ? s.length - n : 0;
            int to = i * t + (padding == Padding.PRE ? t - n : 0);
            for (int j = 0; j < n; j++) {
                out[to + j] = s[from + j];
            }
        }
        return Tensor.of(out, seqs.length, t);
    }

    /** Labels (or any ints) as a [N, 1] float tensor, the target shape of a one-unit output. */
    public static Tensor column(int[] values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("column: expected at least one value, got "
                    + (values == null ? "null" : "none"));
        }
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return Tensor.of(out, values.length, 1);
    }
}
