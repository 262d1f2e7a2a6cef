package dev.recurrent.tensor;

import java.util.Arrays;

/**
 * A float32 array with a shape, batch first: {@code [N, ...sample shape]}, row-major.
 * The data is shared, not copied.
 */
public final class Tensor {
    private final float[] data;
    private final int[] shape;

    private Tensor(float[] data, int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("tensor dimensions must be positive, got " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (shape.length == 0 || data.length != n) {
            throw new IllegalArgumentException("a tensor of shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + data.length);
        }
        this.data = data;
        this.shape = shape;
    }

    /** Wraps {@code data} (not copied) as a tensor of {@code shape}, batch first. */
    public static Tensor of(float[] data, int... shape) {
        return new Tensor(data, shape.clone());
    }

    /** A tensor of zeros. */
    public static Tensor zeros(int... shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return new Tensor(new float[Math.toIntExact(n)], shape.clone());
    }

    public float[] data() {
        return data;
    }

    public int[] shape() {
        return shape.clone();
    }

    /** The first dimension: the number of samples. */
    public int samples() {
        return shape[0];
    }

    /** The values per sample. */
    public int sampleSize() {
        return data.length / shape[0];
    }

    /** The shape without the batch dimension. */
    public int[] sampleShape() {
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    /** Samples [from, to), copied. */
    public Tensor slice(int from, int to) {
        if (from < 0 || to > shape[0] || from >= to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") is outside the " + shape[0] + " samples");
        }
        int s = sampleSize();
        int[] sh = shape.clone();
        sh[0] = to - from;
        return new Tensor(Arrays.copyOfRange(data, from * s, to * s), sh);
    }

    /** The value at a full index. */
    public float get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " does not match shape " + Arrays.toString(shape));
        }
        int flat = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IllegalArgumentException("index " + Arrays.toString(index) + " is outside shape " + Arrays.toString(shape));
            }
            flat = flat * shape[i] + index[i];
        }
        return data[flat];
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
