package dev.recurrent.spark;

import dev.recurrent.io.ModelFiles;
import dev.recurrent.model.Callback;
import dev.recurrent.model.History;
import dev.recurrent.model.Sequential;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.Column;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A task that fails and is retried; data read by Spark from Parquet; checkpoints and resume through Hadoop. */
class SparkFaultsAndFilesTest {
    /** Computations of partition 1 of the flaky data, and the failures thrown (this JVM runs the tasks). */
    static final AtomicInteger READS = new AtomicInteger(), FAILURES = new AtomicInteger();

    static void assertSameWeights(Sequential a, Sequential b) {
        List<float[]> wa = a.getWeights(), wb = b.getWeights();
        for (int i = 0; i < wa.size(); i++) {
            assertArrayEquals(wa.get(i), wb.get(i), "weight " + i);
        }
    }

    static Sequential trainedOn(SparkSession spark, Dataset<Row> frame, boolean cache, int epochs) {
        Sequential m = SparkTrainerTest.model(SparkTrainerTest::adam);
        SparkData data = SparkData.of(frame, "tokens", "label", m, cache);
        SparkTrainer.of(spark, m).epochs(epochs).batchSize(16).fit(data);
        data.unpersist();
        return m;
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndTheRunIsUnchanged() {
        SparkSession spark = LocalSpark.get();
        TrainingData d = new TrainingData(96, 8);
        Sequential uninterrupted = trainedOn(spark, d.frame(spark, 2), true, 2);

        READS.set(0);
        FAILURES.set(0);
        JavaRDD<Row> flaky = d.rdd(spark, 2).mapPartitions(rows -> {
            TaskContext task = TaskContext.get();
            // partition 1 is read again by every step (the data is not cached); its 5th read fails once
            if (task.partitionId() == 1 && READS.incrementAndGet() == 5 && task.attemptNumber() == 0) {
                FAILURES.incrementAndGet();
                throw new IllegalStateException("an executor lost in the middle of a step");
            }
            return rows;
        });
        Sequential retried = trainedOn(spark, spark.createDataFrame(flaky, TrainingData.SCHEMA), false, 2);

        assertEquals(1, FAILURES.get(), "one task failed");
        assertTrue(READS.get() > 5, "steps went on after the failure");
        assertSameWeights(uninterrupted, retried);
    }

    @Test
    void trainsOnDataReadFromParquetAsOnTheSameRowsInMemory(@TempDir Path dir) {
        SparkSession spark = LocalSpark.get();
        TrainingData d = new TrainingData(80, 9);
        String parquet = dir.resolve("train.parquet").toUri().toString();
        d.frame(spark, 2).write().parquet(parquet);
        Dataset<Row> read = spark.read().parquet(parquet).orderBy("tokens").coalesce(2);
        Dataset<Row> same = spark.createDataFrame(read.collectAsList(), read.schema()).repartition(1);
        assertSameWeights(trainedOn(spark, same, true, 1), trainedOn(spark, read, true, 1));
    }

    @Test
    void resumesFromAHadoopCheckpointExactly(@TempDir Path dir) throws Exception {
        SparkSession spark = LocalSpark.get();
        TrainingData d = new TrainingData(64, 10);
        Dataset<Row> frame = d.frame(spark, 2);
        Sequential straight = trainedOn(spark, frame, true, 3);

        String pattern = dir.toUri() + "ckpt/epoch-{epoch}.zip";
        Sequential first = SparkTrainerTest.model(SparkTrainerTest::adam);
        SparkData data = SparkData.of(frame, "tokens", "label", first, true);
        SparkTrainer.of(spark, first).epochs(1).batchSize(16).callbacks(new HadoopCheckpoint(spark, pattern)).fit(data);
        assertTrue(Files.exists(dir.resolve("ckpt/epoch-1.zip")));

        ModelFiles.Checkpoint c = HadoopCheckpoint.load(spark, pattern.replace("{epoch}", "1"));
        assertEquals(1, c.epochsCompleted());
        History rest = SparkTrainer.of(spark, c.model()).epochs(3).initialEpoch(c.epochsCompleted()).batchSize(16)
                .fit(data);
        data.unpersist();
        assertEquals(List.of(1, 2), rest.epochs());
        assertSameWeights(straight, c.model());
    }

    @Test
    void trainsOnColumnsReadFromCsvAsOnTheSameRowsInMemory(@TempDir Path dir) throws Exception {
        SparkSession spark = LocalSpark.get();
        TrainingData d = new TrainingData(60, 13);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < d.seqs.length; i++) {
            StringBuilder line = new StringBuilder();
            for (int t : d.seqs[i]) {
                line.append(t).append(',');
            }
            lines.add(line.append(d.labels[i]).toString());
        }
        Path csv = dir.resolve("train.csv");
        Files.write(csv, lines);
        Dataset<Row> read = spark.read().option("inferSchema", "true").csv(csv.toUri().toString());
        Column[] steps = new Column[SparkPredictorTest.STEPS];
        for (int t = 0; t < steps.length; t++) {
            steps[t] = functions.col("_c" + t);
        }
        Dataset<Row> frame = read.select(functions.array(steps).as("tokens"),
                functions.col("_c" + steps.length).as("label"));
        assertSameWeights(trainedOn(spark, d.frame(spark, 1), true, 1), trainedOn(spark, frame, true, 1));
    }

    @Test
    void callbacksRunOnTheDriverAndCanStopTheRun() {
        SparkSession spark = LocalSpark.get();
        TrainingData d = new TrainingData(48, 14);
        Sequential m = SparkTrainerTest.model(SparkTrainerTest::adam);
        SparkData data = SparkData.of(d.frame(spark, 2), "tokens", "label", m, true);
        List<String> seen = new ArrayList<>();
        Callback stopAfterTwo = new Callback() {
            private Sequential model;

            @Override
            public void onTrainBegin(Sequential model) {
                this.model = model;
            }

            @Override
            public void onBatchEnd(int batch, int batches, Map<String, Double> logs) {
                seen.add("batch " + batch + "/" + batches);
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                seen.add("epoch " + epoch + " " + logs.keySet());
                if (epoch == 1) {
                    model.stopTraining();
                }
            }
        };
        History h = SparkTrainer.of(spark, m).epochs(5).batchSize(16).validationSplit(0.25).callbacks(stopAfterTwo)
                .fit(data);
        data.unpersist();
        assertEquals(List.of(0, 1), h.epochs());
        assertEquals(List.of("batch 0/3", "batch 1/3", "batch 2/3", "epoch 0 [loss, accuracy, val_loss, val_accuracy]",
                "batch 0/3", "batch 1/3", "batch 2/3", "epoch 1 [loss, accuracy, val_loss, val_accuracy]"), seen);
    }
}
