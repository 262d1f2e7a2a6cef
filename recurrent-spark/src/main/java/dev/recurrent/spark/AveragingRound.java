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
 * One partition's part of a parameter-averaging round: from the broadcast state, one local
 * optimizer step on its samples of each of the round's global batches; then its weights and
 * optimizer slots, weighted by the samples it trained on, to be averaged on the driver.
 */
final class AveragingRound implements Function2<GradientPart, Shard, GradientPart> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<byte[]> modelFile;
    private final Broadcast<int[]> place;
    private final Broadcast<TrainingState> state;
    private final int from, batchSize, steps, end;

    AveragingRound(Broadcast<byte[]> modelFile, Broadcast<int[]> place, Broadcast<TrainingState> state,
                   int from, int batchSize, int steps, int end) {
        this.modelFile = modelFile;
        this.place = place;
        this.state = state;
        this.from = from;
        this.batchSize = batchSize;
        this.steps = steps;
        this.end = end;
    }

    @Override
    public GradientPart call(GradientPart part, Shard shard) {
        Sequential model = null;
        List<Metric> metrics = null;
        long trained = 0;
        double lossSum = 0;
        for (int s = 0; s < steps; s++) {
            int lo = from + s * batchSize, hi = Math.min(end, lo + batchSize);
            int[] rows = lo < hi ? shard.select(place.value(), lo, hi) : new int[0];
            if (rows.length == 0) {
                continue;
            }
            if (model == null) {
                model = ExecutorModels.forThread(modelFile);
                TrainingState start = state.value();
                start.applyTo(model, start.iterations);
                metrics = ExternalLoops.newMetrics(model);
            }
            Tensor[] xy = shard.gather(rows);
            double loss = Gradients.compute(model, xy[0], xy[1], metrics);
            Gradients.apply(model, FlatWeights.grads(model.parameters()));
            lossSum += rows.length * loss;
            trained += rows.length;
        }
        if (model == null) {
            return part;
        }
        TrainingState end = TrainingState.of(model);
        part.addWeighted(end.arrays(), end.length(), trained);
        part.lossSum += lossSum;
        if (part.metricSums == null) {
            part.metricSums = new double[metrics.size()];
        }
        for (int i = 0; i < metrics.size(); i++) {
            part.metricSums[i] += trained * metrics.get(i).result();
        }
        part.count += trained;
        return part;
    }
}
