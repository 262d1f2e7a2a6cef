package dev.recurrent.cli;

import dev.recurrent.cli.run.InputError;
import dev.recurrent.io.GraphModelFormats;
import dev.recurrent.io.ModelFormats;
import dev.recurrent.model.Model;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Models read and written in any format of {@link ModelFormats} for the commands: a file that is
 * missing, damaged or does not fit is an {@link InputError} (one line, exit code 2).
 */
final class ModelReading {
    private ModelReading() {
    }

    static Sequential read(ModelFormats.Format format, Path file, ModelFormats.ReadOptions options) {
        quietHdf();
        try {
            return format.read(file, options);
        } catch (NoSuchFileException e) {
            throw new InputError("no such file: " + file, e);
        } catch (IOException e) {
            throw new InputError(e.getMessage() != null && e.getMessage().contains(file.toString()) ? e.getMessage()
                    : file + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code file} holds a graph model ({@link GraphModelFormats#isGraph}); a weights-only Keras read is not. */
    static boolean isGraph(ModelFormats.Format format, Path file, ModelFormats.ReadOptions options) {
        if (options.flags().containsKey("config") || !GraphModelFormats.READ.contains(format.name())) {
            return false;
        }
        quietHdf();
        try {
            return GraphModelFormats.isGraph(file, format);
        } catch (NoSuchFileException e) {
            throw new InputError("no such file: " + file, e);
        } catch (IOException e) {
            throw new InputError(e.getMessage() != null && e.getMessage().contains(file.toString()) ? e.getMessage()
                    : file + ": " + e.getMessage(), e);
        }
    }

    static Model readGraph(ModelFormats.Format format, Path file, int timesteps) {
        try {
            return GraphModelFormats.read(file, format, timesteps);
        } catch (NoSuchFileException e) {
            throw new InputError("no such file: " + file, e);
        } catch (IOException e) {
            throw new InputError(e.getMessage() != null && e.getMessage().contains(file.toString()) ? e.getMessage()
                    : file + ": " + e.getMessage(), e);
        }
    }

    static void writeGraph(ModelFormats.Format format, Model model, Path file) {
        try {
            makeParent(file);
            GraphModelFormats.write(model, file, format);
        } catch (IOException e) {
            throw new InputError("cannot write " + file + " as " + format.name() + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code model} to {@code file}, making its directory if there is none. */
    static void write(ModelFormats.Format format, Sequential model, Path file) {
        write(format, model, file, ModelFormats.WriteOptions.NONE);
    }

    /** As {@link #write(ModelFormats.Format, Sequential, Path)}, with the format's write options. */
    static void write(ModelFormats.Format format, Sequential model, Path file, ModelFormats.WriteOptions options) {
        try {
            makeParent(file);
            format.write(model, file, options);
        } catch (IOException e) {
            throw new InputError("cannot write " + file + " as " + format.name() + ": " + e.getMessage(), e);
        }
    }

    /** The outputs of {@code file} for x, computed by the format's own runtime. */
    static Tensor run(ModelFormats.Format format, Path file, Tensor x) {
        try {
            return format.runner().run(file, x);
        } catch (IOException e) {
            throw new InputError(e.getMessage(), e);
        }
    }

    static void makeParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    /** jHDF logs through SLF4J; without a binding SLF4J would print its warning on every run. */
    private static void quietHdf() {
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }
}
