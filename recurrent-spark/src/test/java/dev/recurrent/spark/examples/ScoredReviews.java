package dev.recurrent.spark.examples;

import dev.recurrent.io.ModelFiles;
import dev.recurrent.io.Npy;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The table {@code ImdbJob score} writes (tokens, label, positive), read back, to set Spark's scores
 * beside {@link Sequential#predict} of the same model on the same rows. As a program, with the
 * module's test classpath and {@code --add-opens} flags:
 * {@code ScoredReviews SCORES MODEL_FILE [NPY_DIR]} prints how many scores are equal and the
 * accuracy; with NPY_DIR it also writes the rows' tokens ({@code tokens.npy}, [n, 200]) and Spark's
 * scores ({@code spark-scores.npy}, [n, 1]) in the same order, for {@code recurrent predict --npy}.
 */
public final class ScoredReviews {
    final int rows;
    final float[] tokens, labels, spark;

    private ScoredReviews(int rows, float[] tokens, float[] labels, float[] spark) {
        this.rows = rows;
        this.tokens = tokens;
        this.labels = labels;
        this.spark = spark;
    }

    /** Every row of the scores table, in the order Spark reads them. */
    static ScoredReviews read(SparkSession session, String scores) {
        List<Row> all = session.read().parquet(scores).select("tokens", "label", "positive").collectAsList();
        int n = all.size();
        float[] tokens = new float[n * ImdbJob.MAXLEN], labels = new float[n], spark = new float[n];
        for (int i = 0; i < n; i++) {
            Row row = all.get(i);
            List<Integer> ids = row.getList(0);
            if (ids.size() != ImdbJob.MAXLEN) {
                throw new IllegalStateException(scores + ": row " + i + " has " + ids.size() + " tokens, expected "
                        + ImdbJob.MAXLEN);
            }
            for (int t = 0; t < ImdbJob.MAXLEN; t++) {
                tokens[i * ImdbJob.MAXLEN + t] = ids.get(t);
            }
            labels[i] = row.getFloat(1);
            spark[i] = row.getFloat(2);
        }
        return new ScoredReviews(n, tokens, labels, spark);
    }

    /** {@code model}'s probabilities for the rows, in the rows' order. */
    float[] predict(Sequential model) {
        return model.predict(Tensor.of(tokens, rows, ImdbJob.MAXLEN), 256).data();
    }

    /** How many of Spark's scores equal {@code expected}'s, exactly. */
    int equalScores(float[] expected) {
        int equal = 0;
        for (int i = 0; i < rows; i++) {
            if (Float.compare(spark[i], expected[i]) == 0) {
                equal++;
            }
        }
        return equal;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("error: expected `SCORES MODEL_FILE [NPY_DIR]`, got " + args.length + " arguments");
            System.exit(2);
        }
        SparkSession session = SparkSession.builder().appName("scored-reviews").master("local[2]")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            ScoredReviews scored = read(session, args[0]);
            float[] expected = scored.predict(ModelFiles.load(Path.of(args[1])));
            double maxDifference = 0;
            int correct = 0;
            for (int i = 0; i < scored.rows; i++) {
                maxDifference = Math.max(maxDifference, Math.abs(scored.spark[i] - expected[i]));
                correct += (expected[i] > 0.5f ? 1 : 0) == (int) scored.labels[i] ? 1 : 0;
            }
            System.out.printf("%d reviews: Spark's score equals Sequential.predict's for %d (largest difference %s);"
                    + " predict's accuracy %.4f%n", scored.rows, scored.equalScores(expected), maxDifference,
                    (double) correct / scored.rows);
            if (args.length == 3) {
                Path dir = Files.createDirectories(Path.of(args[2]));
                try (OutputStream out = Files.newOutputStream(dir.resolve("tokens.npy"))) {
                    Npy.write(out, scored.tokens, new int[] {scored.rows, ImdbJob.MAXLEN});
                }
                try (OutputStream out = Files.newOutputStream(dir.resolve("spark-scores.npy"))) {
                    Npy.write(out, scored.spark, new int[] {scored.rows, 1});
                }
            }
        } finally {
            session.stop();
        }
    }
}
