package dev.recurrent.spark;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Spark's {@code treeAggregate} with its shape and order fixed, so that a sum of doubles comes out
 * the same, bit for bit, however the tasks are scheduled: each partition's part; then, with more
 * than {@code fanIn} partitions, groups of {@code fanIn} consecutive partitions each summed in
 * partition order on an executor; then those sums added in order on the driver. (Spark's own
 * {@code treeAggregate} merges parts in the order their tasks finish.)
 */
final class OrderedSum {
    private OrderedSum() {
    }

    /** The parts that {@code step} makes of each partition, summed in partition order; {@code fanIn >= 2}. */
    static GradientPart of(JavaRDD<Shard> shards, Function2<GradientPart, Shard, GradientPart> step, int fanIn) {
        int n = shards.getNumPartitions();
        JavaPairRDD<Integer, GradientPart> parts = shards.mapPartitionsWithIndex((index, it) -> {
            GradientPart p = new GradientPart();
            while (it.hasNext()) {
                p = step.call(p, it.next());
            }
            return List.of(new Tuple2<>(index, p)).iterator();
        }, true).mapToPair(t -> t);
        List<Tuple2<Integer, GradientPart>> sums;
        if (n <= fanIn) {
            sums = parts.collect();
        } else {
            int groups = (n + fanIn - 1) / fanIn;
            sums = parts.mapToPair(t -> new Tuple2<>(t._1() / fanIn, t))
                    .groupByKey(groups)
                    .mapValues(OrderedSum::inOrder)
                    .collect();
        }
        return inOrder(sums);
    }

    private static GradientPart inOrder(Iterable<Tuple2<Integer, GradientPart>> parts) {
        List<Tuple2<Integer, GradientPart>> sorted = new ArrayList<>();
        parts.forEach(sorted::add);
        sorted.sort(Comparator.comparing(Tuple2::_1));
        GradientPart sum = new GradientPart();
        for (Tuple2<Integer, GradientPart> p : sorted) {
            sum.add(p._2());
        }
        return sum;
    }
}
