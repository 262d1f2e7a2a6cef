package dev.recurrent.layers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer of a model: built once for a sample shape, then a forward and a backward pass per batch.
 *
 * <p>Arrays are batch-major: [B, ...sample shape]. A layer's output and input-gradient arrays are
 * its own buffers, sized for the largest batch seen and reused; only the first
 * {@code batch × outputShape().size()} values are meaningful, and they stay valid until the layer's
 * next call. {@link #backward} adds into the parameters' gradients; zero them first.
 *
 * <p>Masks are [B, T] booleans (false at padded steps), produced by {@code Embedding(maskZero)} and
 * passed along by layers that keep the time axis, as in Keras.
 */
public abstract class Layer {
    private String name;
    private Shape inputShape, outputShape;

    protected Layer(String name) {
        this.name = name;
    }

    /** The Keras class name, e.g. {@code "LSTM"} or {@code "Dense"}. */
    public abstract String type();

    public String name() {
        return name;
    }

    /** Renames the layer (models make names unique: {@code lstm}, {@code lstm_1}, ...). */
    public void setName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(this.name + ": a layer name must not be empty, got "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        this.name = name;
    }

    /**
     * Makes the weights for samples of {@code input} shape, drawing them from {@code seed}, and
     * returns the output shape. Refuses an input shape the layer cannot take, naming both.
     */
    public final Shape build(Shape input, long seed) {
        if (input == null) {
            throw new IllegalArgumentException(name + ": build needs the shape of one input sample, got null");
        }
        Shape out = onBuild(input, seed);
        inputShape = input;
        outputShape = out;
        return out;
    }

    protected abstract Shape onBuild(Shape input, long seed);

    /**
     * Runs the built layer on samples of {@code input} shape from now on, its weights kept: the same
     * sample with another number of steps, as truncated BPTT feeds a sequence in chunks. Returns the
     * output shape. A layer whose weights or output depend on the number of steps refuses.
     */
    public final Shape resizeSteps(Shape input) {
        requireBuilt();
        if (input == null) {
            throw new IllegalArgumentException(name + ": resizeSteps needs the new input shape, got null");
        }
        if (input.equals(inputShape)) {
            return outputShape;
        }
        Shape out = onResizeSteps(input);
        inputShape = input;
        outputShape = out;
        return out;
    }

    /** The output shape for {@code input}, the input shape with another number of steps; see {@link #resizeSteps}. */
    protected Shape onResizeSteps(Shape input) {
        throw new IllegalArgumentException(name() + ": a " + type() + " layer cannot run on chunks of a sequence:"
                + " its input " + inputShape + " must keep its number of steps");
    }

    public boolean isBuilt() {
        return outputShape != null;
    }

    public Shape inputShape() {
        requireBuilt();
        return inputShape;
    }

    public Shape outputShape() {
        requireBuilt();
        return outputShape;
    }

    /**
     * The forward pass over {@code batch} samples.
     *
     * @param x        [batch, ...inputShape]
     * @param mask     [batch, T] or null
     * @param training whether dropout applies
     * @return [batch, ...outputShape] (the first values of the layer's buffer)
     */
    public abstract float[] forward(float[] x, int batch, boolean[] mask, boolean training);

    /** The backward pass of the last forward: adds into the parameter gradients, returns dL/dx. */
    public abstract float[] backward(float[] dy);

    /**
     * The backward pass for a layer whose input is the model's data, where dL/dx has no use: only
     * the parameter gradients. Layers that save work by skipping dL/dx override this.
     */
    public void backwardParametersOnly(float[] dy) {
        backward(dy);
    }

    /** The mask of this layer's output, given its input's: kept where the time axis is kept. */
    public boolean[] outputMask(boolean[] inputMask) {
        return inputMask;
    }

    /** The trainable weights, in Keras' order. */
    public List<Parameter> parameters() {
        return List.of();
    }

    /** Sets every parameter gradient to zero. */
    public void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }

    /** The number of trainable values. */
    public long parameterCount() {
        return Parameter.count(parameters());
    }

    /**
     * The activity regularizer's penalty of this layer's last output, divided by the batch size as
     * Keras adds it to the loss; 0 without one. Its gradient is added by {@link #backward}.
     */
    public double activityLoss() {
        return 0;
    }

    /** Forgets carried states (stateful recurrent layers). */
    public void resetStates() {
    }

    /** The constructor arguments by their Keras names, enough to rebuild the layer (Keras' get_config). */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        return c;
    }

    protected final void requireBuilt() {
        if (outputShape == null && !(this instanceof Recurrent && ((Recurrent) this).inputFeatures() > 0)) {
            throw new IllegalStateException(name + ": the layer is not built yet; add it to a model or call build");
        }
    }

    /** {@code values} itself; refuses null with one message naming this layer and {@code what} it is. */
    protected final float[] requireValues(float[] values, String what) {
        if (values == null) {
            throw new IllegalArgumentException(name + ": expected " + what + ", got null");
        }
        return values;
    }

    /** Grows {@code buf} to hold at least {@code size} values (keeps it if large enough). */
    protected static float[] ensure(float[] buf, int size) {
        return buf != null && buf.length >= size ? buf : new float[size];
    }
}
