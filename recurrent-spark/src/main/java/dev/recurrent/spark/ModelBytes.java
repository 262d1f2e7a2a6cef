package dev.recurrent.spark;

import dev.recurrent.io.ModelFiles;
import dev.recurrent.model.Sequential;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A model file's bytes (the format of {@link ModelFiles}), to broadcast a model to executors. */
public final class ModelBytes {
    private ModelBytes() {
    }

    /** The bytes of the model's file, with the optimizer state when {@code withOptimizerState}. */
    public static byte[] of(Sequential model, boolean withOptimizerState) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("recurrent-model", ".zip");
            ModelFiles.save(model, tmp, withOptimizerState);
            return Files.readAllBytes(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the model to bytes: " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** The model a file's bytes hold, as {@link ModelFiles#loadCheckpoint} loads it. */
    public static ModelFiles.Checkpoint load(byte[] bytes) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("recurrent-model", ".zip");
            Files.write(tmp, bytes);
            return ModelFiles.loadCheckpoint(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read a model from its bytes: " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file left behind is harmless
            }
        }
    }
}
