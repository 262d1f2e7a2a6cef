package dev.recurrent.cli.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Formats one line of Keras 3's progress bar (its {@code Progbar}), without colours:
 * <pre>
 * 25/25 ━━━━━━━━━━━━━━━━━━━━ 0s 2ms/step - accuracy: 0.8400 - loss: 0.5100 - val_accuracy: ...
 * </pre>
 * While the epoch runs, the time is the estimated time left; once it ends, the time the epoch took.
 * Figures are the training ones in alphabetical order, then the validation ones ({@code val_...}).
 */
public final class ProgressBar {
    public static final int WIDTH = 20;
    /** Keras' bar glyphs, and the ASCII ones for an output that cannot show them (e.g. LANG=C). */
    public static final char DONE = '━', LEFT = '─', ASCII_DONE = '=', ASCII_LEFT = '.';
    /** Whether standard output (as picocli writes it: the default charset) can show the bar glyphs. */
    public static final boolean UNICODE = java.nio.charset.Charset.forName(
            System.getProperty("sun.stdout.encoding", java.nio.charset.Charset.defaultCharset().name()))
            .newEncoder().canEncode("" + DONE + LEFT);

    private ProgressBar() {
    }

    /**
     * @param done     batches done, 0..total
     * @param total    batches per epoch
     * @param elapsedS seconds since the epoch began
     * @param logs     running figures; may be empty
     */
    static String format(int done, int total, double elapsedS, Map<String, Double> logs) {
        return format(done, total, elapsedS, logs, UNICODE);
    }

    /** As {@link #format(int, int, double, Map)}, with the Unicode or the ASCII bar. */
    static String format(int done, int total, double elapsedS, Map<String, Double> logs, boolean unicode) {
        StringBuilder s = new StringBuilder();
        int digits = Integer.toString(total).length();
        s.append(String.format(Locale.ROOT, "%" + digits + "d/%d ", done, total));
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        s.append(String.valueOf(unicode ? DONE : ASCII_DONE).repeat(filled))
                .append(String.valueOf(unicode ? LEFT : ASCII_LEFT).repeat(WIDTH - filled));
        double perStep = done == 0 ? 0 : elapsedS / done;
        if (done < total) {
            s.append(' ').append(eta(perStep * (total - done)));
        } else {
            s.append(' ').append(Math.round(elapsedS)).append('s');
        }
        s.append(' ').append(perStep(perStep));
        for (String key : ordered(logs)) {
            s.append(" - ").append(key).append(": ").append(value(logs.get(key)));
        }
        return s.toString();
    }

    /** Keras' estimate: {@code 7s}, {@code 1:05}, {@code 1:01:05}. */
    static String eta(double seconds) {
        long s = (long) seconds;
        if (s > 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s % 3600 / 60, s % 60);
        }
        if (s > 60) {
            return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
        return s + "s";
    }

    /** {@code 2s/step}, {@code 12ms/step} or {@code 850us/step}, as Keras rounds them. */
    static String perStep(double seconds) {
        if (seconds >= 1 || seconds == 0) {
            return String.format(Locale.ROOT, "%.0fs/step", seconds);
        }
        if (seconds >= 1e-3) {
            return String.format(Locale.ROOT, "%.0fms/step", seconds * 1e3);
        }
        return String.format(Locale.ROOT, "%.0fus/step", seconds * 1e6);
    }

    /** Four decimals, or scientific notation for values below 1e-3 (as Keras prints them). */
    static String value(double v) {
        return Math.abs(v) > 1e-3 || v == 0 ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%.4e", v);
    }

    private static List<String> ordered(Map<String, Double> logs) {
        List<String> train = new ArrayList<>(), val = new ArrayList<>();
        for (String k : logs.keySet()) {
            (k.startsWith("val_") ? val : train).add(k);
        }
        train.sort(null);
        val.sort(null);
        train.addAll(val);
        return train;
    }
}
