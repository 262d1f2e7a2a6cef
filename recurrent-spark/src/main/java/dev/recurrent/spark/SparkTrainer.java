package dev.recurrent.spark;

import dev.recurrent.metrics.Metric;
import dev.recurrent.metrics.Metrics;
import dev.recurrent.model.Callback;
import dev.recurrent.model.ExternalLoops;
import dev.recurrent.model.Gradients;
import dev.recurrent.model.History;
import dev.recurrent.model.Sequential;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a compiled model on data held by Spark, synchronously and data-parallel:
 *
 * <pre>{@code
 * SparkData data = SparkData.of(reviews, "tokens", "label", model, true);
 * History h = SparkTrainer.of(spark, model).epochs(3).batchSize(32).validationSplit(0.2).fit(data);
 * }</pre>
 *
 * Each step the driver broadcasts the weights; every partition computes the gradient of its
 * samples of the global batch (the batch {@code fit} would take: the same seeded shuffle, by the
 * model's generator, of the samples' global order); the parts, each weighted by its sample count,
 * are summed in a tree of fixed shape and order ({@link #fanIn}); the driver divides by the batch
 * size and runs one step of
 * the model's own optimizer (clipping, weight decay, schedule as compiled). With any number of
 * partitions the result is that of {@code fit} with the same batch size, to float rounding (the
 * batch is summed in another order). Dropout draws its masks on the executors, so models with
 * dropout train correctly but not identically to {@code fit}.
 *
 * <p>With {@link #averagingFrequency(int) averaging every k steps}, partitions instead each take k
 * local optimizer steps on their shares of k global batches, and the driver averages their weights
 * and optimizer slots: k times less communication, but each local step sees only its partition's
 * share of a batch (a smaller batch), and the average of k local walks is not the walk of the full
 * batch; for k = 1 with plain SGD (no momentum) it equals the synchronous step.
 *
 * <p>The validation split is the last samples of the global order, as Keras; callbacks, the
 * history and checkpoints run on the driver with the driver's model.
 */
public final class SparkTrainer {
    private final SparkSession spark;
    private final Sequential model;
    private int epochs = 1, batchSize = 32, initialEpoch, averagingFrequency, fanIn;
    private boolean shuffle = true;
    private double validationSplit;
    private final List<Callback> callbacks = new ArrayList<>();
    private long lastStepBytes;

    private SparkTrainer(SparkSession spark, Sequential model) {
        this.spark = spark;
        this.model = model;
    }

    /** A trainer of the compiled {@code model}, which it updates in place on the driver. */
    public static SparkTrainer of(SparkSession spark, Sequential model) {
        if (model.optimizer() == null) {
            throw new IllegalStateException(model.name() + ": call compile(optimizer, loss, metrics...) before training");
        }
        return new SparkTrainer(spark, model);
    }

    public SparkTrainer epochs(int epochs) {
        this.epochs = atLeast("epochs", epochs, 1);
        return this;
    }

    public SparkTrainer batchSize(int batchSize) {
        this.batchSize = atLeast("batch_size", batchSize, 1);
        return this;
    }

    /** The epoch to start from, to resume: epochs counts up to {@link #epochs(int)}. */
    public SparkTrainer initialEpoch(int epoch) {
        this.initialEpoch = atLeast("initial_epoch", epoch, 0);
        return this;
    }

    public SparkTrainer shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /** The fraction of the samples, the last of the global order, held out for validation. */
    public SparkTrainer validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation_split: expected a fraction in [0, 1), got " + fraction);
        }
        this.validationSplit = fraction;
        return this;
    }

    /** Parameter averaging every k steps instead of a synchronous gradient step (0, the default: synchronous). */
    public SparkTrainer averagingFrequency(int steps) {
        this.averagingFrequency = atLeast("averaging frequency", steps, 0);
        return this;
    }

    /**
     * The partitions whose parts one executor sums before the driver adds those sums (default: the
     * square root of the partition count, as {@code treeAggregate} of depth 2; at least 2). The
     * order of the sum is fixed by the partitions' order: the run is the same, bit for bit, however
     * Spark schedules its tasks.
     */
    public SparkTrainer fanIn(int partitions) {
        this.fanIn = atLeast("fan-in", partitions, 2);
        return this;
    }

    public SparkTrainer callbacks(Callback... cs) {
        callbacks.addAll(List.of(cs));
        return this;
    }

    /**
     * The bytes the last step moved: the weights (or state) broadcast to each partition, and each
     * partition's part sent back (doubles), from their sizes; Spark's own framing not counted.
     */
    public long lastStepBytes() {
        return lastStepBytes;
    }

    /** Trains on {@code data} and returns the per-epoch history, as {@code fit} does. */
    public History fit(SparkData data) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        model.build();
        long n = data.samples;
        long splitAt = validationSplit > 0 ? (long) Math.floor(n * (1.0 - validationSplit)) : n;
        if (splitAt == 0 || splitAt >= n && validationSplit > 0) {
            throw new IllegalArgumentException(model.name() + ": validation_split " + validationSplit + " of " + n
                    + " samples leaves no training or no validation sample");
        }
        int samples = Math.toIntExact(splitAt), b = Math.min(batchSize, samples);
        int batches = (samples + b - 1) / b;
        Broadcast<byte[]> modelFile = sc.broadcast(ModelBytes.of(model, false));
        History history = new History();
        ExternalLoops.clearStop(model);
        for (Callback c : callbacks) {
            c.onTrainBegin(model);
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        int[] order = new int[samples];
        List<String> metricNames = new ArrayList<>();
        for (Metric m : ExternalLoops.newMetrics(model)) {
            metricNames.add(m.name());
        }
        try {
            for (int epoch = initialEpoch; epoch < epochs && !ExternalLoops.stopRequested(model); epoch++) {
                for (Callback c : callbacks) {
                    c.onEpochBegin(epoch);
                }
                for (int i = 0; i < samples; i++) {
                    order[i] = i;
                }
                if (shuffle) {
                    shuffle(order);
                }
                int[] place = new int[samples];
                for (int i = 0; i < samples; i++) {
                    place[order[i]] = i;
                }
                Broadcast<int[]> placeB = sc.broadcast(place);
                EpochSums sums = new EpochSums(metricNames);
                int k = averagingFrequency;
                for (int bi = 0; bi < batches && !ExternalLoops.stopRequested(model); bi += Math.max(k, 1)) {
                    int steps = k > 0 ? Math.min(k, batches - bi) : 1;
                    GradientPart part = k > 0
                            ? averagingRound(sc, data, modelFile, placeB, bi * b, b, steps, samples)
                            : synchronousStep(sc, data, modelFile, placeB, bi * b, Math.min(samples, bi * b + b));
                    sums.add(part);
                    if (!callbacks.isEmpty()) {
                        logs = sums.logs();
                        for (Callback c : callbacks) {
                            c.onBatchEnd(bi + steps - 1, batches, logs);
                        }
                    }
                }
                placeB.destroy();
                logs = sums.logs();
                if (splitAt < n) {
                    logs.putAll(validate(sc, data, modelFile, splitAt));
                }
                ExternalLoops.record(history, epoch, logs);
                for (Callback c : callbacks) {
                    c.onEpochEnd(epoch, logs);
                }
            }
        } finally {
            modelFile.destroy();
        }
        for (Callback c : callbacks) {
            c.onTrainEnd(logs);
        }
        return history;
    }

    private GradientPart synchronousStep(JavaSparkContext sc, SparkData data, Broadcast<byte[]> modelFile,
                                         Broadcast<int[]> place, int from, int to) {
        float[] w = FlatWeights.values(model.parameters());
        Broadcast<float[]> weights = sc.broadcast(w);
        try {
            GradientPart part = OrderedSum.of(data.shards, new GradientStep(modelFile, place, weights, from, to),
                    fan(data));
            if (part.count != to - from) {
                throw new IllegalStateException("a step gathered " + part.count + " samples, expected " + (to - from)
                        + ": the data changed between steps (is its source deterministic?)");
            }
            Gradients.apply(model, FlatWeights.split(model.parameters(), part.values, part.count));
            lastStepBytes = (long) data.partitions() * (4L * w.length + 8L * w.length);
            return part;
        } finally {
            weights.destroy();
        }
    }

    private GradientPart averagingRound(JavaSparkContext sc, SparkData data, Broadcast<byte[]> modelFile,
                                        Broadcast<int[]> place, int from, int b, int steps, int end) {
        TrainingState start = TrainingState.of(model);
        Broadcast<TrainingState> state = sc.broadcast(start);
        try {
            GradientPart part = OrderedSum.of(data.shards,
                    new AveragingRound(modelFile, place, state, from, b, steps, end), fan(data));
            start.averaged(part.values, part.count, start.iterations + steps).applyTo(model, start.iterations + steps);
            lastStepBytes = (long) data.partitions() * (4L * start.length() + 8L * start.length());
            return part;
        } finally {
            state.destroy();
        }
    }

    private int fan(SparkData data) {
        return fanIn > 0 ? fanIn : Math.max(2, (int) Math.ceil(Math.sqrt(data.partitions())));
    }

    private Map<String, Double> validate(JavaSparkContext sc, SparkData data, Broadcast<byte[]> modelFile, long splitAt) {
        Broadcast<float[]> weights = sc.broadcast(FlatWeights.values(model.parameters()));
        try {
            Validation.Part v = data.shards.treeAggregate(new Validation.Part(),
                    new Validation(modelFile, weights, splitAt, batchSize), Validation.Part::add, 2);
            Map<String, Double> out = new LinkedHashMap<>();
            v.means().forEach((key, value) -> out.put(Metrics.validationKey(key), value));
            return out;
        } finally {
            weights.destroy();
        }
    }

    private void shuffle(int[] order) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = model.random().nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static int atLeast(String what, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(what + ": expected at least " + min + ", got " + value);
        }
        return value;
    }

    /** The epoch's running loss and metrics: sums weighted by samples. */
    private static final class EpochSums {
        private final List<String> names;
        private final double[] metricSums;
        private double lossSum;
        private long count;

        EpochSums(List<String> names) {
            this.names = names;
            this.metricSums = new double[names.size()];
        }

        void add(GradientPart p) {
            lossSum += p.lossSum;
            count += p.count;
            for (int i = 0; p.metricSums != null && i < metricSums.length; i++) {
                metricSums[i] += p.metricSums[i];
            }
        }

        Map<String, Double> logs() {
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", count == 0 ? 0 : lossSum / count);
            for (int i = 0; i < names.size(); i++) {
                logs.put(names.get(i), count == 0 ? 0 : metricSums[i] / count);
            }
            return logs;
        }
    }
}
