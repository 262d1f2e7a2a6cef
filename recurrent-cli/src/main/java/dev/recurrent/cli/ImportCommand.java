package dev.recurrent.cli;

import dev.recurrent.cli.run.InputError;
import dev.recurrent.io.ModelFiles;
import dev.recurrent.io.keras.KerasImportException;
import dev.recurrent.io.keras.KerasModels;
import dev.recurrent.model.Sequential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code recurrent import --keras model.h5 --out model.zip}: a Keras full-model {@code .h5} file as
 * a Recurrent model file (see docs/keras-import.md for what loads). A file that cannot be imported
 * gives one line naming the layer and the option, exit code 2.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Converts a Keras .h5 model (Keras 1, Keras 2, tf.keras) into a Recurrent model file.")
public final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--keras", required = true, paramLabel = "FILE", description = "The Keras full-model .h5 file.")
    Path keras;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The model file to write (.zip).")
    Path out;

    @Option(names = "--timesteps", paramLabel = "N",
            description = "The input length, for a model saved with timesteps None.")
    Integer timesteps;

    @Override
    public Integer call() throws IOException {
        if (timesteps != null && timesteps <= 0) {
            throw new IllegalArgumentException("--timesteps: expected a positive number of steps, got " + timesteps);
        }
        // jHDF logs through SLF4J; without a binding SLF4J would print its warning on every run
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        Sequential model;
        try {
            model = KerasModels.load(keras, timesteps == null ? -1 : timesteps);
        } catch (KerasImportException e) {
            throw new InputError(e.getMessage(), e);
        }
        ModelFiles.save(model, out);
        PrintWriter w = spec.commandLine().getOut();
        w.print(model.summary());
        w.printf("Saved %s%n", out);
        w.flush();
        return 0;
    }
}
