package dev.recurrent.spark;

import dev.recurrent.tensor.Tensor;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/** Token sequences with a label (1 when token 7 occurs), as a Spark frame and as tensors for {@code fit}. */
final class TrainingData {
    static final StructType SCHEMA = new StructType()
            .add("tokens", DataTypes.createArrayType(DataTypes.IntegerType))
            .add("label", DataTypes.FloatType);

    final int[][] seqs;
    final float[] labels;

    TrainingData(int n, long seed) {
        seqs = SparkPredictorTest.sequences(n, seed);
        labels = new float[n];
        for (int i = 0; i < n; i++) {
            for (int t : seqs[i]) {
                if (t == 7) {
                    labels[i] = 1f;
                }
            }
        }
    }

    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < seqs.length; i++) {
            rows.add(RowFactory.create(seqs[i].clone(), labels[i]));
        }
        return rows;
    }

    /** The rows in order, cut into {@code partitions} consecutive slices. */
    JavaRDD<Row> rdd(SparkSession spark, int partitions) {
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows(), partitions);
    }

    Dataset<Row> frame(SparkSession spark, int partitions) {
        return spark.createDataFrame(rdd(spark, partitions), SCHEMA);
    }

    Tensor x() {
        return SparkPredictorTest.tensor(seqs);
    }

    Tensor y() {
        return Tensor.of(labels.clone(), labels.length, 1);
    }
}
