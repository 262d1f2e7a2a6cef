package dev.recurrent.cli.report;

import dev.recurrent.data.Csv;

import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dates of a time series' rows, read from the labels of its first CSV column ("1949-01",
 * "1981-01-02", "2020/03/31", "1990", "2021-06-01T12:00:00"), so that a plot can run along the
 * calendar instead of the row number; and the dates that follow the last one at the series' step.
 */
public final class SeriesDates {
    private static final Pattern DATE =
            Pattern.compile("(\\d{4})(?:([-/.])(\\d{1,2})(?:\\2(\\d{1,2})(?:[T ][0-9:.]+Z?)?)?)?");

    /** The dates of a CSV's rows, from its column {@code name}. */
    public record Column(String name, List<LocalDate> dates) {
    }

    private SeriesDates() {
    }

    /**
     * The dates of the rows of {@code csv} when its first column holds them and is not the series'
     * own column {@code series}; null otherwise, or if the file cannot be read again.
     */
    public static Column ofCsv(Path csv, String series) {
        try {
            List<String> header = Csv.header(csv);
            if (header.size() < 2 || header.get(0).equals(series)) {
                return null;
            }
            List<LocalDate> dates = parseAll(Csv.readText(csv, 0));
            return dates == null ? null : new Column(header.get(0), dates);
        } catch (IOException e) {
            return null;
        }
    }

    /** One label as a date (a month is its first day, a year its 1 January), or null if it is none. */
    static LocalDate parse(String label) {
        Matcher m = DATE.matcher(label.strip());
        if (!m.matches()) {
            return null;
        }
        try {
            int year = Integer.parseInt(m.group(1));
            int month = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
            int day = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * The dates of all labels, or null unless every label is a date and they increase strictly (a
     * column of anything else, such as "1-01" or row numbers, is not a calendar).
     */
    static List<LocalDate> parseAll(List<String> labels) {
        if (labels == null || labels.isEmpty()) {
            return null;
        }
        List<LocalDate> dates = new ArrayList<>(labels.size());
        for (String label : labels) {
            LocalDate d = parse(label);
            if (d == null || (!dates.isEmpty() && !d.isAfter(dates.get(dates.size() - 1)))) {
                return null;
            }
            dates.add(d);
        }
        return dates;
    }

    /**
     * {@code n} dates after the last of {@code dates}, at the step between the last two: a whole
     * number of months when they fall on the same day of the month (monthly, yearly data), else of
     * days; null for fewer than two dates.
     */
    public static List<LocalDate> following(List<LocalDate> dates, int n) {
        if (dates.size() < 2) {
            return null;
        }
        LocalDate before = dates.get(dates.size() - 2), last = dates.get(dates.size() - 1);
        ChronoUnit unit = before.getDayOfMonth() == last.getDayOfMonth() ? ChronoUnit.MONTHS : ChronoUnit.DAYS;
        long step = unit.between(before, last);
        List<LocalDate> next = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            next.add(last.plus(step * i, unit));
        }
        return next;
    }

    /** The date as a year with its fraction: 2000-07-02, day 184 of 366, is 2000.5. */
    static double year(LocalDate d) {
        return d.getYear() + (d.getDayOfYear() - 1) / (double) d.lengthOfYear();
    }
}
