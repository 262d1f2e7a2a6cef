package dev.recurrent.model;

import dev.recurrent.layers.Parameter;
import dev.recurrent.metrics.Metric;
import dev.recurrent.tensor.Tensor;

import java.util.List;

/**
 * A training step in its two halves, for data-parallel training: {@link #compute} runs a batch
 * forward and backward and leaves its gradient in every {@link Parameter#grad()} without updating
 * anything; {@link #apply} runs the optimizer's step (clipping, weight decay, schedule) on gradients
 * given from elsewhere, such as the sum of other machines' gradients. {@code compute} then
 * {@code apply} of the same gradients is {@link Sequential#trainOnBatch}.
 */
public final class Gradients {
    private Gradients() {
    }

    /**
     * The gradient of the model's loss on x, y as one batch (the batch mean, as the loss reduces),
     * left in every parameter's {@link Parameter#grad()}; updates each of {@code metrics} with the
     * batch and returns the batch loss. The model's weights and optimizer are unchanged.
     */
    public static double compute(Sequential model, Tensor x, Tensor y, List<Metric> metrics) {
        if (model.loss() == null) {
            throw new IllegalStateException(model.name() + ": call compile(optimizer, loss, metrics...) before computing gradients");
        }
        if (!model.isBuilt() && model.inputShape() == null) {
            model.input(x.sampleShape());
        }
        model.build();
        model.checkData("x", "y", x, y);
        model.prepareLoss();
        int b = x.samples();
        int[] order = new int[b];
        for (int i = 0; i < b; i++) {
            order[i] = i;
        }
        return model.computeGradients(model.gather(x, y, order, 0, b), b, metrics, 0);
    }

    /**
     * One optimizer step of the compiled model from {@code gradients}, one array per parameter in
     * {@link Sequential#parameters()} order, copied into {@link Parameter#grad()} first; then the
     * weights' constraints, as {@code fit} applies them.
     */
    public static void apply(Sequential model, List<float[]> gradients) {
        if (model.optimizer() == null) {
            throw new IllegalStateException(model.name() + ": call compile(optimizer, loss, metrics...) before applying gradients");
        }
        List<Parameter> params = model.parameters();
        if (gradients.size() != params.size()) {
            throw new IllegalArgumentException(model.name() + ": expected " + params.size() + " gradient arrays, got "
                    + gradients.size());
        }
        for (int i = 0; i < params.size(); i++) {
            float[] g = gradients.get(i);
            if (g.length != params.get(i).size()) {
                throw new IllegalArgumentException(model.name() + ": gradient " + i + " (" + params.get(i) + ") needs "
                        + params.get(i).size() + " values, got " + g.length);
            }
        }
        for (int i = 0; i < params.size(); i++) {
            System.arraycopy(gradients.get(i), 0, params.get(i).grad(), 0, gradients.get(i).length);
        }
        UpdateStep.apply(model.optimizer(), params);
    }
}
