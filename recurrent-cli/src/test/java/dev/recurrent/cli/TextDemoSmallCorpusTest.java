package dev.recurrent.cli;

import dev.recurrent.cli.DemoCommandsTest.Run;
import dev.recurrent.cli.demos.TextDemo;
import dev.recurrent.data.CharVocabulary;
import dev.recurrent.io.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import static dev.recurrent.cli.DemoCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code demo text --data FILE} and {@code generate} end to end on a small text that the tests carry
 * (src/test/resources/text), so that they run without the shared corpora.
 */
class TextDemoSmallCorpusTest {

    @Test
    void learnsASmallTextThenGenerates(@TempDir Path dir) throws Exception {
        Path file = Paths.get(TextDemoSmallCorpusTest.class.getResource("/text/nietzsche-excerpt.txt").toURI());
        String text = Files.readString(file, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        int length = text.codePointCount(0, text.length());
        int chars = CharVocabulary.of(text).size();
        int units = TextDemo.UNITS;
        long params = 4L * units * (chars + units + 1) + (long) units * chars + chars;

        Run r = run("demo", "text", "--data", file.toString(), "--max-windows", "200", "--epochs", "1",
                "--sample-length", "20", "--quiet", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("corpus length: " + length + "\ntotal chars: " + chars + "\nnb sequences: "
                + CharVocabulary.windowCount(length, TextDemo.MAXLEN, TextDemo.STEP) + "\n"), out);
        assertTrue(out.contains(String.format(Locale.ROOT, "Total params: %,d", params)), out);
        Path model = dir.resolve("model.zip");
        assertEquals(params, ModelFiles.load(model).parameterCount());
        assertTrue(Files.isRegularFile(dir.resolve("model.chars.json")));
        assertTrue(Files.size(dir.resolve("report.html")) > 1000);

        String seed = "Supposing that truth";
        Run g = run("generate", "--model", model.toString(), "--seed", seed, "--temperature", "0.5",
                "--length", "50", "--rng-seed", "3");
        assertEquals(0, g.code(), g.err());
        assertTrue(g.out().startsWith(seed.toLowerCase(Locale.ROOT)) && g.out().endsWith("\n"), g.out());
        String continuation = g.out().substring(seed.length(), g.out().length() - 1);
        assertEquals(50, continuation.codePointCount(0, continuation.length()), g.out());
        assertEquals(g.out(), run("generate", "-m", model.toString(), "-s", seed, "-t", "0.5", "-n", "50",
                "--rng-seed", "3").out(), "same seed, same text");
    }
}
