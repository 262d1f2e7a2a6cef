package dev.recurrent.layers;

import dev.recurrent.init.Initializers;
import dev.recurrent.kernels.Activation;
import dev.recurrent.kernels.Kernels;
import dev.recurrent.kernels.KernelsProvider;
import dev.recurrent.regularizers.Constraint;
import dev.recurrent.regularizers.Regularizer;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A fully connected layer {@code y = act(x·kernel + bias)} on the last axis: kernel [F, units],
 * bias [units]. On a sequence [T, F] it acts on every step, as Keras' Dense does. Activations:
 * linear, relu, sigmoid, tanh, hard_sigmoid (Keras 3's), hard_sigmoid_keras2 (Keras 1/2's), softmax (over
 * the last axis).
 */
public final class Dense extends Layer implements LogitOutput {
    private final int units;
    private final String activation;
    private final Activation act;   // null for softmax
    private final Kernels kernels = KernelsProvider.get();

    private Parameter kernel, bias;
    /** Regularizers and constraints (the recurrent ones unused). */
    private WeightRules rules = WeightRules.NONE;
    private ActivityPenalty activity = new ActivityPenalty(null);
    private int inFeatures;
    private int batch = -1;
    /** [rows, F] the input of the last forward (the caller's array, not a copy). */
    private float[] x;
    /** [rows, units] logits, output, logits gradient; [rows, F] dx. */
    private float[] z, y, dz, dx;

    public Dense(int units, String activation) {
        this("dense", units, activation);
    }

    public Dense(String name, int units, String activation) {
        super(name);
        if (units <= 0) {
            throw new IllegalArgumentException(name + ": received an invalid value for argument `units`,"
                    + " expected a positive integer, got " + units);
        }
        this.units = units;
        this.activation = activation == null ? "linear" : activation.toLowerCase(Locale.ROOT);
        this.act = this.activation.equals("softmax") ? null : Activation.byName(this.activation);
    }

    /** A linear Dense layer. */
    public static Dense of(int units) {
        return new Dense(units, "linear");
    }

    public static Dense of(int units, String activation) {
        return new Dense(units, activation);
    }

    @Override
    public String type() {
        return "Dense";
    }

    /** Keras' {@code kernel_regularizer}; set before the layer is built. Returns this layer. */
    public Dense kernelRegularizer(Regularizer r) {
        return rules(rules.withKernelRegularizer(r));
    }

    /** Keras' {@code bias_regularizer}. */
    public Dense biasRegularizer(Regularizer r) {
        return rules(rules.withBiasRegularizer(r));
    }

    /** Keras' {@code activity_regularizer}: a penalty on the output, divided by the batch size. */
    public Dense activityRegularizer(Regularizer r) {
        return rules(rules.withActivityRegularizer(r));
    }

    /** Keras' {@code kernel_constraint}, applied after each optimizer update. */
    public Dense kernelConstraint(Constraint c) {
        return rules(rules.withKernelConstraint(c));
    }

    /** Keras' {@code bias_constraint}. */
    public Dense biasConstraint(Constraint c) {
        return rules(rules.withBiasConstraint(c));
    }

    /** The regularizers and constraints. */
    public WeightRules rules() {
        return rules;
    }

    /** Sets the regularizers and constraints (the recurrent ones must be null); before the layer is built. */
    public Dense rules(WeightRules newRules) {
        if (newRules == null || newRules.recurrentRegularizer() != null || newRules.recurrentConstraint() != null) {
            throw new IllegalArgumentException(name() + ": expected regularizers and constraints without recurrent ones"
                    + " (a Dense layer has no recurrent kernel), got " + newRules);
        }
        if (isBuilt()) {
            throw new IllegalStateException(name() + ": regularizers and constraints are set before the layer is built");
        }
        this.rules = newRules;
        this.activity = new ActivityPenalty(newRules.activityRegularizer());
        return this;
    }

    @Override
    public double activityLoss() {
        return activity.value();
    }

    public int units() {
        return units;
    }

    public String activation() {
        return activation;
    }

    @Override
    protected Shape onBuild(Shape input, long seed) {
        inFeatures = input.last();
        kernel = new Parameter("kernel", inFeatures, units);
        bias = new Parameter("bias", units);
        Initializers.glorotUniform(kernel.value(), inFeatures, units, new Random(seed));
        rules.attach(name(), kernel, null, bias);
        return input.withLast(units);
    }

    @Override
    protected Shape onResizeSteps(Shape input) {
        if (input.last() != inFeatures) {
            return super.onResizeSteps(input);
        }
        return input.withLast(units);
    }

    @Override
    public List<Parameter> parameters() {
        requireBuilt();
        return List.of(kernel, bias);
    }

    private int rows(int batch) {
        return batch * (inputShape().size() / inFeatures);
    }

    @Override
    public float[] forward(float[] input, int batch, boolean[] mask, boolean training) {
        requireValues(input, "an input");
        int rows = rows(batch);
        int need = rows * inFeatures;
        if (input.length != need) {
            throw new IllegalArgumentException(name() + ": expected input " + shapeOf(batch, inputShape())
                    + " (" + need + " values), got " + input.length + " values");
        }
        size(batch);
        x = input;
        kernels.gemm(false, false, rows, units, inFeatures, x, 0, inFeatures, kernel.value(), 0, units, false, z, 0, units);
        float[] b = bias.value();
        for (int r = 0; r < rows; r++) {
            int o = r * units;
            for (int j = 0; j < units; j++) {
                z[o + j] += b[j];
            }
        }
        if (act == null) {
            softmax(z, y, rows, units);
        } else {
            for (int i = 0; i < rows * units; i++) {
                y[i] = act.apply(z[i]);
            }
        }
        activity.record(y, rows * units, batch);
        return y;
    }

    @Override
    public float[] backward(float[] dy) {
        int rows = rows(batch);
        checkGradient(dy, rows);
        dy = activity.addTo(dy);
        if (act == null) {
            for (int r = 0; r < rows; r++) {
                int o = r * units;
                double dot = 0;
                for (int j = 0; j < units; j++) {
                    dot += dy[o + j] * y[o + j];
                }
                for (int j = 0; j < units; j++) {
                    dz[o + j] = (float) (y[o + j] * (dy[o + j] - dot));
                }
            }
        } else {
            for (int i = 0; i < rows * units; i++) {
                dz[i] = dy[i] * act.derivativeFromOutput(y[i]);
            }
        }
        return logitsBackward(dz);
    }

    @Override
    public String outputActivation() {
        return act == null ? "softmax" : act == Activation.SIGMOID ? "sigmoid" : null;
    }

    @Override
    public float[] logits() {
        return z;
    }

    @Override
    public float[] backwardFromLogits(float[] dLogits) {
        int rows = rows(batch);
        checkGradient(dLogits, rows);
        if (rules.activityRegularizer() != null) {
            // the activity penalty's gradient reaches the logits through the activation
            float[] dOut = activity.addTo(new float[rows * units]);
            float[] dLogitsAll = dLogits.clone();
            for (int r = 0; r < rows; r++) {
                int o = r * units;
                double dot = 0;
                for (int j = 0; act == null && j < units; j++) {
                    dot += dOut[o + j] * y[o + j];
                }
                for (int j = 0; j < units; j++) {
                    dLogitsAll[o + j] += act == null ? (float) (y[o + j] * (dOut[o + j] - dot))
                            : dOut[o + j] * act.derivativeFromOutput(y[o + j]);
                }
            }
            return logitsBackward(dLogitsAll);
        }
        return logitsBackward(dLogits);
    }

    private float[] logitsBackward(float[] dLogits) {
        int rows = rows(batch);
        kernels.gemm(true, false, inFeatures, units, rows, x, 0, inFeatures, dLogits, 0, units, true, kernel.grad(), 0, units);
        kernels.addColumnSums(rows, units, dLogits, 0, bias.grad(), 0);
        kernels.gemm(false, true, rows, inFeatures, units, dLogits, 0, units, kernel.value(), 0, units, false, dx, 0, inFeatures);
        return dx;
    }

    private void checkGradient(float[] g, int rows) {
        if (batch < 0) {
            throw new IllegalStateException(name() + ": backward needs a forward call first");
        }
        if (requireValues(g, "an output gradient").length != rows * units) {
            throw new IllegalArgumentException(name() + ": expected an output gradient " + shapeOf(batch, outputShape())
                    + " (" + rows * units + " values), got " + g.length + " values");
        }
    }

    private void size(int batch) {
        int rows = rows(batch);
        if (batch == this.batch && z.length == rows * units) {
            return;
        }
        dx = new float[rows * inFeatures];
        z = new float[rows * units];
        y = new float[rows * units];
        dz = new float[rows * units];
        this.batch = batch;
    }

    /** Row-wise softmax, stable (max subtracted). */
    static void softmax(float[] z, float[] out, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, z[o + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                double e = Math.exp(z[o + j] - max);
                out[o + j] = (float) e;
                sum += e;
            }
            float inv = (float) (1.0 / sum);
            for (int j = 0; j < cols; j++) {
                out[o + j] *= inv;
            }
        }
    }

    static String shapeOf(int batch, Shape sample) {
        int[] d = sample.dims();
        int[] all = new int[d.length + 1];
        all[0] = batch;
        System.arraycopy(d, 0, all, 1, d.length);
        return Arrays.toString(all);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("units", units);
        c.put("activation", activation);
        rules.putKerasArguments(c, false);
        return c;
    }
}
