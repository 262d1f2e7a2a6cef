package dev.recurrent.spark;

import org.apache.spark.sql.SparkSession;

/** A Spark session on this machine for the tests: two cores, no UI, bound to 127.0.0.1. */
public final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {
    }

    /** The shared session, started on first use; {@code local[2,2]}: two cores, a failed task tried once more. */
    public static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSession.builder()
                    .appName("recurrent-spark-tests")
                    .master("local[2,2]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }
}
