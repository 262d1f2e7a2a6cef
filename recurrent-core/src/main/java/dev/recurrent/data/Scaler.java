package dev.recurrent.data;

import dev.recurrent.tensor.Tensor;

/**
 * A per-feature affine scaler with scikit-learn's fit / transform / inverse_transform contract.
 * Data is a row-major table [N, F]: a {@code float[]} with a feature count, a series (F = 1), or a
 * tensor whose last dimension is F. Statistics and arithmetic are in double, as NumPy does for the
 * float64 data of the tutorials; results are rounded to float once.
 */
public abstract sealed class Scaler permits MinMaxScaler, StandardScaler {
    private int features = -1;

    /** The short type name used in messages, as scikit-learn's class name. */
    abstract String type();

    /** Learns the statistics of each feature from {@code values} [N, F] (finite, N ≥ 1). */
    abstract void learn(float[] values, int rows, int features);

    /** One scaled value of feature {@code f}. */
    abstract double forward(double x, int f);

    /** One unscaled value of feature {@code f}. */
    abstract double backward(double y, int f);

    /** Fits to a table [N, F] given row-major; returns this. */
    public final Scaler fit(float[] values, int features) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException(type() + ".fit: expected at least one sample, got "
                    + (values == null ? "null" : "none"));
        }
        if (features <= 0 || values.length % features != 0) {
            throw new IllegalArgumentException(type() + ".fit: " + values.length + " values do not form rows of "
                    + features + " features");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(type() + ".fit: the value at row " + i / features + ", feature "
                        + i % features + " is " + values[i] + "; expected finite values");
            }
        }
        learn(values, values.length / features, features);
        this.features = features;
        return this;
    }

    /** Fits to a series: one feature. */
    public final Scaler fit(float[] series) {
        return fit(series, 1);
    }

    /** Fits to a tensor [..., F]: every dimension but the last counts as rows. */
    public final Scaler fit(Tensor t) {
        int[] s = t.shape();
        return fit(t.data(), s.length == 1 ? 1 : s[s.length - 1]);
    }

    /** True once fitted. */
    public final boolean isFitted() {
        return features > 0;
    }

    /** F, the features seen by {@link #fit}. */
    public final int features() {
        requireFitted("features");
        return features;
    }

    /** Scales a table [N, F] (row-major, F as fitted) into a new array. */
    public final float[] transform(float[] values) {
        check(values, "transform");
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) forward(values[i], i % features);
        }
        return out;
    }

    /** Scales a tensor [..., F] into a new tensor of the same shape. */
    public final Tensor transform(Tensor t) {
        checkLastDim(t, "transform");
        return Tensor.of(transform(t.data()), t.shape());
    }

    /** Undoes {@link #transform} on a table [N, F] into a new array. */
    public final float[] inverseTransform(float[] values) {
        check(values, "inverseTransform");
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) backward(values[i], i % features);
        }
        return out;
    }

    /** Undoes {@link #transform} on a tensor [..., F]. */
    public final Tensor inverseTransform(Tensor t) {
        checkLastDim(t, "inverseTransform");
        return Tensor.of(inverseTransform(t.data()), t.shape());
    }

    /**
     * Undoes the scaling of one value of {@code feature}: the tutorial's {@code invert_scale}, which
     * puts a prediction in the last column of a row and inverse-transforms the row.
     */
    public final float inverseTransform(float value, int feature) {
        requireFitted("inverseTransform");
        if (feature < 0 || feature >= features) {
            throw new IllegalArgumentException(type() + ".inverseTransform: feature " + feature + " is outside [0, "
                    + features + ")");
        }
        return (float) backward(value, feature);
    }

    /** scikit-learn's {@code _handle_zeros_in_scale}: a (near) zero scale becomes 1. */
    static double nonZero(double scale) {
        return scale < 10 * Math.ulp(1.0) ? 1.0 : scale;
    }

    private void check(float[] values, String op) {
        requireFitted(op);
        if (values == null || values.length % features != 0) {
            throw new IllegalArgumentException(type() + "." + op + ": " + (values == null ? "null" : values.length
                    + " values") + " do not form rows of " + features + " features, as the scaler was fitted");
        }
    }

    private void checkLastDim(Tensor t, String op) {
        requireFitted(op);
        int[] s = t.shape();
        int f = s.length == 1 ? 1 : s[s.length - 1];
        if (f != features) {
            throw new IllegalArgumentException(type() + "." + op + ": X has " + f + " features, but " + type()
                    + " is expecting " + features + " features as input (got " + t + ")");
        }
    }

    private void requireFitted(String op) {
        if (features <= 0) {
            throw new IllegalStateException(type() + "." + op + ": this " + type()
                    + " is not fitted yet; call fit with the training data first");
        }
    }
}
