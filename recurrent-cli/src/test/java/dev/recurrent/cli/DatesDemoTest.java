package dev.recurrent.cli;

import dev.recurrent.cli.DemoCommandsTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.recurrent.cli.DemoCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code demo dates} end to end, with tiny settings: both variants train, decode, and report. */
public class DatesDemoTest {
    private static final Pattern ACCURACY = Pattern.compile(
            "(plain|attention): exact match on (\\d+) held-out dates: greedy (\\d+\\.\\d{2})%, beam 2 (\\d+\\.\\d{2})%");
    private static final Pattern SHOWN = Pattern.compile("(?m)^(\\S.*?) +-> (\\S*) (☑|☒ (\\d{4}-\\d{2}-\\d{2}))$");

    @Test
    void tinyRunPrintsAccuraciesAndWritesTheReport(@TempDir Path dir) throws Exception {
        Run r = run("demo", "dates", "--samples", "300", "--epochs", "2", "--units", "16", "--beam", "2", "--shown", "2",
                "--quiet", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        String out = r.out();

        Map<String, double[]> accuracy = new LinkedHashMap<>();
        Matcher m = ACCURACY.matcher(out);
        while (m.find()) {
            assertEquals(30, Integer.parseInt(m.group(2)), "a tenth of 300 held out");
            accuracy.put(m.group(1), new double[] {Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4))});
        }
        assertEquals(2, accuracy.size(), out);
        for (double[] a : accuracy.values()) {
            assertTrue(a[0] >= 0 && a[0] <= 100 && a[1] >= 0 && a[1] <= 100, out);
        }
        assertTrue(out.contains("Exact match on the held-out dates:"), out);

        Matcher shown = SHOWN.matcher(out);
        int examples = 0;
        while (shown.find()) {
            examples++;
            assertTrue(shown.group(2).length() <= 11, "at most 11 characters, the length limit of the decoding: " + shown.group());
        }
        assertTrue(examples >= 4, "2 held-out dates shown per variant, and the mistakes: " + out);

        for (String png : new String[] {"plain-loss.png", "plain-accuracy.png", "attention-loss.png",
                "attention-accuracy.png", "attention-1.png", "attention-2.png"}) {
            assertTrue(Files.size(dir.resolve(png)) > 1000, png + " missing or (nearly) empty");
        }
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("attention-1.png") && html.contains("attention-loss.png")
                && html.contains("Exact match on the held-out dates"), html);
    }

    @Test
    void refusesAnUnknownVariant() {
        Run r = run("demo", "dates", "--variant", "luong");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--variant must be attention, plain or both, got 'luong'"), r.err());
    }
}
