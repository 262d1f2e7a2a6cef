package dev.recurrent.spark;

import dev.recurrent.layers.Shape;
import dev.recurrent.model.Sequential;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Training data as Spark holds it: one {@link Shard} per partition, each sample numbered by its
 * position in the data set (partition by partition, row by row: the order {@code collect} gives),
 * which fixes the split, the shuffles and so the run whatever the partitioning.
 */
public final class SparkData {
    final JavaRDD<Shard> shards;
    final long samples;

    private SparkData(JavaRDD<Shard> shards, long samples) {
        this.shards = shards;
        this.samples = samples;
    }

    /**
     * The samples of {@code data}: inputs from {@code xColumn} (an array of numbers per row,
     * flattened to the model's input shape) and targets from {@code yColumn} (a number, or an array
     * of the model's target size), kept in memory by Spark ({@code MEMORY_AND_DISK}) unless
     * {@code cache} is false, in which case each step reads them again from their source.
     */
    public static SparkData of(Dataset<Row> data, String xColumn, String yColumn, Sequential model, boolean cache) {
        model.build();
        int xField = ArrayColumns.field(data.schema(), xColumn, false);
        int yField = ArrayColumns.field(data.schema(), yColumn, true);
        int[] xShape = model.inputShape().dims();
        Shape out = model.outputShape();
        int targetColumns = model.loss().targetColumns(out.last());
        int[] yShape = out.rank() >= 2 ? new int[] {out.dim(0), targetColumns} : new int[] {targetColumns};
        JavaRDD<Shard> shards = data.javaRDD().zipWithIndex()
                .mapPartitions((Iterator<Tuple2<Row, Long>> rows) -> {
                    List<Tuple2<Row, Long>> all = new ArrayList<>();
                    rows.forEachRemaining(all::add);
                    int xs = Shard.size(xShape), ys = Shard.size(yShape);
                    long[] index = new long[all.size()];
                    float[] x = new float[all.size() * xs], y = new float[all.size() * ys];
                    for (int i = 0; i < all.size(); i++) {
                        index[i] = all.get(i)._2();
                        ArrayColumns.copy(all.get(i)._1(), xField, xColumn, xs, x, i * xs);
                        ArrayColumns.copy(all.get(i)._1(), yField, yColumn, ys, y, i * ys);
                    }
                    return List.of(new Shard(index, x, y, xShape, yShape)).iterator();
                });
        if (cache) {
            shards = shards.persist(StorageLevel.MEMORY_AND_DISK());
        }
        long n = shards.map(Shard::size).fold(0, Integer::sum);
        return new SparkData(shards, n);
    }

    /** The number of samples. */
    public long samples() {
        return samples;
    }

    /** The number of partitions the samples are in. */
    public int partitions() {
        return shards.getNumPartitions();
    }

    /** Removes the cached samples from the executors. */
    public void unpersist() {
        shards.unpersist(false);
    }
}
