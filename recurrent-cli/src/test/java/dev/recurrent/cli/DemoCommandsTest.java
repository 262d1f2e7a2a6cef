package dev.recurrent.cli;

import dev.recurrent.cli.demos.Alphabet;
import dev.recurrent.cli.demos.AlphabetDemo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demos end to end, with few epochs, through the command line as a user runs them. */
public class DemoCommandsTest {

    /** Exit code, standard output, standard error. */
    public record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = RecurrentCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static void assertNonEmptyFile(Path p) throws Exception {
        assertTrue(Files.isRegularFile(p), p + " missing");
        assertTrue(Files.size(p) > 1000, p + " is (nearly) empty");
    }

    @Test
    void alphabet(@TempDir Path dir) throws Exception {
        Run r = run("demo", "alphabet", "--epochs", "30", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("4,352") && r.out().contains("5,210"), r.out());
        assertTrue(r.out().contains("4,608") && r.out().contains("5,466"), r.out());
        assertTrue(r.out().matches("(?s).*Model Accuracy: \\d+\\.\\d\\d%.*"), r.out());
        assertTrue(r.out().contains("['A'] -> ") && r.out().contains("['W', 'X', 'Y'] -> "), r.out());
        assertTrue(r.out().contains("Epoch 30/30"), r.out());
        for (String png : new String[] {"model-1-accuracy.png", "model-1-loss.png", "model-2-accuracy.png",
                "model-3-loss.png", "accuracy-by-model.png", "model-3-gate-f.png", "model-3-state-h.png"}) {
            assertNonEmptyFile(dir.resolve(png));
        }
        Path report = dir.resolve("report.html");
        assertNonEmptyFile(report);
        String html = Files.readString(report);
        assertTrue(html.contains("Total params: 5,210") && html.contains("Total params: 5,466"));
        assertTrue(html.contains("<img "), "plots in the report");
        assertTrue(html.contains("Finished in"));
        assertTrue(html.contains("Model 3: the gates over [A, B, C]") && html.contains("model-3-gate-i.png"), "the gate inspector's section");
        assertFalse(Files.exists(dir.resolve("model-1-gate-f.png")), "only for model 3");
        for (int m = 1; m <= 3; m++) {
            assertEquals(m == 2 ? 5466 : 5210,
                    dev.recurrent.io.ModelFiles.load(dir.resolve("model-" + m + ".model")).parameterCount(),
                    "model " + m + " saved and loadable");
        }
        assertPredictsAsTrained(dir, 3, "A B C", 0);
        assertPredictsAsTrained(dir, 2, "wxy", 22);
        assertPredictsAsTrained(dir, 1, "K L M Q", 16);
        Run folder = run("predict", "--model", dir.toString(), "--input", "A B C");
        assertEquals(2, folder.code());
        assertTrue(folder.err().endsWith("; give the model file, one of model-1.model, model-2.model, model-3.model\n"),
                folder.err());
        Run inspect = run("inspect", "--model", dir.resolve("model-3.model").toString(), "--text", "A B C",
                "--out", dir.resolve("inspect").toString());
        assertEquals(0, inspect.code(), inspect.err());
        assertTrue(inspect.out().startsWith("lstm (LSTM, 32 units) over 3 steps of --text (A B C):"), inspect.out());
        assertNonEmptyFile(dir.resolve("inspect").resolve("gate-f.png"));
        Run summary = run("summary", "--model", dir.resolve("model-3.model").toString());
        assertTrue(summary.out().contains("model-3.json (task next-symbol):") && summary.out().contains("layout: steps"),
                summary.out());
    }

    /** {@code predict} on a saved alphabet model answers what the model answers for the same window in training. */
    private static void assertPredictsAsTrained(Path dir, int model, String input, int sample) throws Exception {
        Run p = run("predict", "--model", dir.resolve("model-" + model + ".model").toString(), "--input", input);
        assertEquals(0, p.code(), p.err());
        AlphabetDemo.Variant v = AlphabetDemo.VARIANTS.get(model - 1);
        float[] probabilities = dev.recurrent.io.ModelFiles.load(dir.resolve("model-" + model + ".model"))
                .predict(Alphabet.inputs(v.window(), v.asSteps()).slice(sample, sample + 1), 1).data();
        char expected = Alphabet.argmaxLetter(probabilities, 0);
        String shown = String.join(" ", Alphabet.LETTERS.substring(sample, sample + v.window()).split(""));
        assertTrue(p.out().startsWith("Predicted: " + expected + " (after " + shown + ")\n  " + expected + "  "
                + String.format(java.util.Locale.ROOT, "%.4f", probabilities[expected - 'A']) + "\n"), p.out());
        assertEquals(4, p.out().lines().count(), p.out());
    }

    @Test
    void dinner(@TempDir Path dir) throws Exception {
        Run r = run("demo", "dinner", "--epochs", "30", "--quiet", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Total params: 123"), r.out());
        assertFalse(r.out().contains("Epoch "), "--quiet: " + r.out());
        assertTrue(r.out().matches("(?s).*The predicted rota matches the rule on \\d+ of 14 days\\..*"), r.out());
        for (String png : new String[] {"accuracy.png", "loss.png", "rota.png"}) {
            assertNonEmptyFile(dir.resolve(png));
        }
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("Total params: 123") && html.contains("<img "));
        assertEquals(123, dev.recurrent.io.ModelFiles.load(dir.resolve("dinner.model")).parameterCount());
    }

    @Test
    void dinnerLearnsTheRuleWithItsDefaults(@TempDir Path dir) {
        Run r = run("demo", "dinner", "--quiet", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("The predicted rota matches the rule on 14 of 14 days."), r.out());
    }

    @Test
    void badArgumentsGiveOneErrorLineAndExitCode2(@TempDir Path dir) throws Exception {
        Run unknown = run("demo", "alphabet", "--epoch", "3");
        assertEquals(2, unknown.code());
        assertEquals("error: unknown option '--epoch'; did you mean '--epochs'?\n"
                + "Try 'recurrent demo alphabet --help' for more information.\n", unknown.err());

        Run notANumber = run("demo", "dinner", "--units", "many");
        assertEquals(2, notANumber.code());
        assertEquals("error: invalid value for option '--units': 'many' is not an int\n"
                + "Try 'recurrent demo dinner --help' for more information.\n", notANumber.err());

        Run zero = run("demo", "alphabet", "--epochs", "0", "--out", dir.resolve("x").toString());
        assertEquals(2, zero.code());
        assertEquals("error: --epochs must be at least 1, got 0\n"
                + "Try 'recurrent demo alphabet --help' for more information.\n", zero.err());

        Run both = run("demo", "dinner", "--quiet", "--verbose");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("--quiet and --verbose cannot be used together"), both.err());

        for (Run r : new Run[] {unknown, notANumber, zero, both}) {
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
    }

    @Test
    void anInvalidValueFoundWhileRunningIsOneErrorLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        Run r = run("demo", "dinner", "--epochs", "1", "--out", file.resolve("run").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: cannot create the run directory "), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void demoListsTheDemos() {
        Run r = run("demo");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("alphabet") && r.out().contains("dinner") && r.out().contains("gradient-flow"), r.out());
    }
}
