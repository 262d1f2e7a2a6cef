package dev.recurrent.spark.examples;

import dev.recurrent.data.Imdb;
import dev.recurrent.data.Padding;
import dev.recurrent.data.Sequences;
import dev.recurrent.data.Truncating;
import dev.recurrent.io.ModelFiles;
import dev.recurrent.spark.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job jar that {@code mvn package} builds, run by Spark's own launcher and {@code SparkSubmit}
 * in child JVMs on nothing but Spark's jars ({@code ./spark-submit}), as on a cluster:
 * {@code ImdbJob prepare}, {@code train} and {@code score} on a small IMDB set in Keras' encoding.
 * Runs in {@code mvn verify}, after the package phase.
 */
class SparkSubmitIT {
    private static final int TRAIN = 48, TEST = 16;

    @Test
    void theJobJarPreparesTrainsAndScoresUnderSparkSubmit(@TempDir Path dir) throws Exception {
        Path imdb = writeImdb(Files.createDirectories(dir.resolve("imdb")), new Random(26));
        String data = dir.resolve("data").toString(), model = dir.resolve("model").toString();
        String scores = dir.resolve("scores").toString();

        submit(dir, "prepare", imdb.toString(), data);
        String trained = submit(dir, "train", data + "/train.parquet", model, "1");
        assertTrue(trained.contains("loss"), "train prints the history:\n" + trained);
        assertTrue(Files.isRegularFile(Path.of(model, "epoch-1.zip")), "the checkpoint of epoch 1");
        String scored = submit(dir, "score", data + "/test.parquet", model + "/model.zip", scores);
        assertTrue(scored.contains("on " + TEST + " reviews"), "score prints the accuracy:\n" + scored);

        ScoredReviews rows = ScoredReviews.read(LocalSpark.get(), scores);
        assertEquals(preparedTestRows(imdb), rowKeys(rows), "prepare: the test reviews, padded to 200 tokens");
        float[] predicted = rows.predict(ModelFiles.load(Path.of(model, "model.zip")));
        assertEquals(TEST, rows.equalScores(predicted), "Spark's scores equal to predict's, of " + TEST
                + ": spark " + Arrays.toString(rows.spark) + ", predict " + Arrays.toString(predicted));
    }

    @Test
    void everyClassAndMemberTheJobJarUsesIsInSparksJarsOrTheJdk() throws Exception {
        Path jar = Path.of(System.getProperty("recurrent.spark.jobJar"));
        List<URL> sparkJars = new ArrayList<>();
        for (String entry : Files.readString(Path.of(System.getProperty("recurrent.spark.classpath"))).trim()
                .split(File.pathSeparator)) {
            sparkJars.add(Path.of(entry).toUri().toURL());
        }
        try (URLClassLoader spark = new URLClassLoader(sparkJars.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            assertEquals(List.of(), MissingMembers.in(jar, spark));
        }
        List<String> withoutSpark = MissingMembers.in(jar, ClassLoader.getPlatformClassLoader());
        assertTrue(withoutSpark.contains("com/fasterxml/jackson/databind/ObjectMapper <init> ()V (no class)"),
                "the JDK alone lacks Jackson: " + withoutSpark);
    }

    /** Runs ./spark-submit with {@code ImdbJob} and its arguments; returns its output, failing when it fails. */
    private static String submit(Path dir, String... jobArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", System.getProperty("recurrent.spark.submit"),
                "--master", "local[2]", "--driver-memory", "512m",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.driver.extraJavaOptions=" + System.getProperty("recurrent.spark.vectorFlag", ""),
                "--class", ImdbJob.class.getName(), System.getProperty("recurrent.spark.jobJar")));
        command.addAll(List.of(jobArgs));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(jobArgs[0] + ".log").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("RECURRENT_SPARK_HOME", dir.resolve("spark-home").toString());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        long start = System.nanoTime();
        Process p = pb.start();
        boolean ended = p.waitFor(240, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        String output = Files.readString(dir.resolve(jobArgs[0] + ".log"), StandardCharsets.UTF_8);
        System.out.printf("spark-submit ... %s: %.1f s%n", jobArgs[0], (System.nanoTime() - start) / 1e9);
        assertTrue(ended && p.exitValue() == 0, "spark-submit ... " + String.join(" ", jobArgs)
                + (ended ? " exited with " + p.exitValue() : " ran past 240 s") + ":\n" + output);
        return output;
    }

    /**
     * Random reviews in the files {@link Imdb#load} reads: an int32 count, then each review as its
     * int32 length, the start marker 1 and word ids from 4 (some past the job's 10000 words, some
     * reviews past its 200 tokens); one int8 label per review.
     */
    private static Path writeImdb(Path dir, Random r) throws IOException {
        for (String set : List.of("train", "test")) {
            int n = set.equals("train") ? TRAIN : TEST;
            List<int[]> reviews = new ArrayList<>();
            int ints = 1;
            for (int i = 0; i < n; i++) {
                int[] review = new int[2 + r.nextInt(260)];
                review[0] = 1;
                for (int t = 1; t < review.length; t++) {
                    review[t] = 4 + r.nextInt(11_000);
                }
                reviews.add(review);
                ints += 1 + review.length;
            }
            ByteBuffer b = ByteBuffer.allocate(4 * ints).order(ByteOrder.LITTLE_ENDIAN).putInt(n);
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                b.putInt(reviews.get(i).length);
                for (int w : reviews.get(i)) {
                    b.putInt(w);
                }
                labels[i] = (byte) (i % 2);
            }
            Files.write(dir.resolve(set + "_sequences.bin"), b.array());
            Files.write(dir.resolve(set + "_labels.bin"), labels);
        }
        return dir;
    }

    /** The test reviews as {@code prepare} should store them, one sorted key per row. */
    private static List<String> preparedTestRows(Path imdb) throws IOException {
        Imdb data = Imdb.load(imdb, ImdbJob.WORDS, 0, 0);
        float[] x = Sequences.padSequences(data.xTest(), ImdbJob.MAXLEN, Padding.PRE, Truncating.PRE, 0).data();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < data.xTest().length; i++) {
            keys.add(data.yTest()[i] + " " + Arrays.toString(Arrays.copyOfRange(x, i * ImdbJob.MAXLEN,
                    (i + 1) * ImdbJob.MAXLEN)));
        }
        Collections.sort(keys);
        return keys;
    }

    private static List<String> rowKeys(ScoredReviews rows) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < rows.rows; i++) {
            keys.add((int) rows.labels[i] + " " + Arrays.toString(Arrays.copyOfRange(rows.tokens,
                    i * ImdbJob.MAXLEN, (i + 1) * ImdbJob.MAXLEN)));
        }
        Collections.sort(keys);
        return keys;
    }
}
