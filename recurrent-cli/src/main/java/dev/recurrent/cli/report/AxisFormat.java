package dev.recurrent.cli.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.function.Function;

/**
 * Tick labels of a chart axis: one format for every tick of an axis (0.08, 0.10, 0.12, not .08 beside
 * 0.1), rounded to the digits that tell the ticks apart, and whole numbers only on a count axis
 * (epochs, time steps).
 */
public final class AxisFormat {
    /** Ticks are about this many per axis; the labels carry the decimals of that spacing. */
    static final int TICKS = 10;

    private AxisFormat() {
    }

    /** The "nice" step (1, 2 or 5 × 10^k) at or above {@code span / parts}; 1 for an empty span. */
    static double niceStep(double span, int parts) {
        double raw = Math.abs(span) / Math.max(1, parts);
        if (!(raw > 0) || !Double.isFinite(raw)) {
            return 1;
        }
        double decade = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / decade;
        double nice = f <= 1 + 1e-9 ? 1 : f <= 2 + 1e-9 ? 2 : f <= 5 + 1e-9 ? 5 : 10;
        return nice * decade;
    }

    /**
     * The labels of an axis from {@code lo} to {@code hi}: every tick with the same number of decimals,
     * as many as a tick spacing of a tenth of the span needs (0.02 → two); scientific notation with
     * the same digits for very large or very small values. An axis of one value ({@code lo == hi})
     * shows it to 4 significant digits.
     */
    static Function<Double, String> labels(double lo, double hi) {
        if (isOneValue(lo, hi)) {
            return v -> significant(v, 4);
        }
        double span = Math.abs(hi - lo), magnitude = Math.max(Math.abs(lo), Math.abs(hi));
        double step = niceStep(span, TICKS);
        int stepExponent = (int) Math.floor(Math.log10(step) + 1e-9);
        if (magnitude >= 1e7 || (magnitude < 1e-4)) {
            int digits = Math.max(0, (int) Math.floor(Math.log10(magnitude) + 1e-9) - stepExponent);
            return v -> scientific(v, digits);
        }
        int decimals = Math.max(0, -stepExponent);
        return v -> fixed(v, decimals);
    }

    /** Whether {@code lo} and {@code hi} are the same value for an axis: equal to 9 significant digits. */
    static boolean isOneValue(double lo, double hi) {
        double span = Math.abs(hi - lo), magnitude = Math.max(Math.abs(lo), Math.abs(hi));
        return !(span > magnitude * 1e-9) || !Double.isFinite(span);
    }

    /** A whole number as such ("12"); any other value as "" (so that fractional ticks are never chosen). */
    static String wholeNumber(double v) {
        long r = Math.round(v);
        return Math.abs(v - r) < 1e-6 ? Long.toString(r) : "";
    }

    /** {@code v} rounded to {@code digits} significant digits, trailing zeros dropped: 3.0982272 → "3.098". */
    static String significant(double v, int digits) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros();
        double a = Math.abs(v);
        if (a >= 1e7 || a < 1e-4) {
            return scientific(v, digits - 1).replaceFirst("\\.?0+e", "e");
        }
        return d.toPlainString();
    }

    /** {@code v} with {@code decimals} decimals; never "-0". */
    static String fixed(double v, int decimals) {
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        return s.matches("-0(\\.0*)?") ? s.substring(1) : s;
    }

    /** {@code v} as 1.5e-5: {@code digits} digits after the point, the exponent without a plus or leading zeros. */
    static String scientific(double v, int digits) {
        String s = String.format(Locale.ROOT, "%." + digits + "e", v);
        int e = s.indexOf('e');
        String mantissa = s.substring(0, e);
        if (mantissa.matches("-0(\\.0*)?")) {
            return "0";
        }
        return mantissa + "e" + Integer.parseInt(s.substring(e + 1));
    }
}
