package dev.recurrent.cli.demos;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HumanDatesTest {

    @Test
    void everyFormatWritesTheSameDate() {
        LocalDate d = LocalDate.of(1999, 5, 3);
        List<String> written = HumanDates.FORMATS.stream().map(f -> f.apply(d)).toList();
        assertEquals(List.of("monday 3 may 1999", "03/05/99", "May 3rd, 1999", "3 May 1999", "1999-05-03", "03.05.1999",
                "3 may 1999", "Mon, 3 May 1999", "MAY 3, 1999", "3/5/1999", "the 3rd of may 1999", "03 may 99"), written);
        assertEquals("th", HumanDates.ordinal(11));
        assertEquals("nd", HumanDates.ordinal(22));
        assertEquals("st", HumanDates.ordinal(31));
    }

    @Test
    void generatesDistinctTextsOfDatesInRangeFromASeed() {
        List<HumanDates.Example> a = HumanDates.generate(500, new Random(7)), b = HumanDates.generate(500, new Random(7));
        assertEquals(a, b);
        assertEquals(500, new HashSet<>(a.stream().map(HumanDates.Example::text).toList()).size());
        for (HumanDates.Example e : a) {
            LocalDate d = LocalDate.parse(e.iso());
            assertTrue(!d.isBefore(HumanDates.FIRST) && !d.isAfter(HumanDates.LAST), e.iso());
            assertEquals(HumanDates.FORMATS.get(e.format()).apply(d), e.text());
            for (char c : e.text().toCharArray()) {
                DateEncoding.INPUT.index(c);
            }
        }
        assertEquals(12, a.stream().map(HumanDates.Example::format).distinct().count(), "every format drawn");
    }

    @Test
    void showsOneDateOfEachFormatFirst() {
        List<HumanDates.Example> examples = List.of(new HumanDates.Example("1999-05-03", "1999-05-03", 4),
                new HumanDates.Example("03/05/99", "1999-05-03", 1), new HumanDates.Example("04/05/99", "1999-05-04", 1),
                new HumanDates.Example("1999-05-04", "1999-05-04", 4));
        assertEquals(List.of(1, 0, 2), HumanDates.oneOfEachFormat(examples, 3));
    }
}
