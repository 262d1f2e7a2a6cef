package dev.recurrent.layers;

import dev.recurrent.regularizers.Constraint;
import dev.recurrent.regularizers.Regularizer;

import java.util.Map;

/**
 * A layer's regularizers and constraints, as Keras names them; each null when not set. The
 * recurrent ones are for recurrent layers only.
 *
 * @param kernelRegularizer    penalty on the kernel, added to the loss
 * @param recurrentRegularizer penalty on the recurrent kernel
 * @param biasRegularizer      penalty on the bias
 * @param activityRegularizer  penalty on the layer's output, divided by the batch size (as Keras 3)
 * @param kernelConstraint     projection of the kernel after each optimizer update
 * @param recurrentConstraint  projection of the recurrent kernel
 * @param biasConstraint       projection of the bias
 */
public record WeightRules(Regularizer kernelRegularizer, Regularizer recurrentRegularizer, Regularizer biasRegularizer,
                          Regularizer activityRegularizer, Constraint kernelConstraint, Constraint recurrentConstraint,
                          Constraint biasConstraint) {

    /** None set. */
    public static final WeightRules NONE = new WeightRules(null, null, null, null, null, null, null);

    public WeightRules withKernelRegularizer(Regularizer r) {
        return new WeightRules(r, recurrentRegularizer, biasRegularizer, activityRegularizer, kernelConstraint,
                recurrentConstraint, biasConstraint);
    }

    public WeightRules withRecurrentRegularizer(Regularizer r) {
        return new WeightRules(kernelRegularizer, r, biasRegularizer, activityRegularizer, kernelConstraint,
                recurrentConstraint, biasConstraint);
    }

    public WeightRules withBiasRegularizer(Regularizer r) {
        return new WeightRules(kernelRegularizer, recurrentRegularizer, r, activityRegularizer, kernelConstraint,
                recurrentConstraint, biasConstraint);
    }

    public WeightRules withActivityRegularizer(Regularizer r) {
        return new WeightRules(kernelRegularizer, recurrentRegularizer, biasRegularizer, r, kernelConstraint,
                recurrentConstraint, biasConstraint);
    }

    public WeightRules withKernelConstraint(Constraint c) {
        return new WeightRules(kernelRegularizer, recurrentRegularizer, biasRegularizer, activityRegularizer, c,
                recurrentConstraint, biasConstraint);
    }

    public WeightRules withRecurrentConstraint(Constraint c) {
        return new WeightRules(kernelRegularizer, recurrentRegularizer, biasRegularizer, activityRegularizer,
                kernelConstraint, c, biasConstraint);
    }

    public WeightRules withBiasConstraint(Constraint c) {
        return new WeightRules(kernelRegularizer, recurrentRegularizer, biasRegularizer, activityRegularizer,
                kernelConstraint, recurrentConstraint, c);
    }

    /** Puts the set ones under their Keras names ({@code kernel_regularizer}, ...), in Keras' serialized form. */
    void putKerasArguments(Map<String, Object> c, boolean recurrent) {
        put(c, "kernel_regularizer", kernelRegularizer == null ? null : kernelRegularizer.toConfig());
        if (recurrent) {
            put(c, "recurrent_regularizer", recurrentRegularizer == null ? null : recurrentRegularizer.toConfig());
        }
        put(c, "bias_regularizer", biasRegularizer == null ? null : biasRegularizer.toConfig());
        put(c, "activity_regularizer", activityRegularizer == null ? null : activityRegularizer.toConfig());
        put(c, "kernel_constraint", kernelConstraint == null ? null : kernelConstraint.toConfig());
        if (recurrent) {
            put(c, "recurrent_constraint", recurrentConstraint == null ? null : recurrentConstraint.toConfig());
        }
        put(c, "bias_constraint", biasConstraint == null ? null : biasConstraint.toConfig());
    }

    private static void put(Map<String, Object> c, String key, Object value) {
        if (value != null) {
            c.put(key, value);
        }
    }

    /** Attaches the weight regularizers and constraints to the parameters (bias may be null: no bias). */
    void attach(String layer, Parameter kernel, Parameter recurrentKernel, Parameter bias) {
        kernel.rules(layer, kernelRegularizer, kernelConstraint);
        if (recurrentKernel != null) {
            recurrentKernel.rules(layer, recurrentRegularizer, recurrentConstraint);
        }
        if (bias != null) {
            bias.rules(layer, biasRegularizer, biasConstraint);
        }
    }
}
