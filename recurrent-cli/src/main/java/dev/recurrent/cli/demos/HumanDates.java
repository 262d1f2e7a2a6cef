package dev.recurrent.cli.demos;

import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Dates as people write them ("saturday 3 may 1999", "03/05/99", "May 3rd, 1999", ...) paired with
 * their ISO form ("1999-05-03"), drawn with a seed between 1950 and 2049. Days come before months in
 * numeric forms (day/month/year), and two-digit years 50–99 are 19xx, 00–49 are 20xx, so every
 * text names one date.
 */
final class HumanDates {
    static final LocalDate FIRST = LocalDate.of(1950, 1, 1);
    static final LocalDate LAST = LocalDate.of(2049, 12, 31);

    /** One written date, its ISO form, and the index of its format in {@link #FORMATS}. */
    record Example(String text, String iso, int format) {
    }

    /** The ways of writing a date, each a function of the date. */
    static final List<Function<LocalDate, String>> FORMATS = List.of(
            d -> weekday(d) + " " + d.getDayOfMonth() + " " + month(d) + " " + d.getYear(),
            d -> String.format(Locale.ROOT, "%02d/%02d/%02d", d.getDayOfMonth(), d.getMonthValue(), d.getYear() % 100),
            d -> capital(month(d)) + " " + d.getDayOfMonth() + ordinal(d.getDayOfMonth()) + ", " + d.getYear(),
            d -> d.getDayOfMonth() + " " + capital(month(d)) + " " + d.getYear(),
            d -> d.toString(),
            d -> String.format(Locale.ROOT, "%02d.%02d.%d", d.getDayOfMonth(), d.getMonthValue(), d.getYear()),
            d -> d.getDayOfMonth() + " " + shortMonth(d) + " " + d.getYear(),
            d -> capital(shortWeekday(d)) + ", " + d.getDayOfMonth() + " " + capital(shortMonth(d)) + " " + d.getYear(),
            d -> month(d).toUpperCase(Locale.ROOT) + " " + d.getDayOfMonth() + ", " + d.getYear(),
            d -> String.format(Locale.ROOT, "%d/%d/%d", d.getDayOfMonth(), d.getMonthValue(), d.getYear()),
            d -> "the " + d.getDayOfMonth() + ordinal(d.getDayOfMonth()) + " of " + month(d) + " " + d.getYear(),
            d -> String.format(Locale.ROOT, "%02d %s %02d", d.getDayOfMonth(), shortMonth(d), d.getYear() % 100));

    private HumanDates() {
    }

    /** {@code n} examples of distinct texts, each of a random date in a random format. */
    static List<Example> generate(int n, Random random) {
        long days = LAST.toEpochDay() - FIRST.toEpochDay() + 1;
        Set<String> texts = new HashSet<>();
        List<Example> examples = new ArrayList<>(n);
        while (examples.size() < n) {
            LocalDate d = LocalDate.ofEpochDay(FIRST.toEpochDay() + (long) (random.nextDouble() * days));
            int format = random.nextInt(FORMATS.size());
            String text = FORMATS.get(format).apply(d);
            if (texts.add(text)) {
                examples.add(new Example(text, d.toString(), format));
            }
        }
        return examples;
    }

    /**
     * The indices of {@code n} examples to show: the first of each format in the order of
     * {@link #FORMATS}, then the others in order when some format is missing.
     */
    static List<Integer> oneOfEachFormat(List<Example> examples, int n) {
        List<Integer> picked = new ArrayList<>();
        for (int f = 0; f < FORMATS.size() && picked.size() < n; f++) {
            for (int i = 0; i < examples.size(); i++) {
                if (examples.get(i).format() == f) {
                    picked.add(i);
                    break;
                }
            }
        }
        for (int i = 0; i < examples.size() && picked.size() < n; i++) {
            if (!picked.contains(i)) {
                picked.add(i);
            }
        }
        return picked;
    }

    static String ordinal(int day) {
        if (day >= 11 && day <= 13) {
            return "th";
        }
        return switch (day % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }

    private static String weekday(LocalDate d) {
        return d.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
    }

    private static String shortWeekday(LocalDate d) {
        return weekday(d).substring(0, 3);
    }

    private static String month(LocalDate d) {
        return d.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
    }

    private static String shortMonth(LocalDate d) {
        return month(d).substring(0, 3);
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
