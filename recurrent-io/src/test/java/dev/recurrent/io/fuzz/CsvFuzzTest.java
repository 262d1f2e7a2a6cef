package dev.recurrent.io.fuzz;

import dev.recurrent.data.Csv;
import dev.recurrent.data.MalformedDataException;

import java.nio.file.Path;

/** {@link Csv}: any bytes as a CSV file, its header, a column by name and by index, and a text column. */
class CsvFuzzTest {
    private static final FuzzFiles FILES = new FuzzFiles("csv");
    private static final ParserContract CSV = ParserContract.of("Csv", MalformedDataException.class);

    @ParserFuzzTest
    void csv(byte[] input) {
        Path file = FILES.write("data.csv", input);
        CSV.check(() -> Csv.header(file));
        CSV.check(() -> Csv.readColumn(file, "value"));
        CSV.check(() -> Csv.readColumn(file, 1));
        CSV.check(() -> Csv.readText(file, 0));
    }
}
