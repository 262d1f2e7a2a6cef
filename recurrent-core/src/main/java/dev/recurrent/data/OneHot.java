package dev.recurrent.data;

import dev.recurrent.tensor.Tensor;

import java.util.Arrays;

/**
 * One-hot encoding of class ids, as Keras' {@code to_categorical}, and {@link #argmax} to decode.
 * An id must lie in [0, classes); anything else is an error that names its position.
 */
public final class OneHot {
    private OneHot() {
    }

    /** ids [N] → [N, C]. */
    public static Tensor encode(int[] ids, int classes) {
        requireNonEmpty(ids == null ? -1 : ids.length, "ids");
        float[] out = new float[size(ids.length, classes)];
        for (int i = 0; i < ids.length; i++) {
            out[i * classes + check(ids[i], classes, "position " + i)] = 1f;
        }
        return Tensor.of(out, ids.length, classes);
    }

    /** ids [N][T], all of one length T → [N, T, C]. */
    public static Tensor encode(int[][] ids, int classes) {
        requireNonEmpty(ids == null ? -1 : ids.length, "sequences");
        int t = ids[0] == null ? 0 : ids[0].length;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == null || ids[i].length != t || t == 0) {
                throw new IllegalArgumentException("OneHot.encode: sequences must all have the same, positive length "
                        + "(pad them first with Sequences.padSequences); sequence 0 has " + t + " ids, sequence " + i
                        + " has " + (ids[i] == null ? "none (null)" : ids[i].length));
            }
        }
        float[] out = new float[size((long) ids.length * t, classes)];
        for (int i = 0; i < ids.length; i++) {
            for (int j = 0; j < t; j++) {
                out[(i * t + j) * classes + check(ids[i][j], classes, "[" + i + ", " + j + "]")] = 1f;
            }
        }
        return Tensor.of(out, ids.length, t, classes);
    }

    /**
     * Integer ids stored as floats (from {@link Sequences#padSequences}), of shape [N, ...] → [N, ..., C].
     * Each value must be a whole number in [0, classes).
     */
    public static Tensor encode(Tensor ids, int classes) {
        float[] v = ids.data();
        float[] out = new float[size(v.length, classes)];
        for (int i = 0; i < v.length; i++) {
            float f = v[i];
            if (f != Math.rint(f) || f < 0 || f >= classes) {
                throw new IllegalArgumentException("OneHot.encode: value " + f + " at flat position " + i + " of "
                        + ids + " is not a class id in [0, " + classes + ")");
            }
            out[i * classes + (int) f] = 1f;
        }
        int[] shape = Arrays.copyOf(ids.shape(), ids.shape().length + 1);
        shape[shape.length - 1] = classes;
        return Tensor.of(out, shape);
    }

    /**
     * The index of the largest value along the last axis: [..., C] → one int per row, in row-major
     * order (so [N, T, C] gives N·T ids). Ties go to the first index, as NumPy's {@code argmax}.
     */
    public static int[] argmax(Tensor values) {
        int[] shape = values.shape();
        int c = shape[shape.length - 1];
        float[] v = values.data();
        int[] out = new int[v.length / c];
        for (int r = 0; r < out.length; r++) {
            out[r] = argmax(v, r * c, c);
        }
        return out;
    }

    /** The index of the largest of {@code values} (the first on ties). */
    public static int argmax(float[] values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("argmax: expected at least one value");
        }
        return argmax(values, 0, values.length);
    }

    /** The index, relative to {@code offset}, of the largest of {@code values[offset, offset+length)}. */
    public static int argmax(float[] values, int offset, int length) {
        if (length <= 0 || offset < 0 || offset + length > values.length) {
            throw new IllegalArgumentException("argmax: range [" + offset + ", " + (offset + length)
                    + ") is empty or outside the " + values.length + " values");
        }
        float max = values[offset];
        if (Float.isNaN(max)) {
            return 0; // NumPy: the first NaN wins
        }
        int best = 0;
        for (int j = 1; j < length; j++) {
            float x = values[offset + j];
            if (Float.isNaN(x)) {
                return j;
            }
            if (x > max) {
                max = x;
                best = j;
            }
        }
        return best;
    }

    private static int check(int id, int classes, String where) {
        if (id < 0 || id >= classes) {
            throw new IllegalArgumentException("OneHot.encode: id " + id + " at " + where + " is outside [0, "
                    + classes + ")");
        }
        return id;
    }

    private static void requireNonEmpty(int n, String what) {
        if (n <= 0) {
            throw new IllegalArgumentException("OneHot.encode: expected at least one of the " + what + ", got "
                    + (n < 0 ? "null" : "none"));
        }
    }

    private static int size(long rows, int classes) {
        if (classes <= 0) {
            throw new IllegalArgumentException("OneHot.encode: `classes` must be positive, got " + classes);
        }
        long n = rows * classes;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("OneHot.encode: " + rows + " ids × " + classes + " classes = " + n
                    + " values do not fit in one tensor");
        }
        return (int) n;
    }
}
