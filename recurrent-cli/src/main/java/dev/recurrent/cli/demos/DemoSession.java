package dev.recurrent.cli.demos;

import dev.recurrent.cli.report.HtmlReport;
import dev.recurrent.cli.run.KernelsBanner;
import dev.recurrent.cli.run.ProgressCallback;
import dev.recurrent.cli.run.RunDirectory;
import dev.recurrent.io.ModelFiles;
import dev.recurrent.model.Sequential;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * What every demo does around its experiment: the verbosity and the run directory of its
 * {@link DemoOptions}, the report and the settings each report ends with, the banner line
 * ({@code kernels: ..., threads: ...; writing to ...}), the clock, Ctrl-C handling with the closing
 * line ({@code Finished in ...}), and saving models into the run directory.
 */
final class DemoSession {
    private final DemoOptions options;
    private final PrintWriter out;
    private RunDirectory run;
    private HtmlReport report;
    private long start;

    /** Creates nothing yet. */
    DemoSession(DemoOptions options, CommandSpec spec) {
        this.options = options;
        this.out = spec.commandLine().getOut();
    }

    PrintWriter out() {
        return out;
    }

    /** The verbosity asked for; refuses {@code --quiet} with {@code --verbose}. */
    ProgressCallback.Verbosity verbosity() {
        return options.verbosity();
    }

    /** Creates the run directory: {@code --out}, or {@code runs/<demo>-<yyyyMMdd-HHmmss>}. */
    RunDirectory createRunDirectory() {
        run = options.runDirectory();
        return run;
    }

    RunDirectory run() {
        return run;
    }

    /** The report {@code report.html} of the run directory, titled {@code Recurrent demo: <demo>}. */
    HtmlReport report(String demo) {
        report = new HtmlReport(run.file("report.html"), "Recurrent demo: " + demo);
        return report;
    }

    /**
     * The settings that end every demo's report: the kernels, the Java runtime where {@code withJava},
     * and the run directory.
     */
    HtmlReport environment(boolean withJava) {
        report.setting("kernels", KernelsBanner.describe().setting());
        if (withJava) {
            report.setting("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        }
        return report.setting("run directory", run.path().toAbsolutePath());
    }

    /** Prints {@code kernels: NAME, threads: N; writing to DIR}. */
    void banner() {
        out.printf("%s; writing to %s%n", KernelsBanner.describe().line(), run);
    }

    /** Starts the clock of {@code Finished in ...}. */
    void startClock() {
        start = System.nanoTime();
    }

    long started() {
        return start;
    }

    /**
     * Runs {@code body} with Ctrl-C handling, then closes the report and prints
     * {@code Finished|Interrupted in <took>. Report: <file>} ({@link DemoRun#guarded}).
     */
    <E extends Exception> void guarded(DemoRun.Body<E> body, Function<String, String> interruptedText) throws E {
        DemoRun.guarded(out, report, start, body, interruptedText);
    }

    /** Saves {@code model} as {@code name} in the run directory and prints {@code Saved <file>}. */
    void save(Sequential model, String name) {
        DemoRun.saveModel(model, run.file(name), out);
    }

    /**
     * Saves {@code model} as {@code file} and prints {@code Model saved: <file>}, as the Keras examples that the
     * imdb and text demos follow do.
     */
    static void saveModel(Sequential model, Path file, PrintWriter out) {
        try {
            ModelFiles.save(model, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model to " + file + ": " + e.getMessage(), e);
        }
        out.println("Model saved: " + file);
        out.flush();
    }
}
