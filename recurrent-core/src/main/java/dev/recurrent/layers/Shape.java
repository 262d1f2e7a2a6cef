package dev.recurrent.layers;

import java.util.Arrays;

/**
 * The shape of one sample, without the batch dimension: {@code (T, F)} for a sequence of F
 * features, {@code (F)} for a vector. Printed as Keras prints it, with the batch as {@code None}.
 */
public final class Shape {
    private final int[] dims;

    private Shape(int[] dims) {
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("shape dimensions must be positive, got " + Arrays.toString(dims));
            }
        }
        this.dims = dims;
    }

    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int i) {
        return dims[i];
    }

    /** The last dimension (features or units). */
    public int last() {
        return dims[dims.length - 1];
    }

    /** The number of values in one sample. */
    public int size() {
        int n = 1;
        for (int d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public int[] dims() {
        return dims.clone();
    }

    /** This shape with its first dimension (the steps of a sequence) replaced. */
    public Shape withFirst(int first) {
        int[] d = dims.clone();
        d[0] = first;
        return new Shape(d);
    }

    /** This shape with its last dimension replaced. */
    public Shape withLast(int last) {
        int[] d = dims.clone();
        d[d.length - 1] = last;
        return new Shape(d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Keras' notation: {@code (None, 25, 1)}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("(None");
        for (int d : dims) {
            s.append(", ").append(d);
        }
        return s.append(')').toString();
    }
}
