package dev.recurrent.cli.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

public class SeriesDatesTest {

    @Test
    void readsMonthsDaysAndYears() {
        assertEquals(LocalDate.of(1949, 1, 1), SeriesDates.parse("1949-01"));
        assertEquals(LocalDate.of(1981, 1, 2), SeriesDates.parse("1981-01-02"));
        assertEquals(LocalDate.of(2020, 3, 31), SeriesDates.parse("2020/03/31"));
        assertEquals(LocalDate.of(2021, 6, 1), SeriesDates.parse("2021-06-01T12:00:00"));
        assertEquals(LocalDate.of(1990, 1, 1), SeriesDates.parse(" 1990 "));
    }

    @Test
    void rejectsWhatIsNoDate() {
        assertNull(SeriesDates.parse("1-01"), "the shampoo data's year-month without a year");
        assertNull(SeriesDates.parse("1949-13"));
        assertNull(SeriesDates.parse("2021-02-30"));
        assertNull(SeriesDates.parse("1949-01/02"));
        assertNull(SeriesDates.parse("112"));
        assertNull(SeriesDates.parse(""));
    }

    @Test
    void aColumnIsACalendarOnlyIfEveryLabelIsADateAndTheyIncrease() {
        assertEquals(List.of(LocalDate.of(1949, 1, 1), LocalDate.of(1949, 2, 1)), SeriesDates.parseAll(List.of("1949-01", "1949-02")));
        assertNull(SeriesDates.parseAll(List.of("1949-01", "x")));
        assertNull(SeriesDates.parseAll(List.of("1949-02", "1949-01")), "not increasing");
        assertNull(SeriesDates.parseAll(List.of()));
    }

    @Test
    void theDatesAfterTheEndFollowTheLastStep() {
        assertEquals(List.of(LocalDate.of(1961, 1, 1), LocalDate.of(1961, 2, 1)),
                SeriesDates.following(List.of(LocalDate.of(1960, 11, 1), LocalDate.of(1960, 12, 1)), 2));
        assertEquals(List.of(LocalDate.of(1991, 1, 1)),
                SeriesDates.following(List.of(LocalDate.of(1990, 12, 30), LocalDate.of(1990, 12, 31)), 1));
        assertEquals(List.of(LocalDate.of(2003, 1, 1)),
                SeriesDates.following(List.of(LocalDate.of(2001, 1, 1), LocalDate.of(2002, 1, 1)), 1), "yearly");
        assertEquals(List.of(LocalDate.of(1985, 1, 8), LocalDate.of(1985, 1, 15)),
                SeriesDates.following(List.of(LocalDate.of(1984, 12, 25), LocalDate.of(1985, 1, 1)), 2), "weekly");
        // a daily series with a day missing (as 31 December of leap years in the temperature data)
        assertEquals(List.of(LocalDate.of(2001, 1, 6)), SeriesDates.following(List.of(LocalDate.of(2001, 1, 1),
                LocalDate.of(2001, 1, 2), LocalDate.of(2001, 1, 4), LocalDate.of(2001, 1, 5)), 1));
        assertNull(SeriesDates.following(List.of(LocalDate.of(2001, 1, 1)), 1), "one date has no step");
    }

    @Test
    void aDateIsAYearWithItsFraction() {
        assertEquals(1949.0, SeriesDates.year(LocalDate.of(1949, 1, 1)));
        assertEquals(2000.5, SeriesDates.year(LocalDate.of(2000, 7, 2)), 1e-12);
        assertEquals(2000 + 366 / 366.0 - 1 / 366.0, SeriesDates.year(LocalDate.of(2000, 12, 31)), 1e-12);
    }

    @Test
    void theFirstCsvColumnGivesTheDatesUnlessItIsTheSeries(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("a.csv");
        Files.writeString(csv, "\"Month\",\"Passengers\"\r\n\"1949-01\",112\r\n\"1949-02\",118");
        SeriesDates.Column c = SeriesDates.ofCsv(csv, "Passengers");
        assertEquals("Month", c.name());
        assertEquals(List.of(LocalDate.of(1949, 1, 1), LocalDate.of(1949, 2, 1)), c.dates());
        assertNull(SeriesDates.ofCsv(csv, "Month"), "the series' own column");
        Path shampoo = dir.resolve("s.csv");
        Files.writeString(shampoo, "Month,Sales\n1-01,266.0\n1-02,145.9\n");
        assertNull(SeriesDates.ofCsv(shampoo, "Sales"));
        Path one = dir.resolve("one.csv");
        Files.writeString(one, "v\n1990\n1991\n");
        assertNull(SeriesDates.ofCsv(one, "v"), "a single column is the series");
    }
}
