package dev.recurrent.cli.report;

import java.math.BigDecimal;
import java.util.Collection;

/**
 * The range of a logarithmic axis, in whole decades, fitted to the values that matter: from the
 * decade of the largest value down to that of the smallest, but at most {@link #MAX_DECADES} below the
 * top. Values under the bottom, 0 (a gradient that underflowed or is 0 by construction) and -∞ are
 * drawn on the bottom edge and counted, so that the plot can say so; +∞ on the top edge; NaN is a gap.
 *
 * @param low     the bottom of the axis, 10^low
 * @param high    the top of the axis, 10^high
 * @param clipped how many values are drawn on the bottom edge instead of at their place
 */
public record LogAxis(int low, int high, int clipped) {
    /** The most decades an axis spans: below that, a value is as good as 0 on the plot. */
    static final int MAX_DECADES = 10;

    /** The axis of these series' values. */
    static LogAxis of(Collection<double[]> series) {
        double min = Double.POSITIVE_INFINITY, max = 0;
        for (double[] s : series) {
            for (double v : s) {
                if (v > 0 && Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (max == 0) {   // nothing positive: an axis of one decade, everything on its bottom edge
            return new LogAxis(-1, 0, count(series, 1, 0));
        }
        int high = (int) Math.ceil(Math.log10(max) - 1e-9);
        int low = Math.max((int) Math.floor(Math.log10(min) + 1e-9), high - MAX_DECADES);
        if (low == high) {
            low--;
        }
        return new LogAxis(low, high, count(series, Math.pow(10, low), low));
    }

    private static int count(Collection<double[]> series, double floor, int low) {
        int n = 0;
        for (double[] s : series) {
            for (double v : s) {
                n += v < floor ? 1 : 0;
            }
        }
        return n;
    }

    /** Where {@code v} is drawn, in decades (log10 v): the bottom edge for a value below it or 0, the top for +∞. */
    double position(double v) {
        if (v == Double.POSITIVE_INFINITY) {
            return high;
        }
        return v > 0 ? Math.max(low, Math.log10(v)) : low;
    }

    /** Every value of {@code values} at its {@link #position}. */
    double[] positions(double[] values) {
        double[] p = new double[values.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Double.isNaN(values[i]) ? Double.NaN : position(values[i]);
        }
        return p;
    }

    /** The label of a tick at {@code decade}: 0.001 … 1000 written out, 1e-5 and 1e6 beyond; "" between decades. */
    static String label(double decade) {
        String whole = AxisFormat.wholeNumber(decade);
        if (whole.isEmpty()) {
            return "";
        }
        int e = Integer.parseInt(whole);
        if (e >= -3 && e <= 3) {
            return BigDecimal.ONE.scaleByPowerOfTen(e).toPlainString();
        }
        return "1e" + e;
    }

    /** The value of the bottom edge as written on the axis. */
    String floor() {
        return label(low);
    }

    /** A line for the plot when values are clipped ("2 values below 1e-10 (or 0) drawn on the bottom edge"), else "". */
    String note() {
        if (clipped == 0) {
            return "";
        }
        return clipped + (clipped == 1 ? " value" : " values") + " below " + floor() + " (or 0) drawn on the bottom edge";
    }
}
