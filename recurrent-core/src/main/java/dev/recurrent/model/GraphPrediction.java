package dev.recurrent.model;

import dev.recurrent.graph.GraphRun;
import dev.recurrent.layers.Shape;
import dev.recurrent.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/** A graph model's outputs for every sample, one tensor per output, predicted in batches. */
final class GraphPrediction {
    private GraphPrediction() {
    }

    /** Runs {@code run} for inference over xs (checked), {@code batchSize} samples at a time, into one tensor per output. */
    static List<Tensor> predict(GraphRun run, int outputs, List<Tensor> xs, int batchSize) {
        int n = xs.get(0).samples(), bs = Math.max(1, Math.min(batchSize, n)), k = outputs;
        float[][] result = new float[k][];
        Shape[] shapes = new Shape[k];
        int[] order = GraphData.identity(n);
        for (int from = 0; from < n; from += bs) {
            int b = Math.min(bs, n - from);
            float[][] out = run.forward(GraphData.gather(xs, order, from, b), b, false);
            for (int i = 0; i < k; i++) {
                if (result[i] == null) {
                    shapes[i] = run.outputShape(i);
                    result[i] = new float[Math.multiplyExact(n, shapes[i].size())];
                }
                System.arraycopy(out[i], 0, result[i], from * shapes[i].size(), b * shapes[i].size());
            }
        }
        List<Tensor> tensors = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            tensors.add(Tensor.of(result[i], GraphData.withBatch(n, shapes[i])));
        }
        return tensors;
    }
}
