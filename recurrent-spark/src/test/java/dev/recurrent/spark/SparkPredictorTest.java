package dev.recurrent.spark;

import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.LSTM;
import dev.recurrent.loss.BinaryCrossentropy;
import dev.recurrent.model.Sequential;
import dev.recurrent.optim.Adam;
import dev.recurrent.tensor.Tensor;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SparkPredictorTest {
    static final int STEPS = 12, WORDS = 50;

    static Sequential sentimentModel() {
        return new Sequential().input(STEPS).seed(3)
                .add(new Embedding(WORDS, 8, false))
                .add(LSTM.of(6))
                .add(Dense.of(1, "sigmoid"))
                .compile(Adam.builder().build(), new BinaryCrossentropy(), "accuracy");
    }

    static int[][] sequences(int n, long seed) {
        Random r = new Random(seed);
        int[][] s = new int[n][STEPS];
        for (int[] row : s) {
            for (int t = 0; t < STEPS; t++) {
                row[t] = r.nextInt(WORDS);
            }
        }
        return s;
    }

    static Dataset<Row> frame(SparkSession spark, int[][] seqs, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < seqs.length; i++) {
            List<Integer> tokens = new ArrayList<>();
            for (int v : seqs[i]) {
                tokens.add(v);
            }
            rows.add(RowFactory.create((long) i, tokens));
        }
        StructType schema = new StructType()
                .add("id", DataTypes.LongType)
                .add("tokens", DataTypes.createArrayType(DataTypes.IntegerType));
        return spark.createDataFrame(rows, schema).repartition(partitions);
    }

    static Tensor tensor(int[][] seqs) {
        float[] x = new float[seqs.length * STEPS];
        for (int i = 0; i < seqs.length; i++) {
            for (int t = 0; t < STEPS; t++) {
                x[i * STEPS + t] = seqs[i][t];
            }
        }
        return Tensor.of(x, seqs.length, STEPS);
    }

    @Test
    void scoresEveryRowOfADatasetAsPredictDoes() {
        SparkSession spark = LocalSpark.get();
        int[][] seqs = sequences(300, 1);
        Sequential model = sentimentModel().build();
        Tensor expected = model.predict(tensor(seqs), 64);
        try (SparkPredictor p = SparkPredictor.of(spark, model).batchSize(37)) {
            List<Row> scored = p.predict(frame(spark, seqs, 3), "tokens", "prediction").collectAsList();
            assertEquals(300, scored.size());
            for (Row r : scored) {
                int id = (int) r.getLong(0);
                List<Float> y = r.getList(2);
                assertEquals(1, y.size());
                assertEquals(expected.data()[id], y.get(0), 0f, "row " + id);
            }
        }
    }

    @Test
    void scoresAnRddOfArraysInOrder() {
        SparkSession spark = LocalSpark.get();
        int[][] seqs = sequences(50, 2);
        Sequential model = sentimentModel().build();
        Tensor expected = model.predict(tensor(seqs), 16);
        List<float[]> in = new ArrayList<>();
        for (int i = 0; i < seqs.length; i++) {
            in.add(java.util.Arrays.copyOfRange(tensor(seqs).data(), i * STEPS, (i + 1) * STEPS));
        }
        JavaRDD<float[]> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(in, 2);
        try (SparkPredictor p = SparkPredictor.of(spark, model)) {
            List<float[]> out = p.predict(rdd).collect();
            float[] got = new float[out.size()];
            for (int i = 0; i < got.length; i++) {
                got[i] = out.get(i)[0];
            }
            assertArrayEquals(expected.data(), got);
        }
    }

    @Test
    void namesTheColumnAndTheLengthItExpected() {
        SparkSession spark = LocalSpark.get();
        try (SparkPredictor p = SparkPredictor.of(spark, sentimentModel())) {
            Dataset<Row> data = frame(spark, sequences(4, 3), 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> p.predict(data, "id", "prediction"));
            assertEquals("column 'id': expected an array of numbers, got bigint", e.getMessage());
            IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
                    () -> p.predict(data, "tokens", "id"));
            assertEquals("output column 'id': expected a new name, got one the data already has", taken.getMessage());
        }
    }
}
