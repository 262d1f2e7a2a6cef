package dev.recurrent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train forecast} says so, in one line, when its model loses to repeating the last value. */
public class PersistenceWarningTest {
    private static final Pattern TEST_RMSE = Pattern.compile("Test RMSE: (\\d+\\.\\d{3}) \\(persistence: (\\d+\\.\\d{3})\\)");

    private static Path airline(Path dir) throws Exception {
        try (InputStream in = PersistenceWarningTest.class.getResourceAsStream("/airline-passengers.csv")) {
            Path csv = dir.resolve("airline-passengers.csv");
            Files.copy(in, csv);
            return csv;
        }
    }

    @Test
    void theWarningNamesBothFiguresAndWhatToTry() {
        assertEquals("warning: the model's test RMSE 69.7 is worse than persistence's 50.9 (repeating the last value);"
                + " try --difference 1", TrainForecastCommand.persistenceWarning(69.71, 50.946, 0));
        assertTrue(TrainForecastCommand.persistenceWarning(60, 50, 1).endsWith("; try more --epochs, another"
                + " --look-back or --units"));
        assertTrue(TrainForecastCommand.persistenceWarning(Double.NaN, 50, 0).startsWith("warning: the model's test RMSE NaN"));
        assertNull(TrainForecastCommand.persistenceWarning(20.25, 50.946, 1));
        assertNull(TrainForecastCommand.persistenceWarning(50.946, 50.946, 0), "a tie is not worse");
    }

    @Test
    void theDefaultsOnTheAirlineSeriesLoseToPersistenceAndSaySo(@TempDir Path dir) throws Exception {
        Path csv = airline(dir);
        DemoCommandsTest.Run plain = DemoCommandsTest.run("train", "forecast", "--csv", csv.toString(), "--quiet",
                "--out", dir.resolve("plain").toString());
        assertEquals(0, plain.code(), plain.err());
        Matcher m = TEST_RMSE.matcher(plain.out());
        assertTrue(m.find(), plain.out());
        double rmse = Double.parseDouble(m.group(1)), persistence = Double.parseDouble(m.group(2));
        assertTrue(rmse > persistence, "the undifferenced trend is not learnt: " + plain.out());
        assertEquals(TrainForecastCommand.persistenceWarning(rmse, persistence, 0) + "\n", plain.err());
        assertTrue(Files.readString(dir.resolve("plain").resolve("report.html")).contains("is worse than persistence"));

        DemoCommandsTest.Run differenced = DemoCommandsTest.run("train", "forecast", "--csv", csv.toString(),
                "--difference", "1", "--quiet", "--out", dir.resolve("differenced").toString());
        assertEquals(0, differenced.code(), differenced.err());
        Matcher d = TEST_RMSE.matcher(differenced.out());
        assertTrue(d.find() && Double.parseDouble(d.group(1)) < Double.parseDouble(d.group(2)), differenced.out());
        assertEquals("", differenced.err(), "no warning when the model wins");
    }
}
