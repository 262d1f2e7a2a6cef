package dev.recurrent.spark;

import dev.recurrent.io.ModelFiles;
import dev.recurrent.model.Callback;
import dev.recurrent.model.Sequential;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Saves the driver's model at the end of every epoch to a path any of Hadoop's file systems reach
 * ({@code hdfs://}, {@code s3a://}, {@code file://}, ...), with the optimizer state and the epochs
 * completed, so that {@link #load} and {@link SparkTrainer#initialEpoch} resume the run exactly.
 * {@code {epoch}} in the path is replaced by the 1-based epoch, as in Keras' {@code ModelCheckpoint}.
 * The file is written under a temporary name and then renamed.
 */
public final class HadoopCheckpoint implements Callback {
    private final String pattern;
    private final Configuration conf;
    private Sequential model;

    public HadoopCheckpoint(SparkSession spark, String pathPattern) {
        if (pathPattern == null || pathPattern.isBlank()) {
            throw new IllegalArgumentException("checkpoint path: expected a path, got an empty one");
        }
        this.pattern = pathPattern;
        this.conf = spark.sparkContext().hadoopConfiguration();
    }

    @Override
    public void onTrainBegin(Sequential model) {
        this.model = model;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Path target = new Path(pattern.replace("{epoch}", Integer.toString(epoch + 1)));
        java.nio.file.Path local = null;
        try {
            local = java.nio.file.Files.createTempFile("recurrent-checkpoint", ".zip");
            ModelFiles.save(model, local, true, epoch + 1);
            FileSystem fs = target.getFileSystem(conf);
            Path partial = new Path(target.getParent(), "." + target.getName() + ".partial");
            try (OutputStream out = fs.create(partial, true)) {
                java.nio.file.Files.copy(local, out);
            }
            if (fs.exists(target)) {
                fs.delete(target, false);
            }
            if (!fs.rename(partial, target)) {
                throw new IOException("could not rename " + partial + " to " + target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint " + target + ": " + e.getMessage(), e);
        } finally {
            if (local != null) {
                local.toFile().delete();
            }
        }
    }

    /** The model and epochs completed saved at {@code path}, read through Hadoop's file systems. */
    public static ModelFiles.Checkpoint load(SparkSession spark, String path) throws IOException {
        Path source = new Path(path);
        FileSystem fs = source.getFileSystem(spark.sparkContext().hadoopConfiguration());
        try (InputStream in = fs.open(source)) {
            return ModelBytes.load(in.readAllBytes());
        }
    }
}
