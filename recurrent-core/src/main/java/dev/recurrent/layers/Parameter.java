package dev.recurrent.layers;

import dev.recurrent.regularizers.Constraint;
import dev.recurrent.regularizers.Regularizer;

import java.util.Arrays;
import java.util.List;

/**
 * A named weight tensor and its gradient, in Keras' layout and naming ({@code kernel},
 * {@code recurrent_kernel}, {@code bias}). Backward passes add into {@link #grad()}; callers zero
 * it with {@link #zeroGrad()} before each step.
 */
public final class Parameter {
    private final String name;
    private final int[] shape;
    private final float[] value;
    private final float[] grad;
    /** Keras' {@code variable.regularizer} and {@code variable.constraint}; null when not set. */
    private Regularizer regularizer;
    private Constraint constraint;

    /** A zero-filled weight of {@code shape}; no dimensions makes a scalar (one value), as Keras' shape {@code ()}. */
    public Parameter(String name, int... shape) {
        this.name = name;
        this.shape = shape.clone();
        int size = 1;
        for (int d : shape) {
            size = Math.multiplyExact(size, d);
        }
        this.value = new float[size];
        this.grad = new float[size];
    }

    /** The Keras name of this weight, e.g. {@code "recurrent_kernel"}. */
    public String name() {
        return name;
    }

    /** The shape, e.g. {@code [units, 4 * units]} for an LSTM's recurrent kernel. */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of values. */
    public int size() {
        return value.length;
    }

    /** The number of values of all {@code parameters}, as Keras' summary counts them. */
    public static long count(List<Parameter> parameters) {
        long n = 0;
        for (Parameter p : parameters) {
            n += p.size();
        }
        return n;
    }

    /** The values, row-major in the Keras layout; live, not a copy. */
    public float[] value() {
        return value;
    }

    /** The gradient, same layout as {@link #value()}; live, not a copy. */
    public float[] grad() {
        return grad;
    }

    /** Sets every gradient entry to zero. */
    public void zeroGrad() {
        Arrays.fill(grad, 0f);
    }

    /**
     * Copies {@code values} in after checking their count and that each is finite.
     *
     * @param owner the layer name, for the error message
     */
    void load(String owner, float[] values) {
        check(owner, values);
        System.arraycopy(values, 0, value, 0, values.length);
    }

    /**
     * Refuses {@code values} that {@link #load} would refuse, without changing anything.
     *
     * @param owner the layer name, for the error message
     */
    void check(String owner, float[] values) {
        if (values == null || values.length != value.length) {
            throw new IllegalArgumentException(owner + ": " + name + " expects shape " + Arrays.toString(shape)
                    + " (" + value.length + " values), got " + (values == null ? "null" : values.length + " values"));
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(owner + ": " + name + " holds a non-finite value (" + values[i]
                        + ") at flat index " + i + " of shape " + Arrays.toString(shape));
            }
        }
    }

    /** The penalty on this weight added to the training loss, or null (Keras' {@code kernel_regularizer}, ...). */
    public Regularizer regularizer() {
        return regularizer;
    }

    /** The projection applied to this weight after each optimizer update, or null. */
    public Constraint constraint() {
        return constraint;
    }

    /** The regularizer's penalty of the current values (0 without one). */
    public double penalty() {
        return regularizer == null ? 0 : regularizer.penalty(value, 0, value.length);
    }

    /** Adds the regularizer's gradient into {@link #grad()} and returns its penalty (0 without one). */
    public double addPenaltyGradient() {
        if (regularizer == null) {
            return 0;
        }
        regularizer.addGradient(value, 0, value.length, 1, grad, 0);
        return penalty();
    }

    /** Projects the values with the constraint, if any. */
    public void applyConstraint() {
        if (constraint != null) {
            constraint.apply(value, shape);
        }
    }

    /** Sets the regularizer and constraint, refusing a constraint axis this weight does not have. */
    void rules(String owner, Regularizer regularizer, Constraint constraint) {
        if (constraint != null && constraint.className().endsWith("Norm")) {
            int a = constraint.axis() < 0 ? constraint.axis() + shape.length : constraint.axis();
            if (a < 0 || a >= shape.length) {
                throw new IllegalArgumentException(owner + ": the " + name + "_constraint's axis " + constraint.axis()
                        + " does not exist in " + name + " of shape " + Arrays.toString(shape));
            }
        }
        this.regularizer = regularizer;
        this.constraint = constraint;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
