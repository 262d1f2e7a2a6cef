package dev.recurrent.spark;

import dev.recurrent.kernels.Parallel;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.LSTM;
import dev.recurrent.loss.BinaryCrossentropy;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.Sequential;
import dev.recurrent.optim.Adam;
import dev.recurrent.tensor.Tensor;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Training steps per second of the IMDB model (Embedding 10000×32, LSTM 32, sigmoid; 200 tokens,
 * batch 32): plain {@code fit}, then Spark in local[1] and local[2], in one JVM, and the bytes the
 * tasks sent back per step as Spark counts them. Not a test: run with
 * {@code java -cp ... dev.recurrent.spark.SparkThroughput [steps]} (see docs/spark.md).
 */
public final class SparkThroughput {
    static final int WORDS = 10_000, MAXLEN = 200, BATCH = 32;

    private SparkThroughput() {
    }

    static Sequential model() {
        return new Sequential().input(MAXLEN).seed(1)
                .add(new Embedding(WORDS, 32, false))
                .add(LSTM.of(32))
                .add(Dense.of(1, "sigmoid"))
                .compile(Adam.builder().build(), new BinaryCrossentropy(), "accuracy");
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int n = steps * BATCH;
        Random r = new Random(3);
        float[] x = new float[n * MAXLEN], y = new float[n];
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] tokens = new int[MAXLEN];
            for (int t = 0; t < MAXLEN; t++) {
                tokens[t] = 1 + r.nextInt(WORDS - 1);
                x[i * MAXLEN + t] = tokens[t];
            }
            y[i] = r.nextInt(2);
            rows.add(RowFactory.create(tokens, y[i]));
        }
        System.out.printf("cores %d, Recurrent threads %d, %d parameters%n",
                Runtime.getRuntime().availableProcessors(), Parallel.threads(), model().parameterCount());
        Tensor tx = Tensor.of(x, n, MAXLEN), ty = Tensor.of(y, n, 1);
        Sequential plain = model();
        plain.fit(tx, ty, FitOptions.defaults().batchSize(BATCH));
        long t0 = System.nanoTime();
        plain.fit(tx, ty, FitOptions.defaults().batchSize(BATCH));
        System.out.printf("plain fit: %.2f steps/s%n", steps / ((System.nanoTime() - t0) / 1e9));

        StructType schema = new StructType()
                .add("tokens", DataTypes.createArrayType(DataTypes.IntegerType))
                .add("label", DataTypes.FloatType);
        for (int cores = 1; cores <= 2; cores++) {
            SparkSession spark = SparkSession.builder().appName("throughput").master("local[" + cores + "]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
            AtomicLong resultBytes = new AtomicLong(), tasks = new AtomicLong();
            spark.sparkContext().addSparkListener(new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd end) {
                    resultBytes.addAndGet(end.taskMetrics().resultSize());
                    tasks.incrementAndGet();
                }
            });
            Sequential m = model();
            SparkData data = SparkData.of(spark.createDataFrame(
                    JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, cores), schema),
                    "tokens", "label", m, true);
            SparkTrainer trainer = SparkTrainer.of(spark, m).batchSize(BATCH);
            trainer.fit(data);
            resultBytes.set(0);
            tasks.set(0);
            t0 = System.nanoTime();
            trainer.fit(data);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("spark local[%d], %d partitions: %.2f steps/s; task results %.2f MB per step"
                            + " (%d tasks), weights broadcast %.2f MB per step and executor; estimate %.2f MB%n",
                    cores, cores, steps / seconds, resultBytes.get() / 1e6 / steps, tasks.get(),
                    4e-6 * m.parameterCount(), trainer.lastStepBytes() / 1e6);
            data.unpersist();
            spark.stop();
        }
    }
}
