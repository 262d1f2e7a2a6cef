package dev.recurrent.cli.run;

import java.util.Locale;

/** Durations as people read them: {@code 850 ms}, {@code 12.3 s}, {@code 2 min 05 s}. */
public final class Durations {
    private Durations() {
    }

    public static String format(long nanos) {
        double s = nanos / 1e9;
        if (s < 1) {
            return String.format(Locale.ROOT, "%.0f ms", s * 1e3);
        }
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        long whole = Math.round(s);
        return String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
    }
}
