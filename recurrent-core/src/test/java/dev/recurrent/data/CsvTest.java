package dev.recurrent.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvTest {
    @TempDir
    Path dir;

    Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    static String failure(Path file, String column) {
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> Csv.readColumn(file, column));
        assertTrue(e.getMessage().startsWith(file.toString() + ":"), "names the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsTheRealShampooSeries() throws IOException {
        Path file = TestData.resource("shampoo-sales.csv");
        assertEquals(List.of("Month", "Sales"), Csv.header(file));
        float[] sales = Csv.readColumn(file, "Sales");
        assertEquals(36, sales.length);
        assertEquals(266.0f, sales[0]);
        assertEquals(145.9f, sales[1]);
        assertEquals(646.9f, sales[35]);
        double sum = 0, min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (float v : sales) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(11253.6, sum, 1e-3);
        assertEquals(119.3f, (float) min);
        assertEquals(682.0f, (float) max);
        assertArrayEquals(sales, Csv.readColumn(file, 1));
        // the quoted dates are not numbers, and the message says so
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> Csv.readColumn(file, "Month"));
        assertTrue(e.getMessage().contains("line 2, column \"Month\": \"1-01\" is not a number"), e.getMessage());
    }

    @Test
    void readsAColumnAsText() throws IOException {
        Path file = write("dates.csv", "\"Month\",\"Passengers\"\r\n\"1949-01\",112\r\n\r\n 1949-02 ,118\r\n\"19,49\",1");
        assertEquals(List.of("1949-01", "1949-02", "19,49"), Csv.readText(file, 0));
        assertEquals(List.of("112", "118", "1"), Csv.readText(file, 1));
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> Csv.readText(file, 2));
        assertTrue(e.getMessage().contains("no column 2"), e.getMessage());
        Path ragged = write("ragged.csv", "a,b\n1,2\n3\n");
        e = assertThrows(MalformedDataException.class, () -> Csv.readText(ragged, 0));
        assertTrue(e.getMessage().contains("line 3 has 1 field"), e.getMessage());
    }

    @Test
    void readsTheRealAirlineSeries() throws IOException {
        float[] p = Csv.readColumn(TestData.resource("airline-passengers.csv"), "Passengers");
        assertEquals(144, p.length);
        assertEquals(112f, p[0]);
        assertEquals(432f, p[143]);
    }

    @Test
    void quotedFieldsMayHoldCommasQuotesAndLineBreaks() throws IOException {
        Path f = write("q.csv", "\uFEFF\"Name, full\",\"Value\"\n\"a,b\",1.5\n\"say \"\"hi\"\"\",\"-2e1\"\n\n\"two\nlines\", 3\n");
        assertEquals(List.of("Name, full", "Value"), Csv.header(f));
        assertArrayEquals(new float[] {1.5f, -20f, 3f}, Csv.readColumn(f, "Value"));
        assertArrayEquals(new float[] {1.5f, -20f, 3f}, Csv.readColumn(f, 1));
        String m = failure(f, "Name, full");
        assertTrue(m.contains("line 2, column \"Name, full\": \"a,b\" is not a number"), m);
    }

    @Test
    void unknownColumnListsTheKnownOnes() throws IOException {
        Path f = write("s.csv", "\"Month\",\"Sales\"\r\n\"1-01\",266.0");
        String m = failure(f, "Salez");
        assertTrue(m.contains("no column \"Salez\" in the header (line 1); the columns are \"Month\", \"Sales\""), m);
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> Csv.readColumn(f, 2));
        assertTrue(e.getMessage().contains("has 2 columns"), e.getMessage());
    }

    @Test
    void emptyFile() throws IOException {
        Path f = write("empty.csv", "");
        assertTrue(failure(f, "Sales").contains("the file is empty"));
        Path blank = write("blank.csv", "\r\n\n");
        assertTrue(failure(blank, "Sales").contains("the file is empty"));
        Path headerOnly = write("header.csv", "\"Month\",\"Sales\"\r\n");
        assertTrue(failure(headerOnly, "Sales").contains("not followed by any row"));
    }

    @Test
    void nonNumericCellIsQuoted() throws IOException {
        Path f = write("s.csv", "Month,Sales\n1-01,266.0\n1-02,abc\n");
        String m = failure(f, "Sales");
        assertTrue(m.contains("line 3, column \"Sales\": \"abc\" is not a number"), m);
        Path empty = write("e.csv", "Month,Sales\n1-01,\n");
        m = failure(empty, "Sales");
        assertTrue(m.contains("line 2, column \"Sales\": \"\" is not a number"), m);
        Path nan = write("n.csv", "Sales\nNaN\n");
        assertTrue(failure(nan, "Sales").contains("\"NaN\" is not a number"));
    }

    @Test
    void raggedRow() throws IOException {
        Path f = write("r.csv", "Month,Sales\r\n1-01,266.0\r\n1-02,145.9,extra\r\n");
        String m = failure(f, "Sales");
        assertTrue(m.contains("line 3 has 3 fields, but the header (line 1) has 2"), m);
        Path shortRow = write("r2.csv", "Month,Sales\n1-01\n");
        assertTrue(failure(shortRow, "Sales").contains("line 2 has 1 field, but the header (line 1) has 2"));
    }

    @Test
    void brokenQuotes() throws IOException {
        Path open = write("o.csv", "Sales\n\"12\n");
        assertTrue(failure(open, "Sales").contains("line 2: a quoted field is not closed"));
        Path after = write("a.csv", "Sales\n\"12\"x\n");
        assertTrue(failure(after, "Sales").contains("line 2: unexpected 'x' after the closing quote"));
        Path inside = write("i.csv", "Sales\n1\"2\n");
        assertTrue(failure(inside, "Sales").contains("line 2: a quote inside the unquoted field"));
    }

    @Test
    void missingFileNamesThePath() {
        Path f = dir.resolve("nope.csv");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Csv.readColumn(f, "Sales"));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }
}
