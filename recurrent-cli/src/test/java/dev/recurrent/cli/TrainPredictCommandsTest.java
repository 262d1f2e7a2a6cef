package dev.recurrent.cli;

import dev.recurrent.cli.DemoCommandsTest.Run;
import dev.recurrent.cli.run.StagedDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.recurrent.cli.DemoCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code recurrent train forecast|classify}, {@code predict} and {@code summary} end to end on small
 * files, through the command line: a saved model predicts what the training run printed, and every
 * user error is one line, exit code 2, with nothing written.
 */
public class TrainPredictCommandsTest {
    private static final Pattern FORECAST_LINE = Pattern.compile("(?m)^\\s*\\+(\\d+)\\s+(-?\\d+\\.\\d{4})$");
    private static final Pattern PROBABILITY = Pattern.compile("(?m)^  (\\w+)  (\\d\\.\\d{4})$");

    /** 48 monthly values: a trend and a yearly wave. */
    private static Path series(Path dir) throws IOException {
        StringBuilder s = new StringBuilder("\"Month\",\"Value\"\r\n");
        for (int i = 0; i < 48; i++) {
            s.append(String.format(Locale.ROOT, "\"m%d\",%.1f\r\n", i + 1, 100 + 2.0 * i + 10 * Math.sin(2 * Math.PI * i / 12)));
        }
        Path f = dir.resolve("series.csv");
        Files.writeString(f, s);
        return f;
    }

    /** The {@code +k value} lines of a printed forecast. */
    private static List<String> forecastLines(String out) {
        List<String> lines = new ArrayList<>();
        Matcher m = FORECAST_LINE.matcher(out);
        while (m.find()) {
            lines.add(m.group(1) + " " + m.group(2));
        }
        return lines;
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static void assertNonEmptyFile(Path p) throws IOException {
        assertTrue(Files.isRegularFile(p), p + " missing");
        assertTrue(Files.size(p) > 100, p + " is (nearly) empty");
    }

    @Test
    void forecastTrainThenPredictAndSummary(@TempDir Path dir) throws Exception {
        Path csv = series(dir);
        Path out = dir.resolve("runs").resolve("f");
        Run train = run("train", "forecast", "--csv", csv.toString(), "--column", "Value", "--look-back", "6",
                "--difference", "1", "--units", "8", "--epochs", "5", "--batch", "8", "--forecast", "5", "--seed", "3",
                "--quiet", "--out", out.toString());
        assertEquals(0, train.code(), train.err());
        String o = train.out();
        assertTrue(o.contains("48 values") && o.contains("differenced"), o);
        assertTrue(o.matches("(?s).*Test RMSE: \\d+\\.\\d{3} \\(persistence: \\d+\\.\\d{3}\\), 8 windows.*"), o);
        List<String> trained = forecastLines(o);
        assertEquals(5, trained.size(), o);
        for (String f : new String[] {"forecast.model", "forecast.json", "forecast.png", "loss.png", "report.html"}) {
            assertNonEmptyFile(out.resolve(f));
        }
        assertEquals(List.of("f"), listing(dir.resolve("runs")), "no partial folder left next to the run");
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("Finished in") && html.contains("<img ") && html.contains("Test RMSE"), html);
        String sidecar = Files.readString(out.resolve("forecast.json"));
        assertTrue(sidecar.contains("\"look_back\" : 6") && sidecar.contains("\"difference\" : 1")
                && sidecar.contains("\"type\" : \"minmax\""), sidecar);

        // the saved model forecasts what the training run printed: from the CSV, from the run directory, from --input
        Run p1 = run("predict", "--model", out.resolve("forecast.model").toString(), "--csv", csv.toString(), "--forecast", "5");
        assertEquals(0, p1.code(), p1.err());
        assertEquals(trained, forecastLines(p1.out()), p1.out());
        Run p2 = run("predict", "--model", out.toString(), "--csv", csv.toString(), "--column", "1", "--forecast", "5");
        assertEquals(trained, forecastLines(p2.out()), p2.out());
        List<String> values = Files.readAllLines(csv).subList(1, 49);
        String last7 = values.subList(41, 48).stream().map(l -> l.split(",")[1]).collect(Collectors.joining(" "));
        Run p3 = run("predict", "--model", out.toString(), "--input", last7, "--forecast", "5");
        assertEquals(0, p3.code(), p3.err());
        assertEquals(trained, forecastLines(p3.out()), "the last look-back + 1 values are all a forecast needs: " + p3.out());
        Run p4 = run("predict", "--model", out.toString(), "--input", last7);
        assertEquals(trained.subList(0, 1), forecastLines(p4.out()), "by default, the horizon: " + p4.out());

        Run s = run("summary", "--model", out.resolve("forecast.model").toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("Model: \"forecast\"") && s.out().contains("lstm (LSTM)")
                && s.out().contains("Total params: 329"), s.out());   // LSTM(8) on 1 feature: 4·8·(1+8+1) = 320; Dense(1): 8 + 1
        assertTrue(s.out().contains("Training config: loss mean_squared_error; optimizer Adam"), s.out());
        assertTrue(s.out().contains("look_back: 6") && s.out().contains("test_rmse: "), s.out());
    }

    @Test
    void forecastSeveralStepsAhead(@TempDir Path dir) throws Exception {
        Path csv = series(dir);
        Path out = dir.resolve("h3");
        Run train = run("train", "forecast", "--csv", csv.toString(), "--look-back", "5", "--horizon", "3", "--scale",
                "standard", "--cell", "gru", "--units", "4", "--epochs", "3", "--forecast", "7", "--quiet", "--out",
                out.toString());
        assertEquals(0, train.code(), train.err());
        assertTrue(train.out().contains("  t+3: "), train.out());
        assertTrue(train.out().contains("gru (GRU)"), train.out());
        List<String> trained = forecastLines(train.out());
        assertEquals(7, trained.size(), "7 values from windows of 3: " + train.out());
        Run p = run("predict", "--model", out.toString(), "--csv", csv.toString(), "--forecast", "7");
        assertEquals(0, p.code(), p.err());
        assertEquals(trained, forecastLines(p.out()));
    }

    /** Lines of label TAB tokens: the label is the colour word hidden among filler words. */
    static Path labelled(Path dir, String... labels) throws IOException {
        Random r = new Random(5);
        String[] filler = "the a film plot was very quite".split(" ");
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 90; i++) {
            String label = labels[r.nextInt(labels.length)];
            List<String> tokens = new ArrayList<>();
            for (int k = 2 + r.nextInt(5); k > 0; k--) {
                tokens.add(filler[r.nextInt(filler.length)]);
            }
            tokens.add(r.nextInt(tokens.size() + 1), label + "ish");
            s.append(label).append('\t').append(String.join(" ", tokens)).append('\n');
            if (i % 30 == 0) {
                s.append('\n');   // blank lines are skipped
            }
        }
        Path f = dir.resolve("labelled.txt");
        Files.writeString(f, s, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void classifyTrainThenPredictAndSummary(@TempDir Path dir) throws Exception {
        Path file = labelled(dir, "pos", "neg");
        Path out = dir.resolve("c");
        Run train = run("train", "classify", "--file", file.toString(), "--epochs", "12", "--units", "8",
                "--embedding-dim", "8", "--batch", "16", "--quiet", "--out", out.toString());
        assertEquals(0, train.code(), train.err());
        assertTrue(train.out().contains("90 lines, 2 labels (neg, pos); 72 train, 18 test"), train.out());
        assertTrue(train.out().contains("Dense(1, sigmoid)") && train.out().contains("embedding (Embedding)"), train.out());
        Matcher acc = Pattern.compile("Test accuracy: (\\d\\.\\d{4}) \\((\\d+) of 18 lines\\)").matcher(train.out());
        assertTrue(acc.find(), train.out());
        for (String f : new String[] {"classifier.model", "classifier.json", "accuracy.png", "loss.png", "report.html"}) {
            assertNonEmptyFile(out.resolve(f));
        }

        Run p = run("predict", "--model", out.toString(), "--input", "the film was posish");
        assertEquals(0, p.code(), p.err());
        Matcher m = PROBABILITY.matcher(p.out());
        double sum = 0;
        List<String> labels = new ArrayList<>();
        while (m.find()) {
            labels.add(m.group(1));
            sum += Double.parseDouble(m.group(2));
        }
        assertEquals(List.of("neg", "pos"), labels, p.out());
        assertEquals(1.0, sum, 2e-4, p.out());
        assertTrue(p.out().startsWith("Predicted: "), p.out());

        Run pf = run("predict", "--model", out.toString(), "--file", file.toString());
        assertEquals(0, pf.code(), pf.err());
        assertTrue(pf.out().matches("(?s)line 1: (pos|neg) \\(neg \\d\\.\\d{4}, pos \\d\\.\\d{4}\\)  (right|wrong: \\w+)\n.*"
                + "Accuracy: \\d\\.\\d{4} \\(\\d+ of 90 labelled lines\\)\n"), pf.out());

        Run s = run("summary", "--model", out.resolve("classifier.model").toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("binary_crossentropy") && s.out().contains("metrics accuracy"), s.out());
        assertTrue(s.out().contains("vocabulary: 9 tokens") && s.out().contains("labels: [\"neg\",\"pos\"]"), s.out());
    }

    @Test
    void classifySeveralLabelsLearnsTheHiddenWord(@TempDir Path dir) throws Exception {
        Path file = labelled(dir, "red", "green", "blue");
        Path out = dir.resolve("c3");
        Run train = run("train", "classify", "--file", file.toString(), "--epochs", "40", "--learning-rate", "0.01",
                "--units", "8", "--embedding-dim", "8", "--batch", "8", "--seed", "2", "--quiet", "--out", out.toString());
        assertEquals(0, train.code(), train.err());
        assertTrue(train.out().contains("Dense(3, softmax)"), train.out());
        Matcher acc = Pattern.compile("Test accuracy: (\\d\\.\\d{4})").matcher(train.out());
        assertTrue(acc.find(), train.out());
        assertTrue(Double.parseDouble(acc.group(1)) >= 0.8, "the label word decides the class: " + train.out());
        Run p = run("predict", "--model", out.toString(), "--input", "quite a greenish film unknownword");
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().startsWith("Predicted: green"), p.out());
    }

    // ------------------------------------------------------------------ user errors

    /** Exit code 2, exactly one line {@code error: ...} holding every fragment, and nothing in {@code dir} but {@code before}. */
    private static void assertUserError(Path dir, List<String> before, Run r, String... fragments) throws IOException {
        assertEquals(2, r.code(), r.out() + r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.startsWith("error: "), err);
        for (String f : fragments) {
            assertTrue(err.contains(f), "'" + f + "' in: " + err);
        }
        assertEquals(before, listing(dir), "nothing written");
    }

    @Test
    void forecastDataErrors(@TempDir Path dir) throws Exception {
        Path csv = series(dir);
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        Path headerOnly = Files.writeString(dir.resolve("header.csv"), "a,b\n");
        Path bad = Files.writeString(dir.resolve("bad.csv"), "\"Month\",\"Value\"\n1,10\n2,11\n3,abc\n4,12\n");
        List<String> before = listing(dir);
        String out = dir.resolve("out").resolve("run").toString();
        String[] common = {"--look-back", "3", "--epochs", "1", "--quiet", "--out", out};

        assertUserError(dir, before, run(cat(new String[] {"train", "forecast", "--csv", csv.toString(), "--column", "Sales"}, common)),
                "no column \"Sales\"", "the columns are \"Month\", \"Value\"");
        assertUserError(dir, before, run(cat(new String[] {"train", "forecast", "--csv", csv.toString(), "--column", "2"}, common)),
                "no column 2", "\"Month\", \"Value\"");
        assertUserError(dir, before, run(cat(new String[] {"train", "forecast", "--csv", empty.toString()}, common)),
                "empty.csv", "the file is empty");
        assertUserError(dir, before, run(cat(new String[] {"train", "forecast", "--csv", headerOnly.toString()}, common)),
                "header.csv", "not followed by any row");
        assertUserError(dir, before, run(cat(new String[] {"train", "forecast", "--csv", bad.toString()}, common)),
                "bad.csv: line 4, column \"Value\": \"abc\" is not a number");
        assertUserError(dir, before, run("train", "forecast", "--csv", csv.toString(), "--look-back", "100", "--out", out),
                "--look-back 100", "has 48 values", "needs at least 102");
        assertUserError(dir, before, run("train", "forecast", "--csv", csv.toString(), "--look-back", "46", "--difference",
                "1", "--out", out), "--look-back 46", "has 48 values", "needs at least 49");
        assertUserError(dir, before, run(cat(new String[] {"train", "forecast", "--csv", dir.resolve("none.csv").toString()}, common)),
                "none.csv", "no such CSV file");
        assertEquals(2, run("train", "forecast", "--csv", csv.toString(), "--scale", "log").code(), "a bad value: usage");
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void aRunDirectoryThatExistsIsNotOverwritten(@TempDir Path dir) throws Exception {
        Path csv = series(dir);
        Path taken = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(taken.resolve("keep.txt"), "mine");
        List<String> before = listing(dir);
        assertUserError(dir, before, run("train", "forecast", "--csv", csv.toString(), "--out", taken.toString()),
                "already exists and is not empty");
        assertEquals(List.of("keep.txt"), listing(taken));
    }

    @Test
    void classifyDataErrors(@TempDir Path dir) throws Exception {
        Path noTab = Files.writeString(dir.resolve("notab.txt"), "pos\tgood film\nneg bad film\n");
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n\n");
        Path one = Files.writeString(dir.resolve("one.txt"), "pos\tgood\npos\tfine\npos\tnice\n");
        Path noTokens = Files.writeString(dir.resolve("notokens.txt"), "pos\tgood\nneg\t  \n");
        List<String> before = listing(dir);
        String out = dir.resolve("out").toString();
        assertUserError(dir, before, run("train", "classify", "--file", noTab.toString(), "--out", out),
                "notab.txt: line 2", "no tab", "neg bad film");
        assertUserError(dir, before, run("train", "classify", "--file", empty.toString(), "--out", out),
                "empty.txt", "the file is empty");
        assertUserError(dir, before, run("train", "classify", "--file", one.toString(), "--out", out),
                "every line has the label \"pos\"");
        assertUserError(dir, before, run("train", "classify", "--file", noTokens.toString(), "--out", out),
                "notokens.txt: line 2", "no tokens");
        assertUserError(dir, before, run("train", "classify", "--file", dir.resolve("none.txt").toString(), "--out", out),
                "none.txt", "no such file");
    }

    @Test
    void modelFileErrors(@TempDir Path dir) throws Exception {
        Path csv = series(dir);
        Path run = dir.resolve("r");
        assertEquals(0, run("train", "forecast", "--csv", csv.toString(), "--look-back", "3", "--units", "2",
                "--epochs", "1", "--quiet", "--out", run.toString()).code());
        Path damaged = Files.write(dir.resolve("damaged.model"), new byte[] {'P', 'K', 3, 4, 0, 0, 7});
        Path noSidecar = dir.resolve("alone.model");
        Files.copy(run.resolve("forecast.model"), noSidecar);
        Path badSidecarModel = dir.resolve("bad.model");
        Files.copy(run.resolve("forecast.model"), badSidecarModel);
        Files.writeString(dir.resolve("bad.json"), "{\"format\": \"recurrent-train\", ");
        List<String> before = listing(dir);

        assertUserError(dir, before, run("predict", "--model", dir.resolve("missing.model").toString(), "--csv", csv.toString()),
                "no model file", "missing.model");
        assertUserError(dir, before, run("summary", "--model", dir.resolve("missing.model").toString()),
                "no model file", "missing.model");
        Files.writeString(dir.resolve("damaged.json"), Files.readString(run.resolve("forecast.json")));
        before = listing(dir);
        assertUserError(dir, before, run("predict", "--model", damaged.toString(), "--csv", csv.toString()),
                "damaged model file", "damaged.model");
        assertUserError(dir, before, run("summary", "--model", damaged.toString()), "damaged model file", "damaged.model");
        assertUserError(dir, before, run("predict", "--model", noSidecar.toString(), "--csv", csv.toString()),
                "alone.model", "no alone.json next to it");
        assertUserError(dir, before, run("predict", "--model", badSidecarModel.toString(), "--csv", csv.toString()),
                "bad.json", "damaged JSON");
        assertUserError(dir, before, run("predict", "--model", run.toString(), "--input", "1 2"),
                "--input has 2 values", "the last 3");
        assertUserError(dir, before, run("predict", "--model", run.toString(), "--input", "1 2 x 4"),
                "--input: value 3 \"x\" is not a number");
        assertUserError(dir, before, run("predict", "--model", run.toString(), "--csv", csv.toString(), "--column", "Sales"),
                "no column \"Sales\"", "\"Month\", \"Value\"");
        Run s = run("summary", "--model", noSidecar.toString());
        assertEquals(0, s.code(), "a model without its sidecar still has a summary: " + s.err());
    }

    @Test
    void aFailedRunLeavesNothing(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("a").resolve("b").resolve("run");
        try (StagedDirectory run = StagedDirectory.open(target)) {
            Files.writeString(run.file("half.txt"), "half-written");
            assertTrue(Files.isDirectory(run.path()));
        }
        assertEquals(List.of(), listing(dir), "the partial folder and the parents made for it are gone");
        try (StagedDirectory run = StagedDirectory.open(target)) {
            Files.writeString(run.file("whole.txt"), "done");
            run.commit();
        }
        assertEquals(List.of("whole.txt"), listing(target));
        assertEquals(List.of("run"), listing(target.getParent()));
    }

    private static String[] cat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
