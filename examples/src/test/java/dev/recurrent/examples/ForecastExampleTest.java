package dev.recurrent.examples;

import dev.recurrent.data.Csv;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForecastExampleTest {
    static final Path CSV = Path.of("data/airline-passengers.csv");

    @Test
    void beatsThePersistenceForecastClearly() throws Exception {
        ForecastExample.Result r = ForecastExample.forecast(CSV);
        float[] s = Csv.readColumn(CSV, "Passengers");
        double sum = 0;
        for (int m = s.length - ForecastExample.TEST_MONTHS; m < s.length; m++) {
            sum += (s[m] - s[m - 1]) * (double) (s[m] - s[m - 1]);
        }
        assertEquals(Math.sqrt(sum / ForecastExample.TEST_MONTHS), r.persistenceRmse(), 1e-9,
                "persistence over the test months");
        assertTrue(r.lstmRmse() < 0.75 * r.persistenceRmse(), r.toString());
    }
}
