package dev.recurrent.model;

import dev.recurrent.layers.Layer;
import dev.recurrent.layers.LogitOutput;
import dev.recurrent.loss.BinaryCrossentropy;
import dev.recurrent.loss.Loss;
import dev.recurrent.loss.SoftmaxCrossEntropy;

/**
 * The loss a model computes: on its output; or, when the last layer outputs {@code softmax} (or
 * {@code sigmoid}) probabilities and the loss is the matching cross-entropy on probabilities, on
 * that layer's logits, as Keras does: stable, with the gradient {@code p − y}.
 */
final class ModelLoss {
    private final Loss loss;
    /** The loss on the logits of {@link #head}, or null when it is computed on the output. */
    private final Loss logitLoss;
    private final LogitOutput head;

    private ModelLoss(Loss loss, Loss logitLoss, LogitOutput head) {
        this.loss = loss;
        this.logitLoss = logitLoss;
        this.head = head;
    }

    /** {@code loss} after the {@code last} layer of a model. */
    static ModelLoss of(Loss loss, Layer last) {
        if (last instanceof LogitOutput head) {
            String act = head.outputActivation();
            if ("softmax".equals(act) && SoftmaxCrossEntropy.canFuse(loss)) {
                return new ModelLoss(loss, SoftmaxCrossEntropy.onLogits(loss), head);
            } else if ("sigmoid".equals(act) && loss instanceof BinaryCrossentropy && !((BinaryCrossentropy) loss).fromLogits()) {
                return new ModelLoss(loss, new BinaryCrossentropy(true), head);
            }
        }
        return new ModelLoss(loss, null, null);
    }

    /** The loss of the model's output {@code out} (see {@link Loss#compute}); its gradient into {@code grad} unless null. */
    double compute(float[] out, float[] yTrue, float[] weights, int rows, int cols, float[] grad) {
        return logitLoss != null
                ? logitLoss.compute(head.logits(), yTrue, weights, rows, cols, grad)
                : loss.compute(out, yTrue, weights, rows, cols, grad);
    }

    /**
     * The gradient to run backward from the loss gradient {@code grad}: itself, or, on the logits,
     * the gradient of the last layer's input, that layer's backward done.
     */
    float[] backward(float[] grad) {
        return logitLoss != null ? head.backwardFromLogits(grad) : grad;
    }

    /** The stages, from the last, that {@link #backward} has run: 1 on the logits, else 0. */
    int stagesRun() {
        return logitLoss != null ? 1 : 0;
    }
}
