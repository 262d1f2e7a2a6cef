package dev.recurrent.spark;

import dev.recurrent.io.ModelFiles;
import dev.recurrent.model.History;
import dev.recurrent.model.Sequential;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
}
