package dev.recurrent.spark;

import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/** One partition's part of the validation: {@code evaluate} on its held-out samples (global index >= splitAt). */
final class Validation implements Function2<Validation.Part, Shard, Validation.Part> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<byte[]> modelFile;
    private final Broadcast<float[]> weights;
    private final long splitAt;
    private final int batchSize;

    Validation(Broadcast<byte[]> modelFile, Broadcast<float[]> weights, long splitAt, int batchSize) {
        this.modelFile = modelFile;
        this.weights = weights;
        this.splitAt = splitAt;
        this.batchSize = batchSize;
    }

    /** Each value (loss, metrics) times the samples it was measured on, summed; and the samples. */
    static final class Part implements Serializable {
        private static final long serialVersionUID = 1L;
        final LinkedHashMap<String, Double> sums = new LinkedHashMap<>();
        long count;

        Part add(Part o) {
            o.sums.forEach((k, v) -> sums.merge(k, v, Double::sum));
            count += o.count;
            return this;
        }

        Map<String, Double> means() {
            Map<String, Double> m = new LinkedHashMap<>();
            sums.forEach((k, v) -> m.put(k, v / count));
            return m;
        }
    }

    @Override
    public Part call(Part part, Shard shard) {
        int n = 0;
        int[] rows = new int[shard.size()];
        for (int k = 0; k < shard.size(); k++) {
            if (shard.index[k] >= splitAt) {
                rows[n++] = k;
            }
        }
        if (n == 0) {
            return part;
        }
        Sequential model = ExecutorModels.forThread(modelFile);
        FlatWeights.setValues(model.parameters(), weights.value());
        Tensor[] xy = shard.gather(java.util.Arrays.copyOf(rows, n));
        for (Map.Entry<String, Double> e : model.evaluate(xy[0], xy[1], batchSize).entrySet()) {
            part.sums.merge(e.getKey(), e.getValue() * n, Double::sum);
        }
        part.count += n;
        return part;
    }
}
