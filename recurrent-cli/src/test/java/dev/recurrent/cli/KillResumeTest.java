package dev.recurrent.cli;

import dev.recurrent.cli.run.TrainingCheckpoint;
import dev.recurrent.io.ModelFiles;
import dev.recurrent.model.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code recurrent train forecast --checkpoint-every 1} in its own JVM, killed with SIGKILL again
 * and again (at a random moment in the epochs after a save, or as soon as a checkpoint's temporary
 * file appears, that is while a checkpoint is written) and resumed with {@code --resume} each time: every checkpoint left
 * behind loads, and the final weights equal those of a run never interrupted, bit for bit.
 * {@code -Dkill.count=N} sets the kills (default 6; docs/reliability.md has a long run).
 */
class KillResumeTest {
    private static final int KILLS = Integer.getInteger("kill.count", 6);

    @TempDir
    Path dir;

    @Test
    void killedTrainingResumesToTheSameWeights() throws Exception {
        Path csv = dir.resolve("series.csv");
        StringBuilder text = new StringBuilder("value\n");
        for (int i = 0; i < 240; i++) {
            text.append(String.format(Locale.ROOT, "%.4f%n", Math.sin(i * 0.3) + 0.01 * i));
        }
        Files.writeString(csv, text);
        List<String> train = List.of("train", "forecast", "--csv", csv.toString(), "--look-back", "6", "--units", "6",
                "--epochs", "150", "--batch", "8", "--forecast", "0", "--quiet", "--seed", "7");

        Path reference = dir.resolve("reference"), log = dir.resolve("runs.log");
        assertEquals(0, run(log, train, "--out", reference.toString()).waitFor(), "the uninterrupted run failed");

        Path out = dir.resolve("resumed"), folder = TrainingCheckpoint.folder(out, null);
        Random random = new Random(KILLS);
        int kills = 0, duringSave = 0, checkpointsLoaded = 0;
        while (true) {
            List<String> extra = new ArrayList<>(List.of("--out", out.toString(), "--checkpoint-every", "1"));
            if (Files.exists(folder.resolve(TrainingCheckpoint.FILE))) {
                extra.addAll(List.of("--resume", folder.toString()));
            }
            Process p = run(log, train, extra.toArray(new String[0]));
            if (kills < KILLS) {
                // after this life's first save, during the epochs that follow or in the middle of a later save
                boolean atSave = kills % 2 == 1;
                FileTime before = modified(folder);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (p.isAlive() && Objects.equals(before, modified(folder)) && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                if (atSave) {
                    while (p.isAlive() && !saving(folder) && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                } else {
                    Thread.sleep(random.nextInt(400));
                }
                if (p.isAlive()) {
                    p.destroyForcibly();
                    p.waitFor();
                    kills++;
                    duringSave += saving(folder) ? 1 : 0;
                    if (Files.exists(folder.resolve(TrainingCheckpoint.FILE))) {
                        ModelFiles.loadCheckpoint(folder.resolve(TrainingCheckpoint.FILE));
                        checkpointsLoaded++;
                    }
                    continue;
                }
            }
            assertEquals(0, p.waitFor(), () -> "the last run failed: " + read(log));
            break;
        }
        System.out.printf(Locale.ROOT, "KillResumeTest: %d kills (%d while a checkpoint was written), %d checkpoints"
                + " loaded after a kill%n", kills, duringSave, checkpointsLoaded);
        assertEquals(KILLS, kills);
        assertEquals(KILLS, checkpointsLoaded, "every kill came after a checkpoint, which must load");
        Sequential expected = ModelFiles.load(reference.resolve(TrainForecastCommand.MODEL_FILE));
        Sequential resumed = ModelFiles.load(out.resolve(TrainForecastCommand.MODEL_FILE));
        List<float[]> e = expected.getWeights(), r = resumed.getWeights();
        assertEquals(e.size(), r.size());
        for (int i = 0; i < e.size(); i++) {
            assertArrayEquals(e.get(i), r.get(i), "weight " + i + " differs from the uninterrupted run's");
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** When the checkpoint was last written, or null before the first. */
    private static FileTime modified(Path folder) {
        try {
            return Files.getLastModifiedTime(folder.resolve(TrainingCheckpoint.FILE));
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether a checkpoint's temporary file is there: a save is under way, or was cut short. */
    private static boolean saving(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (DirectoryStream<Path> tmp = Files.newDirectoryStream(folder, "." + TrainingCheckpoint.FILE + ".*.tmp")) {
            return tmp.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    private static Process run(Path log, List<String> args, String... extra) throws IOException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), RecurrentCommand.class.getName()));
        command.addAll(args);
        command.addAll(List.of(extra));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }
}
