package dev.recurrent.cli;

import dev.recurrent.cli.demos.DemoOptions;
import picocli.CommandLine.Option;

/**
 * The size of a training that {@code train forecast} and {@code train classify} share (a picocli mixin):
 * the units of the recurrent layer, the epochs and the batch size, each command with its own defaults.
 */
final class TrainingSize {

    @Option(names = "--units", description = "Units of the recurrent layer (default: ${DEFAULT-VALUE}).")
    int units;

    @Option(names = "--epochs", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    /** The defaults of one command: picocli shows and keeps the values the fields start with. */
    TrainingSize(int units, int epochs, int batch) {
        this.units = units;
        this.epochs = epochs;
        this.batch = batch;
    }

    /** Throws a usage error (exit code 2) unless each is at least 1. */
    void check(DemoOptions options) {
        options.requireAtLeast("--units", units, 1);
        options.requireAtLeast("--epochs", epochs, 1);
        options.requireAtLeast("--batch", batch, 1);
    }
}
