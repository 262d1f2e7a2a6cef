package dev.recurrent.spark;

import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.GRU;
import dev.recurrent.loss.BinaryCrossentropy;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.History;
import dev.recurrent.model.Sequential;
import dev.recurrent.optim.Adam;
import dev.recurrent.optim.Optimizer;
import dev.recurrent.optim.SGD;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Data-parallel training against {@code fit} on one machine with the same global batch. */
class SparkTrainerTest {

    static Sequential model(Supplier<Optimizer> optimizer) {
        return new Sequential().input(SparkPredictorTest.STEPS).seed(11)
                .add(new Embedding(SparkPredictorTest.WORDS, 8, false))
                .add(GRU.of(8))
                .add(Dense.of(1, "sigmoid"))
                .compile(optimizer.get(), new BinaryCrossentropy(), "accuracy");
    }

    static Adam adam() {
        return Adam.builder().learningRate(0.01).clipnorm(1.0).build();
    }

    static double maxDifference(Sequential a, Sequential b) {
        double max = 0;
        List<float[]> wa = a.getWeights(), wb = b.getWeights();
        for (int i = 0; i < wa.size(); i++) {
            for (int j = 0; j < wa.get(i).length; j++) {
                max = Math.max(max, Math.abs(wa.get(i)[j] - wb.get(i)[j]));
            }
        }
        return max;
    }

    static double maxChange(Sequential trained, Sequential initial) {
        return maxDifference(trained, initial.build());
    }

    @Test
    void threePartitionsEqualFitWithTheSameGlobalBatch() {
        SparkSession spark = LocalSpark.get();
        TrainingData d = new TrainingData(150, 5);
        Sequential local = model(SparkTrainerTest::adam), spread = model(SparkTrainerTest::adam);
        History expected = local.fit(d.x(), d.y(), FitOptions.defaults().epochs(2).batchSize(20).validationSplit(0.2));
        SparkData data = SparkData.of(d.frame(spark, 3), "tokens", "label", spread, true);
        History got = SparkTrainer.of(spark, spread).epochs(2).batchSize(20).validationSplit(0.2).fit(data);
        data.unpersist();

        assertTrue(maxChange(local, model(SparkTrainerTest::adam)) > 1e-2, "training moved the weights");
        assertEquals(0, maxDifference(local, spread), 1e-6);
        assertEquals(expected.keys(), got.keys());
        for (String key : expected.keys()) {
            for (int e = 0; e < 2; e++) {
                assertEquals(expected.get(key).get(e), got.get(key).get(e), 1e-5, key + " epoch " + e);
            }
        }
        assertEquals(local.optimizer().iterations(), spread.optimizer().iterations());
    }

    @Test
    void averagingEveryStepWithPlainSgdIsTheSynchronousStep() {
        SparkSession spark = LocalSpark.get();
        TrainingData d = new TrainingData(64, 6);
        Supplier<Optimizer> sgd = () -> SGD.builder().learningRate(0.5).build();
        Sequential sync = model(sgd), averaged = model(sgd);
        SparkData data = SparkData.of(d.frame(spark, 2), "tokens", "label", sync, true);
        SparkTrainer.of(spark, sync).batchSize(16).fit(data);
        SparkTrainer.of(spark, averaged).batchSize(16).averagingFrequency(1).fit(data);
        data.unpersist();
        assertTrue(maxChange(sync, model(sgd)) > 1e-3, "training moved the weights");
        assertEquals(0, maxDifference(sync, averaged), 1e-6);
    }

    @Test
    void averagingEveryFewStepsLearnsButIsNotTheSynchronousRun() {
        SparkSession spark = LocalSpark.get();
        TrainingData d = new TrainingData(128, 7);
        Sequential sync = model(SparkTrainerTest::adam), averaged = model(SparkTrainerTest::adam);
        SparkData data = SparkData.of(d.frame(spark, 2), "tokens", "label", sync, true);
        History hs = SparkTrainer.of(spark, sync).epochs(3).batchSize(16).fit(data);
        History ha = SparkTrainer.of(spark, averaged).epochs(3).batchSize(16).averagingFrequency(4).fit(data);
        data.unpersist();
        assertTrue(ha.get("loss").get(2) < ha.get("loss").get(0), "averaged training lowers the loss: " + ha);
        assertTrue(maxDifference(sync, averaged) > 1e-4, "local steps on half batches differ from the global step");
        assertEquals(sync.optimizer().iterations(), averaged.optimizer().iterations());
        assertTrue(hs.get("loss").get(2) < hs.get("loss").get(0));
    }

    @Test
    void fivePartitionsSummedInAFixedTreeGiveTheSameRunTwiceAndFitsResult() {
        SparkSession spark = LocalSpark.get();
        TrainingData d = new TrainingData(100, 12);
        Sequential local = model(SparkTrainerTest::adam), first = model(SparkTrainerTest::adam),
                second = model(SparkTrainerTest::adam);
        local.fit(d.x(), d.y(), FitOptions.defaults().batchSize(25));
        SparkData data = SparkData.of(d.frame(spark, 5), "tokens", "label", first, true);
        SparkTrainer.of(spark, first).batchSize(25).fanIn(2).fit(data);
        SparkTrainer.of(spark, second).batchSize(25).fanIn(2).fit(data);
        data.unpersist();
        assertEquals(0, maxDifference(local, first), 1e-6);
        assertEquals(0.0, maxDifference(first, second), "the same run, bit for bit");
    }
}
