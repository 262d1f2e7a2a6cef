package dev.recurrent.spark;

import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Batch inference on Spark: scores every row of a {@code Dataset<Row>} (or every sequence of a
 * {@code JavaRDD}) with a saved model.
 *
 * <pre>{@code
 * try (SparkPredictor p = SparkPredictor.of(spark, ModelFiles.load(path))) {
 *     Dataset<Row> scored = p.predict(reviews, "tokens", "prediction");
 * }
 * }</pre>
 *
 * The model file's bytes are broadcast once; each task thread of an executor loads its own model
 * from them on first use and keeps it for the tasks it runs after (no model is shared between
 * threads). Rows are scored in batches of {@link #batchSize(int)} within a partition, with
 * {@link Sequential#predict}; the prediction column is an array of floats (the model's output
 * for one sample, flattened), appended after the input's columns, in the input's row order.
 */
public final class SparkPredictor implements AutoCloseable {
    private final Broadcast<byte[]> modelFile;
    private final int[] sampleShape;
    private int batchSize = 256;

    private SparkPredictor(Broadcast<byte[]> modelFile, int[] sampleShape) {
        this.modelFile = modelFile;
        this.sampleShape = sampleShape;
    }

    /** Broadcasts the model (without optimizer state) to score with it. */
    public static SparkPredictor of(SparkSession spark, Sequential model) {
        model.build();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return new SparkPredictor(sc.broadcast(ModelBytes.of(model, false)), model.inputShape().dims());
    }

    /** Rows scored at once in a partition (default 256). */
    public SparkPredictor batchSize(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("batch size: expected at least 1 row, got " + rows);
        }
        this.batchSize = rows;
        return this;
    }

    /**
     * The rows of {@code data} with a column {@code outputColumn} appended: the model's prediction
     * for the sequence in {@code inputColumn}, an array of numbers per row (flattened to the
     * model's input size, e.g. token ids for an Embedding, or steps × features).
     */
    public Dataset<Row> predict(Dataset<Row> data, String inputColumn, String outputColumn) {
        StructType schema = data.schema();
        int field = ArrayColumns.field(schema, inputColumn, false);
        if (Arrays.asList(schema.fieldNames()).contains(outputColumn)) {
            throw new IllegalArgumentException("output column '" + outputColumn + "': expected a new name, got one"
                    + " the data already has");
        }
        StructType out = schema.add(outputColumn, ArrayColumns.predictionType(), false);
        return data.mapPartitions(new ScoreRows(modelFile, sampleShape, batchSize, field, inputColumn),
                Encoders.row(out));
    }

    /** The model's prediction for each sequence (flattened to the model's input size), in order. */
    public JavaRDD<float[]> predict(JavaRDD<float[]> sequences) {
        return sequences.mapPartitions(new ScoreArrays(modelFile, sampleShape, batchSize));
    }

    /** Removes the broadcast model from the executors. */
    @Override
    public void close() {
        modelFile.destroy();
    }

    /** Scores batches of samples with this thread's model: [b, ...sampleShape] in, one output row per sample out. */
    private static float[][] score(Broadcast<byte[]> modelFile, int[] sampleShape, float[] x, int b) {
        Sequential model = ExecutorModels.forThread(modelFile);
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = b;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        Tensor y = model.predict(Tensor.of(x, shape), b);
        int size = y.sampleSize();
        float[][] rows = new float[b][];
        for (int i = 0; i < b; i++) {
            rows[i] = Arrays.copyOfRange(y.data(), i * size, (i + 1) * size);
        }
        return rows;
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    private static final class ScoreRows implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<byte[]> modelFile;
        private final int[] sampleShape;
        private final int batchSize, field;
        private final String column;

        ScoreRows(Broadcast<byte[]> modelFile, int[] sampleShape, int batchSize, int field, String column) {
            this.modelFile = modelFile;
            this.sampleShape = sampleShape;
            this.batchSize = batchSize;
            this.field = field;
            this.column = column;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            int length = size(sampleShape);
            return new Batched<>(rows, batchSize, batch -> {
                float[] x = new float[batch.size() * length];
                for (int i = 0; i < batch.size(); i++) {
                    ArrayColumns.copy(batch.get(i), field, column, length, x, i * length);
                }
                float[][] y = score(modelFile, sampleShape, x, batch.size());
                List<Row> out = new ArrayList<>(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    Row r = batch.get(i);
                    Object[] values = new Object[r.length() + 1];
                    for (int c = 0; c < r.length(); c++) {
                        values[c] = r.get(c);
                    }
                    values[r.length()] = boxed(y[i]);
                    out.add(RowFactory.create(values));
                }
                return out;
            });
        }

        private static Float[] boxed(float[] v) {
            Float[] b = new Float[v.length];
            for (int i = 0; i < v.length; i++) {
                b[i] = v[i];
            }
            return b;
        }
    }

    private static final class ScoreArrays implements FlatMapFunction<Iterator<float[]>, float[]> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<byte[]> modelFile;
        private final int[] sampleShape;
        private final int batchSize;

        ScoreArrays(Broadcast<byte[]> modelFile, int[] sampleShape, int batchSize) {
            this.modelFile = modelFile;
            this.sampleShape = sampleShape;
            this.batchSize = batchSize;
        }

        @Override
        public Iterator<float[]> call(Iterator<float[]> sequences) {
            int length = size(sampleShape);
            return new Batched<>(sequences, batchSize, batch -> {
                float[] x = new float[batch.size() * length];
                for (int i = 0; i < batch.size(); i++) {
                    if (batch.get(i).length != length) {
                        throw new IllegalArgumentException("sequence: expected " + length
                                + " numbers (the model's sample shape), got " + batch.get(i).length);
                    }
                    System.arraycopy(batch.get(i), 0, x, i * length, length);
                }
                return Arrays.asList(score(modelFile, sampleShape, x, batch.size()));
            });
        }
    }
}
