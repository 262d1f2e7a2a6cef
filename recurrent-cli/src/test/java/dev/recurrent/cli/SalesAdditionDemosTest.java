package dev.recurrent.cli;

import dev.recurrent.cli.DemoCommandsTest.Run;
import dev.recurrent.cli.demos.AdditionQuestions;
import dev.recurrent.cli.demos.SalesDemo;
import dev.recurrent.cli.pipelines.ForecastPipeline;
import dev.recurrent.cli.pipelines.WalkForward;
import dev.recurrent.io.GraphModelFiles;
import dev.recurrent.io.ModelFiles;
import dev.recurrent.model.Model;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.recurrent.cli.DemoCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code demo sales} and {@code demo addition} end to end, with tiny settings. */
public class SalesAdditionDemosTest {
    private static final Pattern MONTH = Pattern.compile("Month=(\\d+), Predicted=(-?\\d+\\.\\d{6}), Expected=(\\d+\\.\\d{6})");
    private static final Pattern TEST_RMSE = Pattern.compile("Test RMSE: (\\d+\\.\\d{3})");

    private static void assertNonEmptyFile(Path p) throws Exception {
        assertTrue(Files.isRegularFile(p), p + " missing");
        assertTrue(Files.size(p) > 1000, p + " is (nearly) empty");
    }

    @Test
    void sales(@TempDir Path dir) throws Exception {
        Run r = run("demo", "sales", "--epochs", "8", "--quiet", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("Persistence RMSE: 136.761"), out);
        assertTrue(out.contains("Total params: 101") && out.contains("Total params: 29"), "LSTM(4) and SimpleRNN(4): " + out);

        // three blocks of 12 months (persistence, LSTM, SimpleRNN), each parseable
        Matcher m = MONTH.matcher(out);
        List<double[]> months = new ArrayList<>();
        while (m.find()) {
            months.add(new double[] {Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))});
        }
        assertEquals(36, months.size(), out);
        assertEquals(339.7, months.get(0)[2], 1e-9, "the first test month as the tutorial prints it");
        assertEquals(646.9, months.get(35)[2], 1e-9);
        for (double[] row : months) {
            assertTrue(Double.isFinite(row[1]) && row[1] > -10_000 && row[1] < 10_000, "a forecast in range: " + row[1]);
        }
        List<Double> rmse = new ArrayList<>();
        Matcher t = TEST_RMSE.matcher(out);
        while (t.find()) {
            rmse.add(Double.parseDouble(t.group(1)));
        }
        assertEquals(2, rmse.size(), out);
        assertTrue(out.matches("(?s).*\\n\\s+4\\s+\\d+\\.\\d{3}\\s+\\d+\\.\\d{3}\\n\\s+8\\s+\\d+\\.\\d{3}\\s+\\d+\\.\\d{3}\\n.*"),
                "the RMSE after 4 and 8 epochs of both: " + out);

        for (String png : new String[] {"lstm-forecast.png", "simple_rnn-forecast.png", "rmse-by-epochs.png"}) {
            assertNonEmptyFile(dir.resolve(png));
        }
        assertTrue(Files.isRegularFile(dir.resolve("shampoo-sales.csv")), "the data used, in the run directory");
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("Finished in") && html.contains("<img ") && html.contains("136.761"));

        // the saved models load, and forecast as printed
        ForecastPipeline.Prepared data = ForecastPipeline.lagOne(
                dev.recurrent.data.Csv.readColumn(dir.resolve("shampoo-sales.csv"), 1), SalesDemo.TEST_MONTHS);
        String[] names = {"lstm", "simple_rnn"};
        for (int i = 0; i < names.length; i++) {
            Sequential model = ModelFiles.load(dir.resolve(names[i] + ".model"));
            float[] predicted = WalkForward.walkForward(WalkForward.of(model), data);
            assertEquals(String.format(Locale.ROOT, "%.3f", rmse.get(i)),
                    String.format(Locale.ROOT, "%.3f", WalkForward.rmse(data.expected(), predicted)),
                    names[i] + ".model forecasts as the trained model did");
        }
    }

    @Test
    void salesReadsAnotherSeries(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("\"Month\",\"Units\"\n");
        Random rng = new Random(4);
        for (int i = 0; i < 20; i++) {
            csv.append("m").append(i).append(',').append(100 + 5 * i + rng.nextInt(20)).append('\n');
        }
        Path file = Files.writeString(dir.resolve("units.csv"), csv);
        Run r = run("demo", "sales", "--data", file.toString(), "--epochs", "3", "--quiet", "--out", dir.resolve("run").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("20 months (units.csv, column 'Units'); train on the first 8"), r.out());
        assertEquals(2, TEST_RMSE.matcher(r.out()).results().count(), r.out());
        assertFalse(Files.exists(dir.resolve("run/shampoo-sales.csv")));

        Path tiny = Files.writeString(dir.resolve("tiny.csv"), "a,b\n1,2\n2,3\n");
        Run bad = run("demo", "sales", "--data", tiny.toString(), "--out", dir.resolve("run2").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("error: ") && bad.err().contains("at least 15"), bad.err());

        Run missing = run("demo", "sales", "--data", dir.resolve("nope.csv").toString(), "--out", dir.resolve("run3").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().startsWith("error: cannot read the series: ") && !missing.err().contains("\tat "),
                missing.err());
    }

    @Test
    void addition(@TempDir Path dir) throws Exception {
        Run r = run("demo", "addition", "--samples", "300", "--epochs", "2", "--units", "8", "--batch", "32",
                "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("Epoch 2/2"), out);
        // 3 cells x 2 architectures x 2 epochs x 10 questions, as the example prints them
        Matcher q = Pattern.compile("Q ([0-9+ ]{7}) T ([0-9 ]{4}) ([☑☒]) ([0-9+ ]*)\\n").matcher(out);
        int questions = 0;
        while (q.find()) {
            questions++;
            String[] ab = q.group(1).strip().split("\\+");
            assertEquals(Integer.parseInt(ab[0]) + Integer.parseInt(ab[1]), Integer.parseInt(q.group(2).strip()), q.group());
            assertEquals(q.group(3).equals("☑"), q.group(4).equals(q.group(2).stripTrailing()), q.group());
        }
        assertEquals(120, questions, out);
        for (String cell : new String[] {"LSTM", "GRU", "SimpleRNN"}) {
            assertTrue(out.matches("(?s).*" + cell + " repeat: validation accuracy per character \\d\\.\\d{4}, whole answers"
                    + " right \\d+\\.\\d\\d% after 2 epochs.*"), cell + ": " + out);
            assertTrue(out.matches("(?s).*" + cell + " seq2seq: validation accuracy per character \\(teacher-forced\\)"
                    + " \\d\\.\\d{4}, whole answers right \\d+\\.\\d\\d% after 2 epochs.*"), cell + ": " + out);
            for (String architecture : new String[] {"repeat", "seq2seq"}) {
                assertTrue(out.matches("(?s).*\\n" + cell + " " + architecture + " +(epoch [12]|not reached in 2 epochs)"
                        + " \\(2 epochs in [^)]+\\)\\n.*"), "epochs to 99%, " + cell + " " + architecture + ": " + out);
            }
        }
        assertTrue(out.contains("Epochs to 99% exact match on the held-out questions:"), out);
        for (String png : new String[] {"exact-match.png", "correct-of-10.png", "val-accuracy.png", "lstm-accuracy.png",
                "gru-loss.png", "simple_rnn-accuracy.png", "lstm-seq2seq-accuracy.png", "simple_rnn-seq2seq-loss.png"}) {
            assertNonEmptyFile(dir.resolve(png));
        }
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("Finished in") && html.contains("exact-match.png") && html.contains("Total params:")
                && html.contains("epochs to 99% exact match") && html.contains("GRU seq2seq"), html);

        Tensor x = AdditionQuestions.questions(List.of(new AdditionQuestions.Question(535, 61)));
        for (String cell : new String[] {"lstm", "gru", "simple_rnn"}) {
            Sequential model = ModelFiles.load(dir.resolve(cell + ".model"));
            Tensor p = model.predict(x, 1);
            assertArrayEquals(new int[] {1, 4, 12}, p.shape(), cell);
            assertEquals(4, AdditionQuestions.decode(p, 0).length(), cell);

            Model seq2seq = GraphModelFiles.load(dir.resolve(cell + "-seq2seq.model"));
            assertEquals(2, seq2seq.inputs().size(), cell + ": the questions and the decoder's inputs");
            Tensor teacher = Tensor.zeros(1, 4, 13);
            assertArrayEquals(new int[] {1, 4, 12}, seq2seq.predict(List.of(x, teacher), 1).get(0).shape(), cell);
        }
    }

    @Test
    void additionRefusesAnUnknownArchitectureAndASeq2seqCellWithoutStates(@TempDir Path dir) {
        Run bad = run("demo", "addition", "--architecture", "attention", "--out", dir.toString());
        assertEquals(2, bad.code());
        assertEquals("error: --architecture must be repeat, seq2seq or both, got 'attention'\n"
                + "Try 'recurrent demo addition --help' for more information.\n", bad.err());

        Run projected = run("demo", "addition", "--architecture", "seq2seq", "--cell", "projected_lstm",
                "--out", dir.toString());
        assertEquals(2, projected.code());
        assertEquals("error: --architecture seq2seq needs a cell that returns its states; ProjectedLSTM"
                + " (--cell projected_lstm) cannot: use --architecture repeat\n"
                + "Try 'recurrent demo addition --help' for more information.\n", projected.err());
        assertFalse(Files.exists(dir.resolve("report.html")), "refused before anything is written");
    }

    @Test
    void additionKeras3ParameterCountsAndOneCell(@TempDir Path dir) {
        Run r = run("demo", "addition", "--cell", "gru", "--samples", "100", "--epochs", "1", "--units", "128",
                "--quiet", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        // Keras: GRU(128) on 12 features 54,528; GRU(128) on 128 99,072; Dense 1,548
        assertTrue(r.out().contains("54,528") && r.out().contains("99,072") && r.out().contains("Total params: 155,148"),
                r.out());
        assertFalse(r.out().contains("LSTM ") || r.out().contains("Q "), "--quiet, one cell: " + r.out());
        assertTrue(Files.exists(dir.resolve("gru.model")) && !Files.exists(dir.resolve("lstm.model")));

        Run bad = run("demo", "addition", "--cell", "rnn");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--cell must be lstm, gru, simple_rnn, all, peephole, cifg, gru_reset_before, mgu,"
                + " layer_norm_lstm, layer_norm_gru or projected_lstm, got 'rnn'") && bad.err().startsWith("error: ")
                && bad.err().endsWith("\nTry 'recurrent demo addition --help' for more information.\n"),
                bad.err());
    }
}
