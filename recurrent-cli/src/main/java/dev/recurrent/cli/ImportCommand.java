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
 * {@code recurrent import --keras model.h5|model.keras --out model.zip}: a Keras model as a Recurrent
 * model file; {@code --keras model.json --weights w.h5} for weights saved apart from the model's
 * JSON (see docs/keras-import.md for what loads). A file that cannot be imported gives one line
 * naming the layer and the option, exit code 2.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Converts a Keras model (.h5 of Keras 1, Keras 2, tf.keras; .keras of Keras 3; or a model"
                + " JSON with --weights) into a Recurrent model file.")
public final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--keras", required = true, paramLabel = "FILE",
            description = "The Keras full-model .h5 or .keras file, or with --weights the model's JSON"
                    + " (model.to_json(), or a .keras' config.json).")
    Path keras;

    @Option(names = "--weights", paramLabel = "FILE",
            description = "Weights saved apart: a Keras 2 save_weights .h5 or a Keras 3 .weights.h5.")
    Path weights;

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
            int steps = timesteps == null ? -1 : timesteps;
            model = weights == null ? KerasModels.load(keras, steps) : KerasModels.loadWeights(keras, weights, steps);
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
