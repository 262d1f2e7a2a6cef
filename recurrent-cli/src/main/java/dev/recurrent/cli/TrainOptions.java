package dev.recurrent.cli;

import dev.recurrent.cli.run.TrainingCheckpoint;
import dev.recurrent.model.Callback;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.Sequential;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The options {@code train forecast} and {@code train classify} share (a picocli mixin). */
public final class TrainOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--cell", defaultValue = "lstm", paramLabel = "CELL",
            description = "The recurrent layer: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    CellChoice cell;

    @Option(names = "--learning-rate", defaultValue = "0.001", paramLabel = "LR",
            description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--test-fraction", defaultValue = "0.2", paramLabel = "F",
            description = "The fraction held out for the test, in (0, 1) (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the weights and the shuffles (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--tbptt", defaultValue = "0", paramLabel = "K",
            description = "Truncated BPTT: each batch's sequences are trained in chunks of K steps, one update per"
                    + " chunk, the states carried from chunk to chunk; 0 trains whole sequences"
                    + " (default: ${DEFAULT-VALUE}).")
    int tbptt;

    @Option(names = "--no-stop-on-nan",
            description = "Keep training through a NaN or infinite loss or gradient; by default training stops at the"
                    + " first one, with the weights of the last finite step.")
    boolean noStopOnNan;

    @Option(names = "--checkpoint-every", defaultValue = "0", paramLabel = "N",
            description = "Every N epochs, saves what an exact resume needs to <run directory>.checkpoint/ (or the"
                    + " --resume folder); 0: no checkpoints (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continues the training checkpointed in DIR by --checkpoint-every; give the options it was"
                    + " started with. Ends with the weights of a run never interrupted.")
    Path resume;

    /** Usage errors (exit code 2) for values out of range. */
    void validate() {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new ParameterException(command.commandLine(), "--test-fraction must be in (0, 1), got " + testFraction);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new ParameterException(command.commandLine(), "--learning-rate must be positive, got " + learningRate);
        }
        if (tbptt < 0) {
            throw new ParameterException(command.commandLine(), "--tbptt must be a number of steps, or 0 for whole"
                    + " sequences, got " + tbptt);
        }
        if (checkpointEvery < 0) {
            throw new ParameterException(command.commandLine(), "--checkpoint-every must be a number of epochs, or 0"
                    + " for none, got " + checkpointEvery);
        }
    }

    /** {@code options} with truncated BPTT when {@code --tbptt} asks for it, and the stop at a NaN unless turned off. */
    FitOptions withTbptt(FitOptions options) {
        options.terminateOnNonFinite(!noStopOnNan);
        return tbptt > 0 ? options.tbptt(tbptt) : options;
    }

    /** The model to train: {@code fresh}, or with {@code --resume} the checkpoint's, and its first epoch. */
    TrainingCheckpoint.Start start(Sequential fresh) {
        return TrainingCheckpoint.start(fresh, resume);
    }

    /** {@code callbacks}, and the checkpoint's when {@code --checkpoint-every} asks for one. */
    Callback[] callbacks(Path runTarget, Callback... callbacks) {
        List<Callback> all = new ArrayList<>(List.of(callbacks));
        if (checkpointEvery > 0) {
            all.add(TrainingCheckpoint.every(TrainingCheckpoint.folder(runTarget, resume), checkpointEvery));
        }
        return all.toArray(new Callback[0]);
    }

    /** How the sequences are trained, for the printed settings: "" for whole sequences. */
    String tbpttNote() {
        return tbptt > 0 ? ", truncated BPTT of " + tbptt + " steps" : "";
    }

    /** The command line as typed: {@code recurrent <args>}. */
    String commandLine() {
        return "recurrent " + String.join(" ", command.commandLine().getParseResult().originalArgs());
    }

    /** The sidecar's training settings both trainings share, from {@code cell} to {@code seed}, into {@code t}. */
    void putSettings(Map<String, Object> t, int units, int epochs, int ran, int batch) {
        t.put("cell", cell.name());
        t.put("units", units);
        t.put("epochs", epochs);
        t.put("epochs_run", ran);
        t.put("batch", batch);
        t.put("learning_rate", learningRate);
        t.put("test_fraction", testFraction);
        t.put("seed", seed);
        t.put("tbptt", tbptt);
        if (resume != null) {
            t.put("resumed_from", resume.toString());
        }
    }

    /** The test part of n samples: round(n · F), at least 1. */
    int testCount(int n) {
        return Math.max(1, (int) Math.round(n * testFraction));
    }
}
