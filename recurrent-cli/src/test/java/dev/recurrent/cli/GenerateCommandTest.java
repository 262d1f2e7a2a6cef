package dev.recurrent.cli;

import dev.recurrent.cli.pipelines.CharVocabularyFile;
import dev.recurrent.data.CharVocabulary;
import dev.recurrent.io.ModelFiles;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.LSTM;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.model.Sequential;
import dev.recurrent.optim.RMSprop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code generate --model} takes the model file or the run directory it was saved in, as the other commands do. */
public class GenerateCommandTest {

    /** A run directory as {@code demo text} leaves it: {@code model.zip} and {@code model.chars.json}. */
    private static Path textRun(Path dir) throws Exception {
        CharVocabulary v = CharVocabulary.of("abc de");
        Sequential model = new Sequential().input(8, v.size()).seed(5)
                .add(LSTM.of(8)).add(Dense.of(v.size(), "softmax"))
                .compile(new RMSprop(0.01), new CategoricalCrossentropy()).build();
        Path run = Files.createDirectories(dir.resolve("text-run"));
        Path file = run.resolve(GenerateCommand.MODEL_FILE);
        ModelFiles.save(model, file);
        CharVocabularyFile.write(CharVocabularyFile.besides(file), new CharVocabularyFile.Contents(v, 8, false, "test"));
        return run;
    }

    @Test
    void theRunDirectoryStandsForItsModel(@TempDir Path dir) throws Exception {
        Path run = textRun(dir);
        DemoCommandsTest.Run fromFile = DemoCommandsTest.run("generate", "--model", run.resolve("model.zip").toString(),
                "--seed", "abc", "--length", "20", "--rng-seed", "3");
        DemoCommandsTest.Run fromDir = DemoCommandsTest.run("generate", "--model", run.toString(),
                "--seed", "abc", "--length", "20", "--rng-seed", "3");
        assertEquals(0, fromDir.code(), fromDir.err());
        assertEquals(fromFile.out(), fromDir.out());
        assertEquals(3 + 20 + 1, fromDir.out().length(), fromDir.out());
    }

    @Test
    void aFolderWithoutAModelOrAMissingFileIsOneErrorLine(@TempDir Path dir) throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        DemoCommandsTest.Run r = DemoCommandsTest.run("generate", "--model", empty.toString(), "--seed", "abc");
        assertEquals(2, r.code());
        assertEquals("error: " + empty + " is a folder without model.zip; give the model file or the run directory of a"
                + " 'demo text' run\n", r.err());
        DemoCommandsTest.Run missing = DemoCommandsTest.run("generate", "--model", dir.resolve("none.zip").toString(),
                "--seed", "abc");
        assertEquals(2, missing.code());
        assertEquals("error: no model file " + dir.resolve("none.zip") + "\n", missing.err());
        assertTrue(missing.out().isEmpty());
    }

    @Test
    void greedyIsTheSameAsABeamOfOneAndATopKOfOne(@TempDir Path dir) throws Exception {
        String model = textRun(dir).toString();
        DemoCommandsTest.Run greedy = DemoCommandsTest.run("generate", "-m", model, "-s", "abc", "-n", "30", "-t", "0");
        DemoCommandsTest.Run beam = DemoCommandsTest.run("generate", "-m", model, "-s", "abc", "-n", "30", "--beam", "1");
        DemoCommandsTest.Run topK = DemoCommandsTest.run("generate", "-m", model, "-s", "abc", "-n", "30", "-t", "1.5",
                "--top-k", "1", "--rng-seed", "9");
        assertEquals(0, beam.code(), beam.err());
        assertEquals(greedy.out(), beam.out());
        assertEquals(greedy.out(), topK.out());
        assertEquals("", beam.err(), "a beam draws nothing, so no random seed is printed");
        DemoCommandsTest.Run wide = DemoCommandsTest.run("generate", "-m", model, "-s", "abc", "-n", "30", "--beam", "4");
        assertEquals(3 + 30 + 1, wide.out().length(), wide.out());
    }

    @Test
    void theSameSeedGivesTheSameTextWithEveryFilter(@TempDir Path dir) throws Exception {
        String model = textRun(dir).toString();
        String[] args = {"generate", "-m", model, "-s", "abc", "-n", "60", "-t", "1.2", "--top-k", "4", "--top-p", "0.9",
                "--repetition-penalty", "1.3", "--rng-seed", "5"};
        DemoCommandsTest.Run a = DemoCommandsTest.run(args);
        assertEquals(0, a.code(), a.err());
        assertEquals(a.out(), DemoCommandsTest.run(args).out());
        args[args.length - 1] = "6";
        assertTrue(!a.out().equals(DemoCommandsTest.run(args).out()), "another seed, another text");
    }

    @Test
    void outOfRangeDecodingOptionsAreOneErrorLine(@TempDir Path dir) throws Exception {
        String model = textRun(dir).toString();
        String[][] cases = {
                {"--top-k", "0", "error: --top-k must be at least 1, got 0"},
                {"--top-p", "0", "error: --top-p must be in (0, 1], got 0.0"},
                {"--top-p", "1.5", "error: --top-p must be in (0, 1], got 1.5"},
                {"--repetition-penalty", "-1", "error: --repetition-penalty must be a finite number > 0 (1 for none), got -1.0"},
                {"--beam", "0", "error: --beam must be at least 1, got 0"},
        };
        for (String[] c : cases) {
            DemoCommandsTest.Run r = DemoCommandsTest.run("generate", "-m", model, "-s", "abc", c[0], c[1]);
            assertEquals(2, r.code(), c[0]);
            assertEquals(c[2], r.err().lines().findFirst().orElse(""), c[0]);
            assertTrue(r.out().isEmpty());
        }
        DemoCommandsTest.Run mixed = DemoCommandsTest.run("generate", "-m", model, "-s", "abc", "--beam", "3", "--top-p", "0.5");
        assertEquals(2, mixed.code());
        assertEquals("error: --beam searches for the likeliest text and draws nothing: drop --top-p",
                mixed.err().lines().findFirst().orElse(""));
    }
}
