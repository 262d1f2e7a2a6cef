package dev.recurrent.spark;

import dev.recurrent.metrics.Metric;
import dev.recurrent.model.ExternalLoops;
import dev.recurrent.model.Gradients;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

import java.util.List;

/**
 * One partition's part of a synchronous step: with this step's weights, the gradient of its
 * samples of the global batch (places [from, to) of the epoch's order), weighted by their count.
 */
final class GradientStep implements Function2<GradientPart, Shard, GradientPart> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<byte[]> modelFile;
    private final Broadcast<int[]> place;
    private final Broadcast<float[]> weights;
    private final int from, to;

    GradientStep(Broadcast<byte[]> modelFile, Broadcast<int[]> place, Broadcast<float[]> weights, int from, int to) {
        this.modelFile = modelFile;
        this.place = place;
        this.weights = weights;
        this.from = from;
        this.to = to;
    }

    @Override
    public GradientPart call(GradientPart part, Shard shard) {
        int[] rows = shard.select(place.value(), from, to);
        if (rows.length == 0) {
            return part;
        }
        Sequential model = ExecutorModels.forThread(modelFile);
        FlatWeights.setValues(model.parameters(), weights.value());
        Tensor[] xy = shard.gather(rows);
        List<Metric> metrics = ExternalLoops.newMetrics(model);
        double loss = Gradients.compute(model, xy[0], xy[1], metrics);
        int c = rows.length;
        part.addWeighted(FlatWeights.grads(model.parameters()), FlatWeights.length(model.parameters()), c);
        part.lossSum += c * loss;
        if (part.metricSums == null) {
            part.metricSums = new double[metrics.size()];
        }
        for (int i = 0; i < metrics.size(); i++) {
            part.metricSums[i] += c * metrics.get(i).result();
        }
        part.count += c;
        return part;
    }
}
