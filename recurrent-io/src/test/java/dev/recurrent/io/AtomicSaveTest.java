package dev.recurrent.io;

import dev.recurrent.layers.Parameter;
import dev.recurrent.model.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A save that fails part-way leaves the previous file byte for byte, and no temporary file. */
class AtomicSaveTest {
    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void anExceptionWhileWritingKeepsTheOldFile() throws IOException {
        Sequential model = Models.tagger(1);
        Path f = dir.resolve("model.zip");
        ModelFiles.save(model, f);
        byte[] before = Files.readAllBytes(f);

        // the last weight cannot be written: the failure comes after model.json and every other entry
        List<Parameter> params = model.parameters();
        Parameter last = params.get(params.size() - 1);
        float kept = last.value()[1];
        last.value()[1] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(model, f));
        assertTrue(e.getMessage().contains("time_distributed/dense/bias.npy"), e.getMessage());
        assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(f), "the previous file changed");
        assertEquals(List.of(f), files(), "a temporary file was left behind");

        // and a new file is not created at all
        Path g = dir.resolve("new.zip");
        assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(model, g, false));
        assertFalse(Files.exists(g));
        assertEquals(List.of(f), files());

        last.value()[1] = kept;
        ModelFiles.save(model, f);
        assertEquals(List.of(f), files());
        Models.assertSameWeights(model, ModelFiles.load(f));
    }

    @Test
    void aFailedRenameLeavesNoTemporaryFile() throws IOException {
        Sequential model = Models.seq2seq(2);
        Path target = dir.resolve("taken.zip");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep.txt"), "the directory in the way");
        assertThrows(IOException.class, () -> ModelFiles.save(model, target));
        assertEquals(List.of(target), files());
        assertEquals("the directory in the way", Files.readString(target.resolve("keep.txt")));
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path f = dir.resolve("m.zip");
        Files.writeString(f, "an older, unrelated file");
        Sequential model = Models.classifier(5);
        ModelFiles.save(model, f);
        Models.assertSameWeights(model, ModelFiles.load(f));
        assertEquals(List.of(f), files());
    }

    @Test
    void aModelThatCannotBeSavedIsRefusedUpFront() throws IOException {
        Path f = dir.resolve("m.zip");
        Sequential uncompiled = new Sequential("u").input(2, 1)
                .add(dev.recurrent.layers.SimpleRNN.of(2)).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ModelFiles.save(uncompiled, f, true));
        assertTrue(e.getMessage().contains("not compiled"), e.getMessage());
        Sequential badName = new Sequential("b").input(2, 1)
                .add(dev.recurrent.layers.SimpleRNN.builder(2).name("a/b").build()).build();
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(badName, f));
        assertTrue(n.getMessage().contains("'a/b'"), n.getMessage());
        assertEquals(List.of(), files());
    }
}
