package dev.recurrent.cli.demos;

import dev.recurrent.cli.run.ProgressCallback;
import dev.recurrent.cli.run.RunDirectory;
import dev.recurrent.cli.run.StagedDirectory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.LocalDateTime;

/** The options every demo shares (a picocli mixin): where it writes, and how much it prints. */
public final class DemoOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec demo;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The run directory for plots and report.html (default: runs/${COMMAND-NAME}-<yyyyMMdd-HHmmss>).")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing per epoch.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Print every epoch (by default about 20 epochs are shown).")
    boolean verbose;

    /** The verbosity asked for; refuses {@code --quiet} with {@code --verbose}. */
    public ProgressCallback.Verbosity verbosity() {
        if (quiet && verbose) {
            throw new ParameterException(demo.commandLine(), "--quiet and --verbose cannot be used together");
        }
        return quiet ? ProgressCallback.Verbosity.QUIET
                : verbose ? ProgressCallback.Verbosity.VERBOSE : ProgressCallback.Verbosity.NORMAL;
    }

    /** The run directory, created: {@code --out}, or {@code runs/<demo>-<yyyyMMdd-HHmmss>}. */
    RunDirectory runDirectory() {
        return out != null ? RunDirectory.create(out) : RunDirectory.create(RunDirectory.defaultFor(demo.name(), LocalDateTime.now()));
    }

    /**
     * The run directory of a training that writes all or nothing ({@link StagedDirectory}): {@code --out}, or
     * {@code runs/<name>-<yyyyMMdd-HHmmss>}; checked, not created.
     */
    public Path stagedTarget(String name) {
        Path target = out != null ? out : RunDirectory.defaultFor(name, LocalDateTime.now());
        StagedDirectory.checkTarget(target);
        return target;
    }

    /** Throws a usage error (exit code 2) unless {@code value} is a positive finite number. */
    void requirePositive(String option, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new ParameterException(demo.commandLine(), option + " must be a positive number, got " + value);
        }
    }

    /** Throws a usage error (exit code 2) unless {@code value >= min}. */
    public void requireAtLeast(String option, long value, long min) {
        if (value < min) {
            throw new ParameterException(demo.commandLine(),
                    option + " must be at least " + min + ", got " + value);
        }
    }
}
