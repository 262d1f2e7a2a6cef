package dev.recurrent.cli.run;

import dev.recurrent.model.Callback;

import java.io.PrintWriter;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Keras-style training progress: a line {@code Epoch 3/500}, then the {@link ProgressBar} of that
 * epoch, with the validation figures once the epoch ends.
 *
 * <p>On a terminal ({@code dynamic}) the bar is redrawn in place with {@code \r} while the epoch runs
 * (at most every 50 ms, across epochs); otherwise it is printed once, at the end of the epoch.
 * Which epochs are shown depends on the {@link Verbosity}: all of them ({@code VERBOSE}), none ({@code QUIET}), or
 * ({@code NORMAL}) the first, every {@link #every}-th and the last, about 20 in all. On a terminal,
 * the epochs in between still show a transient bar, overwritten by the next line. If training
 * stops early (Ctrl-C, early stopping), the last epoch run is shown as well.
 */
public final class ProgressCallback implements Callback {

    /** How much is printed per epoch. */
    public enum Verbosity { QUIET, NORMAL, VERBOSE }

    private static final long REDRAW_NANOS = 50_000_000L;
    private static final int LINES = 20;

    private final PrintWriter out;
    private final boolean dynamic;
    private final Verbosity verbosity;
    private final int epochs, every;
    private final LongSupplier clock;

    private int epoch = -1, lastShown = -1;
    /** Batches done in this epoch, and per epoch (an interrupted epoch ends short of it). */
    private int done, batches;
    private long epochStart, lastDraw = Long.MIN_VALUE;
    private int transientLength;
    private String lastLine;

    /**
     * @param epochs the epochs {@code fit} will run (for "Epoch 3/500" and which ones to show)
     * @param clock  nanoseconds, e.g. {@code System::nanoTime}
     */
    public ProgressCallback(PrintWriter out, boolean dynamic, Verbosity verbosity, int epochs, LongSupplier clock) {
        this.out = out;
        this.dynamic = dynamic;
        this.verbosity = verbosity;
        this.epochs = epochs;
        this.every = every(epochs);
        this.clock = clock;
    }

    /** The epochs of a terminal, if there is one, at normal verbosity, printing to standard output. */
    public ProgressCallback(PrintWriter out, Verbosity verbosity, int epochs) {
        this(out, System.console() != null, verbosity, epochs, System::nanoTime);
    }

    /** Shown by default: epoch 1, every {@code every}-th and the last ({@code ceil(epochs / 20)}). */
    static int every(int epochs) {
        return Math.max(1, (epochs + LINES - 1) / LINES);
    }

    /** Whether the 0-based {@code epoch} gets its lines. */
    boolean shows(int epoch) {
        switch (verbosity) {
            case QUIET:
                return false;
            case VERBOSE:
                return true;
            default:
                return epoch == 0 || (epoch + 1) % every == 0 || epoch + 1 == epochs;
        }
    }

    @Override
    public void onEpochBegin(int epoch) {
        this.epoch = epoch;
        epochStart = clock.getAsLong();
        done = 0;
        if (shows(epoch)) {
            clearTransient();
            out.println(header(epoch));
            out.flush();
        }
    }

    @Override
    public void onBatchEnd(int batch, int batches, Map<String, Double> logs) {
        this.done = batch + 1;
        this.batches = batches;
        if (!dynamic || verbosity == Verbosity.QUIET) {
            return;
        }
        long now = clock.getAsLong();
        if (lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
            return;   // the end of a shown epoch is drawn by onEpochEnd
        }
        lastDraw = now;
        String bar = ProgressBar.format(batch + 1, batches, seconds(now), logs);
        // an epoch not shown keeps its header on the bar's line, and the next line overwrites it
        draw(shows(epoch) ? bar : header(epoch) + " " + bar);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        String line = ProgressBar.format(done, Math.max(done, batches), seconds(clock.getAsLong()), logs);
        lastLine = line;
        if (!shows(epoch)) {
            return;
        }
        if (dynamic) {
            draw(line);
            out.println();
            transientLength = 0;
        } else {
            out.println(line);
        }
        out.flush();
        lastShown = epoch;
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (verbosity != Verbosity.QUIET && epoch >= 0 && lastShown != epoch && lastLine != null) {
            clearTransient();
            out.println(header(epoch));
            out.println(lastLine);
            out.flush();
        } else {
            clearTransient();
        }
    }

    private String header(int epoch) {
        return "Epoch " + (epoch + 1) + "/" + epochs;
    }

    private double seconds(long now) {
        return (now - epochStart) / 1e9;
    }

    /** Redraws the current line: {@code \r}, the text, and blanks over what was longer before. */
    private void draw(String text) {
        out.print('\r');
        out.print(text);
        if (text.length() < transientLength) {
            out.print(" ".repeat(transientLength - text.length()));
        }
        transientLength = text.length();
        out.flush();
    }

    private void clearTransient() {
        if (dynamic && transientLength > 0) {
            out.print('\r' + " ".repeat(transientLength) + '\r');
            transientLength = 0;
            out.flush();
        }
    }
}
