package dev.recurrent.spark;

import dev.recurrent.data.Padding;
import dev.recurrent.data.Sequences;
import dev.recurrent.data.Truncating;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.LSTM;
import dev.recurrent.loss.BinaryCrossentropy;
import dev.recurrent.model.Sequential;
import dev.recurrent.optim.Adam;
import dev.recurrent.tensor.Tensor;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Scoring the IMDB test reviews on Spark equals {@code predict}. The first
 * {@code -Drecurrent.spark.imdbReviews} reviews (the build sets a few thousand, to keep the test
 * short; 25000 for all of them).
 */
class SparkImdbScoringTest {
    static final int WORDS = 10_000, MAXLEN = 200;

    @Test
    void scoringTheImdbTestReviewsEqualsPredict(@TempDir Path scratch) throws Exception {
        int[][] reviews = ImdbTestSet.reviews(WORDS, scratch);
        int n = Math.min(reviews.length, Integer.getInteger("recurrent.spark.imdbReviews", 25_000));
        Tensor x = Sequences.padSequences(Arrays.copyOf(reviews, n), MAXLEN, Padding.PRE, Truncating.PRE, 0);
        Sequential model = new Sequential().input(MAXLEN).seed(42)
                .add(new Embedding(WORDS, 32, false))
                .add(LSTM.of(32))
                .add(Dense.of(1, "sigmoid"))
                .compile(Adam.builder().build(), new BinaryCrossentropy(), "accuracy");
        Tensor expected = model.predict(x, 128);

        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] tokens = new int[MAXLEN];
            for (int t = 0; t < MAXLEN; t++) {
                tokens[t] = (int) x.data()[i * MAXLEN + t];
            }
            rows.add(RowFactory.create((long) i, tokens));
        }
        SparkSession spark = LocalSpark.get();
        StructType schema = new StructType().add("review", DataTypes.LongType)
                .add("tokens", DataTypes.createArrayType(DataTypes.IntegerType));
        Dataset<Row> frame = spark.createDataFrame(
                JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 4), schema);
        try (SparkPredictor p = SparkPredictor.of(spark, model).batchSize(128)) {
            List<Row> scored = p.predict(frame, "tokens", "positive").collectAsList();
            assertEquals(n, scored.size());
            int differing = 0;
            for (Row r : scored) {
                int i = (int) r.getLong(0);
                float got = r.<Float>getList(2).get(0);
                if (got != expected.data()[i]) {
                    differing++;
                }
            }
            assertEquals(0, differing, "reviews whose Spark score differs from predict's, of " + n);
        }
    }
}
