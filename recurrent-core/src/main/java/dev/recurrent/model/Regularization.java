package dev.recurrent.model;

import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Parameter;

import java.util.List;

/**
 * The regularization losses of a model, as Keras adds them to the compiled loss (in training and
 * in evaluation alike): each weight regularizer's penalty of the current weights, and each activity
 * regularizer's penalty of its layer's last output divided by the batch size; and the weight
 * constraints, applied after each optimizer update.
 */
final class Regularization {
    private Regularization() {
    }

    /** The total penalty; the weight penalties' gradients are added into the parameters' gradients. */
    static double addGradients(List<Layer> layers, List<Parameter> params) {
        double total = 0;
        for (Parameter p : params) {
            total += p.addPenaltyGradient();
        }
        return total + activity(layers);
    }

    /** The total penalty, without gradients. */
    static double penalty(List<Layer> layers, List<Parameter> params) {
        double total = 0;
        for (Parameter p : params) {
            total += p.penalty();
        }
        return total + activity(layers);
    }

    private static double activity(List<Layer> layers) {
        double total = 0;
        for (Layer l : layers) {
            total += l.activityLoss();
        }
        return total;
    }

    /** Projects every constrained weight, as Keras' optimizer does after applying the gradients. */
    static void constrain(List<Parameter> params) {
        for (Parameter p : params) {
            p.applyConstraint();
        }
    }
}
