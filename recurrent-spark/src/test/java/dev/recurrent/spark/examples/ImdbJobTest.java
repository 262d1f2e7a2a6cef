package dev.recurrent.spark.examples;

import dev.recurrent.spark.LocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example job's train and score commands on a small table of IMDB-shaped rows. */
class ImdbJobTest {

    @Test
    void trainsCheckpointsAndScores(@TempDir Path dir) throws Exception {
        SparkSession spark = LocalSpark.get();
        Random r = new Random(4);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int[] tokens = new int[ImdbJob.MAXLEN];
            for (int t = 0; t < tokens.length; t++) {
                tokens[t] = r.nextInt(ImdbJob.WORDS);
            }
            rows.add(RowFactory.create(tokens, (float) (i % 2)));
        }
        StructType schema = new StructType()
                .add("tokens", DataTypes.createArrayType(DataTypes.IntegerType))
                .add("label", DataTypes.FloatType);
        String table = dir.resolve("train.parquet").toUri().toString();
        spark.createDataFrame(rows, schema).write().parquet(table);

        ImdbJob.run(spark, new String[] {"train", table, dir.resolve("model").toUri().toString(), "1"});
        assertTrue(Files.exists(dir.resolve("model/epoch-1.zip")));
        assertTrue(Files.exists(dir.resolve("model/model.zip")));

        String scores = dir.resolve("scores").toUri().toString();
        ImdbJob.run(spark, new String[] {"score", table, dir.resolve("model/model.zip").toString(), scores});
        Dataset<Row> scored = spark.read().parquet(scores);
        assertEquals(40, scored.count());
        for (Row row : scored.select("positive").collectAsList()) {
            float p = row.getFloat(0);
            assertTrue(p > 0 && p < 1, "a probability: " + p);
        }
    }

    @Test
    void refusesAnUnknownCommandWithOneLine() {
        String[] args = {"fit", "a", "b"};
        assertFalse(ImdbJob.validArguments(args));
        assertEquals("error: expected `prepare IMDB_DIR OUT`, `train TRAIN_PARQUET MODEL_DIR [EPOCHS]` or"
                + " `score TEST_PARQUET MODEL_FILE [SCORES]`, got `fit a b`", ImdbJob.usageError(args));
    }
}
