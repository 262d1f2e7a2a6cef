package dev.recurrent.cli;

import dev.recurrent.cli.DemoCommandsTest.Run;
import dev.recurrent.cli.demos.DemoData;
import dev.recurrent.io.ModelFiles;
import dev.recurrent.model.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.recurrent.cli.DemoCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code demo imdb}, {@code demo text} and {@code generate} end to end, small, through the command line. */
public class ImdbTextDemosTest {

    private static void assertNonEmptyFile(Path p) throws Exception {
        assertTrue(Files.isRegularFile(p), p + " missing");
        assertTrue(Files.size(p) > 1000, p + " is (nearly) empty");
    }

    private static void assertOneErrorLine(Run r, String expected) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: ") && r.err().contains(expected), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void imdb(@TempDir Path dir) throws Exception {
        Path imdb = DemoData.locate("imdb").resolve("train_sequences.bin");
        assumeTrue(Files.isRegularFile(imdb), "IMDB data absent (" + imdb + "); skipped");
        Run r = run("demo", "imdb", "--samples", "200", "--epochs", "1", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("200 train sequences") && out.contains("input_train shape: (200, 500)"), out);
        assertTrue(out.contains("320,000") && out.contains("8,320") && out.contains("Total params: 328,353"), out);
        assertTrue(out.matches("(?s).*Epoch 1/1\n5/5 .*val_accuracy: \\d\\.\\d{4} - val_loss: \\d\\.\\d{4}\n.*"), out);
        assertTrue(out.matches("(?s).*Test loss: \\d\\.\\d{4}\nTest accuracy: \\d\\.\\d{4}\n.*"), out);
        for (String png : new String[] {"accuracy.png", "loss.png"}) {
            assertNonEmptyFile(dir.resolve(png));
        }
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("Total params: 328,353") && html.contains("<img ") && html.contains("test accuracy")
                && html.contains("Finished in"), html);
        Sequential loaded = ModelFiles.load(dir.resolve("model.zip"));
        assertEquals(328_353, loaded.parameterCount());
    }

    @Test
    void imdbWithoutItsDataIsOneErrorLine(@TempDir Path dir) {
        Run r = run("demo", "imdb", "--data", dir.resolve("nowhere").toString(), "--out", dir.resolve("run").toString());
        assertOneErrorLine(r, "IMDB data not found: ");
        assertTrue(r.err().contains("train_sequences.bin"), r.err());
        assertFalse(Files.exists(dir.resolve("run")), "nothing written");
    }

    @Test
    void textThenGenerate(@TempDir Path dir) throws Exception {
        Path nietzsche = DemoData.locate("nietzsche.txt");
        assumeTrue(Files.isRegularFile(nietzsche), "Nietzsche text absent (" + nietzsche + "); skipped");
        Run r = run("demo", "text", "--max-windows", "300", "--epochs", "1", "--sample-length", "60",
                "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("corpus length: 600893\ntotal chars: 57\nnb sequences: 200285\n"), out);
        assertTrue(out.contains("95,232") && out.contains("7,353") && out.contains("Total params: 102,585"), out);
        assertTrue(out.matches("(?s).*Epoch 1/1\n3/3 .* - loss: \\d\\.\\d{4}\n.*"), out);
        assertTrue(out.contains("----- Generating text after Epoch: 1"), out);
        for (String t : new String[] {"0.2", "0.5", "1.0", "1.2"}) {
            assertTrue(out.contains("----- diversity: " + t + "\n----- Generating with seed: \""), out);
        }
        assertNonEmptyFile(dir.resolve("loss.png"));
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("Total params: 102,585") && html.contains("<img ") && html.contains("Samples after epoch 1")
                && html.contains("Finished in"), html);
        Path model = dir.resolve("model.zip");
        assertEquals(102_585, ModelFiles.load(model).parameterCount());
        assertTrue(Files.isRegularFile(dir.resolve("model.chars.json")));

        String seed = "The Meaning of ";   // shorter than the window of 40; lower-cased as the corpus was
        Run g = run("generate", "--model", model.toString(), "--seed", seed, "--temperature", "0.5",
                "--length", "80", "--rng-seed", "7");
        assertEquals(0, g.code(), g.err());
        assertTrue(g.out().startsWith("the meaning of "), g.out());
        String continuation = g.out().substring(seed.length(), g.out().length() - 1);
        assertEquals(80, continuation.codePointCount(0, continuation.length()), g.out());
        assertTrue(g.out().endsWith("\n"));
        assertEquals("", g.err());
        assertEquals(g.out(), run("generate", "-m", model.toString(), "-s", seed, "-t", "0.5", "-n", "80",
                "--rng-seed", "7").out(), "same seed, same text");
        String longSeed = "x".repeat(50) + " and so on";
        Run greedy = run("generate", "-m", model.toString(), "-s", longSeed, "-t", "0", "-n", "30");
        assertEquals(0, greedy.code(), greedy.err());
        assertEquals(longSeed.length() + 30 + 1, greedy.out().length(), greedy.out());
        assertTrue(greedy.err().contains("--rng-seed "), greedy.err());

        // errors: one line, exit code 2
        assertOneErrorLine(run("generate", "-m", dir.resolve("none.zip").toString(), "-s", "abc"), "no model file");
        assertOneErrorLine(run("generate", "-m", model.toString(), "-s", "snow ☃ man"),
                "the seed's character '☃' (U+2603) at position 5 is not one the model knows");
        Files.copy(model, dir.resolve("copy.zip"));
        assertOneErrorLine(run("generate", "-m", dir.resolve("copy.zip").toString(), "-s", "abc"),
                "copy.chars.json does not exist");
        Files.writeString(dir.resolve("bad.zip"), "not a zip");
        Files.copy(dir.resolve("model.chars.json"), dir.resolve("bad.chars.json"));
        assertOneErrorLine(run("generate", "-m", dir.resolve("bad.zip").toString(), "-s", "abc"), "cannot load the model");
        Run negative = run("generate", "-m", model.toString(), "-s", "abc", "-t", "-1");
        assertEquals(2, negative.code());
        assertTrue(negative.err().contains("--temperature must be a finite number >= 0, got -1.0"), negative.err());
        Run noSeed = run("generate", "-m", model.toString());
        assertEquals(2, noSeed.code());
        assertTrue(noSeed.err().startsWith("error: missing required option: '--seed=TEXT'\n"), noSeed.err());
        Run empty = run("generate", "-m", model.toString(), "-s", "");
        assertEquals(2, empty.code());
        assertTrue(empty.err().contains("--seed must not be empty"), empty.err());
    }

    @Test
    void textBadArguments(@TempDir Path dir) {
        Run corpus = run("demo", "text", "--corpus", "kafka");
        assertEquals(2, corpus.code());
        assertTrue(corpus.err().startsWith("error: invalid value for option '--corpus'")
                && corpus.err().endsWith("\nTry 'recurrent demo text --help' for more information.\n"),
                corpus.err());
        Run missing = run("demo", "text", "--data", dir.resolve("none.txt").toString(), "--out", dir.resolve("r").toString());
        assertOneErrorLine(missing, "text not found: ");
        Run zero = run("demo", "text", "--epochs", "0");
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("--epochs must be at least 1, got 0"), zero.err());
        Run imdbSamples = run("demo", "imdb", "--samples", "3");
        assertEquals(2, imdbSamples.code());
        assertTrue(imdbSamples.err().contains("--samples must be at least 5, got 3"), imdbSamples.err());
    }

    @Test
    void demoListsImdbAndText() {
        Run r = run("demo");
        assertTrue(r.out().contains("imdb") && r.out().contains("text"), r.out());
        Run top = run("--help");
        assertTrue(top.out().contains("generate"), top.out());
    }
}
