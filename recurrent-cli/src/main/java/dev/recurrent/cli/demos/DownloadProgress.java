package dev.recurrent.cli.demos;

import dev.recurrent.cli.run.ProgressBar;
import dev.recurrent.io.datasets.DownloadListener;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows downloads on standard error: on a terminal, one bar redrawn in place
 * ({@code aclImdb_v1.tar.gz ━━━━━━━──────────── 35%  29.4/84.1 MB}); elsewhere nothing per chunk.
 */
public final class DownloadProgress implements DownloadListener {
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private long lastDraw;
    private boolean drawn;

    DownloadProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void progress(String file, long done, long total) {
        long now = System.nanoTime();
        if (!terminal || (drawn && now - lastDraw < REDRAW_NANOS && done < total)) {
            return;
        }
        lastDraw = now;
        drawn = true;
        err.print("\r" + line(file, done, total, ProgressBar.UNICODE));
        err.flush();
    }

    @Override
    public void finished(String file) {
        if (drawn) {
            err.println();
            err.flush();
            drawn = false;
        }
    }

    @Override
    public void preparing(String dataset) {
        err.println("Converting " + dataset + " (once)...");
        err.flush();
    }

    /** One state of the bar. */
    public static String line(String file, long done, long total, boolean unicode) {
        if (total <= 0) {
            return file + " " + size(done);
        }
        int filled = (int) (ProgressBar.WIDTH * Math.min(done, total) / total);
        String bar = String.valueOf(unicode ? ProgressBar.DONE : ProgressBar.ASCII_DONE).repeat(filled)
                + String.valueOf(unicode ? ProgressBar.LEFT : ProgressBar.ASCII_LEFT).repeat(ProgressBar.WIDTH - filled);
        return String.format(Locale.ROOT, "%s %s %3d%%  %s", file, bar, 100 * done / total, fraction(done, total));
    }

    /** {@code 2.2 kB}, {@code 600.9 kB}, {@code 84.1 MB}: decimal units, as download sizes are given. */
    public static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static String fraction(long done, long total) {
        return total < 1_000_000 ? size(done) + " of " + size(total)
                : String.format(Locale.ROOT, "%.1f/%.1f MB", done / 1e6, total / 1e6);
    }
}
