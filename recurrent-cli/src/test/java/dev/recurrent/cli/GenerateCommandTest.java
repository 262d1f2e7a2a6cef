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
}
