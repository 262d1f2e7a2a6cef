package dev.recurrent.model;

import dev.recurrent.graph.GraphRun;
import dev.recurrent.graph.Node;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.LogitOutput;
import dev.recurrent.loss.Loss;

import java.util.List;

/**
 * A graph model's compiled losses, one per output in the outputs' order: the loss, its weight (the
 * model's loss is Σ weight·loss, as Keras' {@code compile(loss=[...], loss_weights=[...])}) and the
 * loss as computed, on the output or on a softmax or sigmoid head's logits ({@link ModelLoss}).
 */
record OutputLosses(Loss[] losses, double[] weights, ModelLoss[] computed) {

    /** Checks one loss per output and, when given, one finite, non-negative weight per output (null: 1 each). */
    static OutputLosses of(String model, List<Node> outputs, GraphRun run, List<Loss> losses, List<Double> lossWeights) {
        int k = outputs.size();
        if (losses.size() != k) {
            throw new IllegalArgumentException(model + ": expected " + k + " losses, one per output "
                    + GraphData.names(outputs) + ", got " + losses.size());
        }
        if (lossWeights != null && lossWeights.size() != k) {
            throw new IllegalArgumentException(model + ": expected " + k + " loss weights, one per output, got " + lossWeights.size());
        }
        double[] weights = new double[k];
        for (int i = 0; i < k; i++) {
            double w = lossWeights == null ? 1 : lossWeights.get(i);
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException(model + ": loss weights must be finite and not negative, got " + w);
            }
            weights[i] = w;
        }
        Loss[] each = losses.toArray(new Loss[0]);
        ModelLoss[] computed = new ModelLoss[k];
        for (int i = 0; i < k; i++) {
            LogitOutput head = run.logitHead(i);
            computed[i] = ModelLoss.of(each[i], head instanceof Layer l ? l : null);
        }
        return new OutputLosses(each, weights, computed);
    }
}
