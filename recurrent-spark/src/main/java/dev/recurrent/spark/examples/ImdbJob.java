package dev.recurrent.spark.examples;

import dev.recurrent.data.Imdb;
import dev.recurrent.data.Padding;
import dev.recurrent.data.Sequences;
import dev.recurrent.data.Truncating;
import dev.recurrent.io.ModelFiles;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.LSTM;
import dev.recurrent.loss.BinaryCrossentropy;
import dev.recurrent.model.History;
import dev.recurrent.model.Sequential;
import dev.recurrent.optim.Adam;
import dev.recurrent.spark.HadoopCheckpoint;
import dev.recurrent.spark.SparkData;
import dev.recurrent.spark.SparkPredictor;
import dev.recurrent.spark.SparkTrainer;
import dev.recurrent.tensor.Tensor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains and scores the IMDB sentiment model (Embedding 10000×32, LSTM 32, sigmoid) on Spark:
 * <pre>
 * spark-submit --class dev.recurrent.spark.examples.ImdbJob recurrent-spark-all.jar prepare IMDB_DIR OUT
 * spark-submit --class dev.recurrent.spark.examples.ImdbJob recurrent-spark-all.jar train OUT/train.parquet MODEL_DIR [EPOCHS]
 * spark-submit --class dev.recurrent.spark.examples.ImdbJob recurrent-spark-all.jar score OUT/test.parquet MODEL_DIR/model.zip SCORES
 * </pre>
 * {@code prepare} turns the IMDB files ({@code recurrent data fetch imdb}) into Parquet tables of
 * (tokens: array of 200 ints, label: float); {@code train} trains on one, checkpointing every epoch
 * to MODEL_DIR (any Hadoop path), and saves MODEL_DIR/model.zip; {@code score} writes the test
 * reviews with their predicted probability and prints the accuracy.
 */
public final class ImdbJob {
    static final int WORDS = 10_000, MAXLEN = 200;

    private ImdbJob() {
    }

    public static void main(String[] args) throws Exception {
        if (!validArguments(args)) {
            System.err.println(usageError(args));
            System.exit(2);
        }
        SparkSession spark = SparkSession.builder().appName("recurrent-imdb-" + args[0]).getOrCreate();
        try {
            run(spark, args);
        } finally {
            spark.stop();
        }
    }

    static boolean validArguments(String[] args) {
        return args.length >= 3 && List.of("prepare", "train", "score").contains(args[0]);
    }

    static String usageError(String[] args) {
        return "error: expected `prepare IMDB_DIR OUT`, `train TRAIN_PARQUET MODEL_DIR [EPOCHS]` or"
                + " `score TEST_PARQUET MODEL_FILE [SCORES]`, got `" + String.join(" ", args) + "`";
    }

    /** Runs one command on {@code spark}; the arguments are checked by {@link #validArguments}. */
    static void run(SparkSession spark, String[] args) throws Exception {
        switch (args[0]) {
            case "prepare" -> prepare(spark, Paths.get(args[1]), args[2]);
            case "train" -> train(spark, args[1], args[2], args.length > 3 ? Integer.parseInt(args[3]) : 3);
            default -> score(spark, args[1], Paths.get(args[2]), args.length > 3 ? args[3] : args[2] + ".scores");
        }
    }

    static Sequential model() {
        return new Sequential().input(MAXLEN).seed(1)
                .add(new Embedding(WORDS, 32, false))
                .add(LSTM.of(32))
                .add(Dense.of(1, "sigmoid"))
                .compile(Adam.builder().learningRate(0.001).build(), new BinaryCrossentropy(), "accuracy");
    }

    static void prepare(SparkSession spark, Path imdbDir, String out) throws Exception {
        Imdb imdb = Imdb.load(imdbDir, WORDS, 0, 0);
        table(spark, imdb.xTrain(), imdb.yTrain()).write().mode("overwrite").parquet(out + "/train.parquet");
        table(spark, imdb.xTest(), imdb.yTest()).write().mode("overwrite").parquet(out + "/test.parquet");
    }

    static Dataset<Row> table(SparkSession spark, int[][] reviews, int[] labels) {
        Tensor x = Sequences.padSequences(reviews, MAXLEN, Padding.PRE, Truncating.PRE, 0);
        List<Row> rows = new ArrayList<>(reviews.length);
        for (int i = 0; i < reviews.length; i++) {
            int[] tokens = new int[MAXLEN];
            for (int t = 0; t < MAXLEN; t++) {
                tokens[t] = (int) x.data()[i * MAXLEN + t];
            }
            rows.add(RowFactory.create(tokens, (float) labels[i]));
        }
        StructType schema = new StructType()
                .add("tokens", DataTypes.createArrayType(DataTypes.IntegerType))
                .add("label", DataTypes.FloatType);
        return spark.createDataFrame(rows, schema);
    }

    static void train(SparkSession spark, String trainTable, String modelDir, int epochs) throws Exception {
        Sequential model = model();
        SparkData data = SparkData.of(spark.read().parquet(trainTable), "tokens", "label", model, true);
        History h = SparkTrainer.of(spark, model).epochs(epochs).batchSize(32).validationSplit(0.2)
                .callbacks(new HadoopCheckpoint(spark, modelDir + "/epoch-{epoch}.zip"))
                .fit(data);
        System.out.println(h);
        Path local = Files.createTempFile("imdb-model", ".zip");
        ModelFiles.save(model, local);
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(modelDir + "/model.zip");
        target.getFileSystem(spark.sparkContext().hadoopConfiguration())
                .copyFromLocalFile(true, true, new org.apache.hadoop.fs.Path(local.toUri()), target);
    }

    static void score(SparkSession spark, String testTable, Path modelFile, String scores) throws Exception {
        Sequential model = ModelFiles.load(modelFile);
        Dataset<Row> reviews = spark.read().parquet(testTable);
        try (SparkPredictor p = SparkPredictor.of(spark, model)) {
            Dataset<Row> scored = p.predict(reviews, "tokens", "prediction")
                    .withColumn("positive", functions.col("prediction").getItem(0));
            scored.drop("prediction").write().mode("overwrite").parquet(scores);
            double accuracy = spark.read().parquet(scores)
                    .select(functions.avg(functions.when(functions.col("positive").gt(0.5).cast("float")
                            .equalTo(functions.col("label")), 1.0).otherwise(0.0))).first().getDouble(0);
            System.out.printf("accuracy %.4f on %d reviews%n", accuracy, reviews.count());
        }
    }
}
