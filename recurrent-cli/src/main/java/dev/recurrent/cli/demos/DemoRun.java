package dev.recurrent.cli.demos;

import dev.recurrent.cli.report.HtmlReport;
import dev.recurrent.cli.run.Durations;
import dev.recurrent.cli.run.GracefulStop;
import dev.recurrent.cli.run.StagedDirectory;
import dev.recurrent.io.ModelFiles;
import dev.recurrent.model.Sequential;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The end of a demo or training run: the body under Ctrl-C handling ({@link GracefulStop}), then the
 * report's closing status (finished, or interrupted) and the closing line.
 */
public final class DemoRun {

    /** The work of a run; {@code stop} is its Ctrl-C handler (a training callback). */
    interface Body<E extends Exception> {
        void run(GracefulStop stop) throws E;
    }

    /** The work of a training run that writes into a {@link StagedDirectory}. */
    public interface StagedBody {
        void run(GracefulStop stop, StagedDirectory run) throws IOException;
    }

    /** One step of {@link #each}. */
    interface Step<T, E extends Exception> {
        void run(T item) throws E;
    }

    private DemoRun() {
    }

    /**
     * Runs {@code body} with Ctrl-C handling, then {@link #finishReport} and prints
     * {@code Finished|Interrupted in <took>. Report: <file>}. A runtime failure is reported by
     * {@link GracefulStop#failed}; a checked one passes through as it is.
     */
    static <E extends Exception> void guarded(PrintWriter out, HtmlReport report, long start, Body<E> body,
                                              Function<String, String> interruptedText) throws E {
        try (GracefulStop stop = GracefulStop.install(System.err)) {
            try {
                body.run(stop);
                String took = finishReport(report, stop, start, interruptedText);
                out.printf("%n%s in %s. Report: %s%n", stop.requested() ? "Interrupted" : "Finished", took, report.file());
                out.flush();
            } catch (RuntimeException e) {
                throw stop.failed(e);
            }
        }
    }

    /**
     * Runs {@code body} with Ctrl-C handling in the staged directory {@code target}, which appears only if the
     * body commits it; an {@link IOException} is "cannot save the model", and every failure is reported by
     * {@link GracefulStop#failed}.
     */
    public static void staged(Path target, StagedBody body) {
        try (GracefulStop stop = GracefulStop.install(System.err); StagedDirectory run = StagedDirectory.open(target)) {
            try {
                body.run(stop, run);
            } catch (IOException e) {
                throw stop.failed(new UncheckedIOException("cannot save the model: " + e.getMessage(), e));
            } catch (RuntimeException e) {
                throw stop.failed(e);
            }
        }
    }

    /**
     * Trains on each of {@code items} in turn until Ctrl-C; after each, the report says how many of
     * them ({@code what}: "models", "cells") are trained, and is written.
     */
    static <T, E extends Exception> void each(List<T> items, GracefulStop stop, HtmlReport report, String what,
                                              Step<T, E> train) throws E {
        int done = 0;
        for (T item : items) {
            if (stop.requested()) {
                break;
            }
            train.run(item);
            done++;
            report.status("Running: " + done + " of " + items.size() + " " + what + " trained.");
            report.write();
        }
    }

    /**
     * Marks the report interrupted ({@code interruptedText} of the time taken) if Ctrl-C was pressed, else
     * finished, and writes it; returns the time taken since {@code start}, formatted.
     */
    public static String finishReport(HtmlReport report, GracefulStop stop, long start, Function<String, String> interruptedText) {
        String took = Durations.format(System.nanoTime() - start);
        if (stop.requested()) {
            report.interrupted(interruptedText.apply(took));
        } else {
            report.status("Finished in " + took + ".");
        }
        report.write();
        return took;
    }

    /** Saves a trained model into the run directory (loadable by recurrent predict/summary/inspect). */
    static void saveModel(Sequential model, Path file, PrintWriter out) {
        try {
            ModelFiles.save(model, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model to " + file + ": " + e.getMessage(), e);
        }
        out.printf("Saved %s%n", file);
    }
}
