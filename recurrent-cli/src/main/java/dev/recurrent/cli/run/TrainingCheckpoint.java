package dev.recurrent.cli.run;

import dev.recurrent.io.InvalidModelFileException;
import dev.recurrent.io.ModelFiles;
import dev.recurrent.model.Callback;
import dev.recurrent.model.Sequential;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code recurrent train … --checkpoint-every N} and {@code --resume DIR}: every N completed epochs
 * the model is saved with what an exact resume needs (the optimizer's iterations and slots, every
 * random generator's state, the epochs completed) to {@code DIR/checkpoint.zip}, atomically, so
 * that a process killed at any moment leaves the last checkpoint whole. A run resumed from it with
 * the same options ends with the weights of a run never interrupted, bit for bit. An epoch cut
 * short by Ctrl-C is not saved as completed.
 */
public final class TrainingCheckpoint implements Callback {
    /** The file in the checkpoint folder. */
    public static final String FILE = "checkpoint.zip";

    private final Path dir;
    private final int every;
    private Sequential model;
    private boolean epochWhole;

    private TrainingCheckpoint(Path dir, int every) {
        this.dir = dir;
        this.every = every;
    }

    /** A model to train and the epoch it starts at: 0, or the epochs a checkpoint had completed. */
    public record Start(Sequential model, int initialEpoch) {
    }

    /** The folder checkpoints go to: {@code resume} when resuming, else beside the run directory. */
    public static Path folder(Path runTarget, Path resume) {
        return resume != null ? resume : runTarget.resolveSibling(runTarget.getFileName() + ".checkpoint");
    }

    /** Saves into {@code dir} every {@code every} epochs. */
    public static TrainingCheckpoint every(Path dir, int every) {
        return new TrainingCheckpoint(dir, every);
    }

    /**
     * {@code fresh} itself when {@code resume} is null; otherwise the model of {@code resume}'s
     * checkpoint, which must be of {@code fresh}'s architecture (the same options).
     */
    public static Start start(Sequential fresh, Path resume) {
        if (resume == null) {
            return new Start(fresh, 0);
        }
        Path file = resume.resolve(FILE);
        ModelFiles.Checkpoint c;
        try {
            c = ModelFiles.loadCheckpoint(file);
        } catch (NoSuchFileException e) {
            throw new InputError("--resume " + resume + ": no " + FILE + " in it; expected the folder that"
                    + " --checkpoint-every wrote");
        } catch (InvalidModelFileException e) {
            throw new InputError("--resume " + resume + ": damaged checkpoint " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint " + file + ": " + IoErrors.describe(e), e);
        }
        if (c.model().optimizer() == null || !c.model().summary().equals(fresh.summary())) {
            throw new InputError("--resume " + resume + ": the checkpoint is of another model than these options"
                    + " build; resume with the options the training was started with");
        }
        return new Start(c.model(), c.epochsCompleted());
    }

    @Override
    public void onTrainBegin(Sequential model) {
        this.model = model;
        removeUnfinishedSaves();
    }

    /** The temporary files of saves cut short by a kill ({@link dev.recurrent.io.AtomicFile}'s). */
    private void removeUnfinishedSaves() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> tmp = Files.newDirectoryStream(dir, "." + FILE + ".*.tmp")) {
            for (Path t : tmp) {
                Files.deleteIfExists(t);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean the checkpoint folder " + dir + ": " + IoErrors.describe(e), e);
        }
    }

    @Override
    public void onEpochBegin(int epoch) {
        epochWhole = false;
    }

    @Override
    public void onBatchEnd(int batch, int batches, Map<String, Double> logs) {
        epochWhole = batch == batches - 1;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (!epochWhole || (epoch + 1) % every != 0) {
            return;
        }
        Path file = dir.resolve(FILE);
        try {
            Files.createDirectories(dir);
            ModelFiles.save(model, file, true, epoch + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + file + ": " + IoErrors.describe(e), e);
        }
    }
}
