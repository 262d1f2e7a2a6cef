package dev.recurrent.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads one numeric column of a small CSV file with a header line, such as the time series of
 * shampoo sales and airline passengers ({@code "Month","Sales"} / {@code "1-01",266.0}, CRLF, no final newline).
 *
 * <p>The format, kept strict and simple (RFC 4180): UTF-8 (a leading byte-order mark is ignored);
 * fields separated by commas; a field may be enclosed in double quotes, and then may hold commas,
 * line breaks and doubled quotes ({@code ""}); lines end with LF, CRLF or CR, the last one
 * optionally; blank lines are skipped (as pandas does). The first non-blank line is the header.
 * Every row must have as many fields as the header. A numeric cell is a decimal number
 * ({@code 266.0}, {@code -1.5e3}, optionally quoted, surrounding spaces allowed); anything else
 * (empty, {@code NaN}, {@code 1,5}, {@code 0x10}) is an error that names the file, line, column
 * and the value. Values are parsed as double and rounded to float once.
 */
public final class Csv {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private Csv() {
    }

    /** The values of the column named {@code column} in the header, one per row, top to bottom. */
    public static float[] readColumn(Path file, String column) throws IOException {
        if (column == null) {
            throw new IllegalArgumentException("Csv.readColumn: `column` must not be null");
        }
        return read(file, column, -1);
    }

    /** The values of column {@code index} (0 = the first), one per row, top to bottom. */
    public static float[] readColumn(Path file, int index) throws IOException {
        if (index < 0) {
            throw new IllegalArgumentException("Csv.readColumn: `index` must be >= 0, got " + index);
        }
        return read(file, null, index);
    }

    /** The column names of the header line. */
    public static List<String> header(Path file) throws IOException {
        try (Records in = open(file)) {
            List<String> header = in.next();
            if (header == null) {
                throw empty(file);
            }
            return List.copyOf(header);
        } catch (CharacterCodingException e) {
            throw new MalformedDataException(file + ": not valid UTF-8 text (" + e + ")");
        }
    }

    /**
     * The cells of column {@code index} (0 = the first) as text, one per row, top to bottom, surrounding
     * spaces removed: labels such as the dates of a time series.
     */
    public static List<String> readText(Path file, int index) throws IOException {
        if (index < 0) {
            throw new IllegalArgumentException("Csv.readText: `index` must be >= 0, got " + index);
        }
        List<String> cells = new ArrayList<>();
        scan(file, null, index, (cell, line, label) -> cells.add(cell.strip()));
        return cells;
    }

    private static float[] read(Path file, String name, int index) throws IOException {
        float[][] out = {new float[64]};
        int[] n = {0};
        scan(file, name, index, (cell, line, label) -> {
            String number = cell.strip();
            if (!NUMBER.matcher(number).matches()) {
                throw new MalformedDataException(file + ": line " + line + ", " + label + ": \"" + cell
                        + "\" is not a number");
            }
            if (n[0] == out[0].length) {
                out[0] = Arrays.copyOf(out[0], n[0] * 2);
            }
            out[0][n[0]++] = (float) Double.parseDouble(number);
        });
        return Arrays.copyOf(out[0], n[0]);
    }

    /** What is done with each cell of the column, as read: {@code label} names the column for messages. */
    private interface CellReader {
        void accept(String cell, int line, String label) throws MalformedDataException;
    }

    private static void scan(Path file, String name, int index, CellReader reader) throws IOException {
        try (Records in = open(file)) {
            List<String> header = in.next();
            if (header == null) {
                throw empty(file);
            }
            int headerLine = in.line();
            int col = name != null ? find(file, header, headerLine, name) : index;
            if (col >= header.size()) {
                throw new MalformedDataException(file + ": no column " + col + " (counting from 0): the header (line "
                        + headerLine + ") has " + header.size() + " columns, " + names(header));
            }
            String label = "column \"" + header.get(col) + "\"";
            int n = 0;
            for (List<String> row = in.next(); row != null; row = in.next()) {
                if (row.size() != header.size()) {
                    throw new MalformedDataException(file + ": line " + in.line() + " has " + row.size()
                            + (row.size() == 1 ? " field" : " fields") + ", but the header (line " + headerLine
                            + ") has " + header.size());
                }
                reader.accept(row.get(col), in.line(), label);
                n++;
            }
            if (n == 0) {
                throw new MalformedDataException(file + ": the header (line " + headerLine
                        + ") is not followed by any row of values");
            }
        } catch (CharacterCodingException e) {
            throw new MalformedDataException(file + ": not valid UTF-8 text (" + e + ")");
        }
    }

    private static int find(Path file, List<String> header, int headerLine, String name) throws MalformedDataException {
        int found = -1;
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).equals(name)) {
                if (found >= 0) {
                    throw new MalformedDataException(file + ": column \"" + name + "\" appears twice in the header, "
                            + "as columns " + found + " and " + i + " (counting from 0); read it by index");
                }
                found = i;
            }
        }
        if (found < 0) {
            throw new MalformedDataException(file + ": no column \"" + name + "\" in the header (line " + headerLine
                    + "); the columns are "
                    + names(header));
        }
        return found;
    }

    private static String names(List<String> header) {
        return header.stream().map(h -> "\"" + h + "\"").collect(Collectors.joining(", "));
    }

    private static MalformedDataException empty(Path file) {
        return new MalformedDataException(file + ": the file is empty; expected a header line, then one row per value");
    }

    private static Records open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such CSV file");
        }
        Reader r = new java.io.InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        return new Records(file, new BufferedReader(r, 1 << 16));
    }

    /** Splits the text into records of fields, skipping blank lines; tracks the line each record starts on. */
    private static final class Records implements AutoCloseable {
        private final Path file;
        private final BufferedReader in;
        private int physicalLine = 1, recordLine;
        private int pending = -2; // a character read ahead, or -2 for none
        private boolean started;

        Records(Path file, BufferedReader in) {
            this.file = file;
            this.in = in;
        }

        /** The line (from 1) the last record returned by {@link #next} started on. */
        int line() {
            return recordLine;
        }

        /** The next non-blank record, or null at the end of the file. */
        List<String> next() throws IOException {
            while (true) {
                int c = read();
                if (c < 0) {
                    return null;
                }
                if (c == '\r' || c == '\n') {
                    endOfLine(c);
                    continue; // a blank line
                }
                recordLine = physicalLine;
                pending = c;
                return record();
            }
        }

        private List<String> record() throws IOException {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            while (true) {
                int c = read();
                if (c == '"' && field.length() == 0) {
                    quoted(field);
                    c = read();
                    if (c >= 0 && c != ',' && c != '\r' && c != '\n') {
                        throw new MalformedDataException(file + ": line " + physicalLine + ": unexpected '"
                                + (char) c + "' after the closing quote of field " + (fields.size() + 1)
                                + "; expected a comma or the end of the line");
                    }
                } else {
                    while (c >= 0 && c != ',' && c != '\r' && c != '\n') {
                        if (c == '"') {
                            throw new MalformedDataException(file + ": line " + physicalLine + ": a quote inside the "
                                    + "unquoted field " + (fields.size() + 1) + " (\"" + field
                                    + "\"…); quote the whole field and double the quote");
                        }
                        field.append((char) c);
                        c = read();
                    }
                }
                fields.add(field.toString());
                field.setLength(0);
                if (c != ',') {
                    if (c >= 0) {
                        endOfLine(c);
                    }
                    return fields;
                }
            }
        }

        private void quoted(StringBuilder field) throws IOException {
            int start = physicalLine;
            while (true) {
                int c = read();
                if (c < 0) {
                    throw new MalformedDataException(file + ": line " + start
                            + ": a quoted field is not closed before the end of the file");
                }
                if (c == '"') {
                    int d = read();
                    if (d != '"') {
                        pending = d;
                        return;
                    }
                } else if (c == '\r' || c == '\n') {
                    endOfLine(c);
                    field.append('\n');
                    continue;
                }
                field.append((char) c);
            }
        }

        private void endOfLine(int c) throws IOException {
            if (c == '\r') {
                int d = read();
                if (d != '\n') {
                    pending = d;
                }
            }
            physicalLine++;
        }

        private int read() throws IOException {
            if (pending != -2) {
                int c = pending;
                pending = -2;
                return c;
            }
            int c = in.read();
            if (!started) {
                started = true;
                if (c == '\uFEFF') {
                    c = in.read();
                }
            }
            return c;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
