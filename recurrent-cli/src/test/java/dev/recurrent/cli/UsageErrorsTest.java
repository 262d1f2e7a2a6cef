package dev.recurrent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of user mistake, on every command, ends the same way: one line {@code error: ...} (for a
 * mistake in the command line, a second line naming the command's {@code --help}), nothing on standard
 * output, exit code 2; never the whole usage, never a stack trace.
 */
public class UsageErrorsTest {

    /** A bad command line; the text its error line must hold; whether the --help line follows it. */
    private record Case(List<String> args, String expected, boolean hint) {
        static Case of(String expected, boolean hint, String... args) {
            return new Case(List.of(args), expected, hint);
        }
    }

    private static List<Case> cases(Path dir) throws Exception {
        String out = "@out";
        Path csv = Files.writeString(dir.resolve("series.csv"), "Month,Value\n1,10\n2,x\n");
        Path lines = Files.writeString(dir.resolve("lines.txt"), "pos\tgood film\nneg bad film\n");
        Path notAModel = Files.writeString(dir.resolve("notes.model"), "not a model");
        String missing = dir.resolve("missing.model").toString();
        List<Case> c = new ArrayList<>();
        c.add(Case.of("unknown command 'frobnicate'", true, "frobnicate"));
        c.add(Case.of("unknown command 'bnch'; did you mean 'bench'", true, "bnch"));
        c.add(Case.of("unknown demo 'foo'; expected one of alphabet, dinner,", true, "demo", "foo"));
        c.add(Case.of("unknown demo 'gradient'; did you mean 'gradients' or 'gradient-flow'", true, "demo", "gradient"));
        c.add(Case.of("unknown command 'regress'", true, "train", "regress"));
        c.add(Case.of("unknown option '--epoch'; did you mean '--epochs'?", true, "demo", "sales", "--epoch", "3"));
        c.add(Case.of("unknown option '--bogus'", true, "bench", "--bogus"));
        c.add(Case.of("unknown subcommand 'foo'", true, "help", "foo"));
        c.add(Case.of("unexpected argument 'model.model' (recurrent predict takes options only)", true,
                "predict", "model.model"));
        c.add(Case.of("--epochs must be at least 1, got -5", true, "train", "forecast", "--csv", csv.toString(),
                "--epochs", "-5", "--out", out));
        c.add(Case.of("missing required option: '--csv=FILE'", true, "train", "forecast", "--epochs", "5"));
        c.add(Case.of("missing required options: '--model=FILE', '--seed=TEXT'", true, "generate"));
        c.add(Case.of("invalid value for option '--epochs': 'x' is not an int", true, "demo", "alphabet", "--epochs", "x"));
        c.add(Case.of("invalid value for option '--cell': expected one of [lstm,", true,
                "train", "classify", "--file", lines.toString(), "--cell", "xyz"));
        c.add(Case.of("--quiet and --verbose cannot be used together", true, "demo", "dinner", "--quiet", "--verbose"));
        c.add(Case.of("--steps must be at least 2", true, "demo", "gradient-flow", "--steps", "0"));
        c.add(Case.of("--lr must be a positive number, got NaN", true, "demo", "gradients", "--quick", "--lr", "NaN",
                "--out", out));
        c.add(Case.of("--cell must be lstm, gru", true, "demo", "addition", "--cell", "rnn", "--out", out));
        c.add(Case.of("--architecture must be repeat, seq2seq or both, got 'rnn'", true, "demo", "addition",
                "--architecture", "rnn", "--out", out));
        c.add(Case.of("--workload must be imdb, addition, shampoo or large, not 'mnist'", true, "bench", "--workload", "mnist"));
        c.add(Case.of("series.csv: line 3, column \"Value\": \"x\" is not a number", false,
                "train", "forecast", "--csv", csv.toString(), "--out", out));
        c.add(Case.of("no model file", false, "predict", "--model", missing, "--input", "1 2 3"));
        c.add(Case.of("damaged model file", false, "inspect", "--model", notAModel.toString(), "--input", "1 2", "--out", out));
        c.add(Case.of("no model file", false, "summary", "--model", missing));
        c.add(Case.of("no such file", false, "train", "classify", "--file", dir.resolve("none.txt").toString(), "--out", out));
        c.add(Case.of("no model file", false, "generate", "--model", missing, "--seed", "abc"));
        return c;
    }

    @Test
    void everyMistakeIsOneErrorLineAndExitCode2(@TempDir Path dir) throws Exception {
        List<String> failures = new ArrayList<>();
        List<Case> cases = cases(dir);
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            String out = dir.resolve("out-" + i).toString();
            DemoCommandsTest.Run r = DemoCommandsTest.run(c.args().stream().map(a -> a.equals("@out") ? out : a)
                    .toArray(String[]::new));
            List<String> err = r.err().lines().toList();
            String line = "recurrent " + String.join(" ", c.args());
            boolean ok = r.code() == 2 && r.out().isEmpty() && err.size() == (c.hint() ? 2 : 1)
                    && err.get(0).startsWith("error: ") && err.get(0).contains(c.expected())
                    && (!c.hint() || err.get(1).matches("Try 'recurrent( [a-z-]+)* --help' for more information\\."));
            if (!ok) {
                failures.add(line + "\n  exit " + r.code() + "\n  out: " + r.out() + "\n  err: " + r.err());
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void theHelpLineNamesTheCommandThatWasWrong() {
        DemoCommandsTest.Run r = DemoCommandsTest.run("demo", "sales", "--epochs", "many");
        assertEquals(2, r.code());
        assertEquals("Try 'recurrent demo sales --help' for more information.", r.err().lines().toList().get(1));
        DemoCommandsTest.Run top = DemoCommandsTest.run("--frobnicate");
        assertEquals("Try 'recurrent --help' for more information.", top.err().lines().toList().get(1));
    }

    @Test
    void sizesTooLargeToHoldAreOneErrorLine(@TempDir Path dir) {
        DemoCommandsTest.Run r = DemoCommandsTest.run("demo", "alphabet", "--units", "99999999", "--out", dir.toString());
        assertEquals(2, r.code());
        assertEquals("error: the sizes asked for are too large: an array would hold more than 2^31 - 1 values\n"
                + "Try 'recurrent demo alphabet --help' for more information.\n", r.err());
    }

    @Test
    void noStackTraceForAnUnwritableFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "a file, not a folder");
        DemoCommandsTest.Run bench = DemoCommandsTest.run("bench", "--workload", "shampoo", "--steps", "1", "--repeats", "1",
                "--warmup-sec", "0", "--out", file.resolve("result.json").toString());
        assertEquals(1, bench.code(), bench.err());
        assertTrue(bench.err().startsWith("error: ") && bench.err().lines().count() == 1, bench.err());
    }
}
