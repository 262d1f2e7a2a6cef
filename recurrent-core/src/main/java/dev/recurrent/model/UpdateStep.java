package dev.recurrent.model;

import dev.recurrent.layers.Parameter;
import dev.recurrent.metrics.Metric;
import dev.recurrent.optim.Optimizer;

import java.util.List;

/**
 * One training step of any model, after its gradients: the stop at a non-finite loss or gradient
 * (before the update, so the weights stay at the last finite step), the gradient norms when
 * recorded, the optimizer's update and the weights' constraints.
 */
final class UpdateStep {
    private final Trainable model;
    private final boolean checkNonFinite, recordNorms;
    /** What went non-finite in the step that was not applied; null while every step was finite. */
    String nonFinite;
    /** The global gradient norm of the last step, before and after the optimizer's clipping, when recorded. */
    double gradNorm, clippedNorm;

    UpdateStep(Trainable model, boolean checkNonFinite, boolean recordNorms) {
        this.model = model;
        this.checkNonFinite = checkNonFinite;
        this.recordNorms = recordNorms;
    }

    boolean recordsNorms() {
        return recordNorms;
    }

    /**
     * The gathered batch's gradients, then its update unless its loss or a gradient is not finite
     * (then {@link #nonFinite} says what). Returns the batch loss.
     */
    double run(int batch, List<List<Metric>> metrics, int gradientStart) {
        double value = model.computeGradients(batch, metrics, gradientStart);
        if (checkNonFinite && (nonFinite = NonFiniteCheck.problem(value, model.parametersByLayer())) != null) {
            return value;
        }
        List<Parameter> params = model.parameters();
        if (recordNorms) {
            gradNorm = Optimizer.globalNorm(params);
        }
        apply(model.optimizer(), params);
        if (recordNorms) {
            clippedNorm = model.optimizer().appliedGradientNorm();
        }
        return value;
    }

    /** The optimizer's update of the gradients in {@code params}, then the weights' constraints, as Keras applies them. */
    static void apply(Optimizer optimizer, List<Parameter> params) {
        optimizer.step(params);
        Regularization.constrain(params);
    }
}
