package dev.recurrent.cli.pipelines;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recurrent.cli.demos.Alphabet;
import dev.recurrent.cli.demos.AlphabetDemo;
import dev.recurrent.cli.run.InputError;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code predict}'s input for an alphabet model is the demo's training input for the same letters. */
public class SymbolPipelineTest {

    @Test
    void aWindowOfLettersIsEncodedAsTheDemoTrainedOnIt() {
        for (AlphabetDemo.Variant v : AlphabetDemo.VARIANTS) {
            SymbolPipeline p = new SymbolPipeline(Alphabet.LETTERS, v.window(), v.asSteps());
            for (int i = 0; i < Alphabet.samples(v.window()); i++) {
                String letters = Alphabet.LETTERS.substring(i, i + v.window());
                var x = p.x(p.parse(letters, "--input"));
                var trained = Alphabet.inputs(v.window(), v.asSteps()).slice(i, i + 1);
                assertArrayEquals(trained.shape(), x.shape(), letters);
                assertArrayEquals(trained.data(), x.data(), letters);
            }
        }
    }

    @Test
    void theLastWindowIsReadSpacesAndCaseDoNotMatter() {
        SymbolPipeline p = new SymbolPipeline(Alphabet.LETTERS, 3, true);
        assertArrayEquals(new int[] {23, 24, 25}, p.parse("a b x, y z", "--input"));
        assertEquals("X Y Z", p.show(p.parse("XYZ", "--input")));
    }

    @Test
    void tooFewOrUnknownSymbolsAreInputErrors() {
        SymbolPipeline p = new SymbolPipeline(Alphabet.LETTERS, 3, true);
        InputError few = assertThrows(InputError.class, () -> p.parse("A B", "--input"));
        assertEquals("--input has 2 symbols, but the model reads the last 3 (e.g. \"A B C\")", few.getMessage());
        InputError digit = assertThrows(InputError.class, () -> p.parse("A 1 C", "--input"));
        assertTrue(digit.getMessage().startsWith("--input: '1' is not one of the model's symbols ABC"), digit.getMessage());
    }

    @Test
    void theSidecarReadsBackAndABadOneIsAnInputError() {
        ObjectMapper json = new ObjectMapper();
        SymbolPipeline p = new SymbolPipeline(Alphabet.LETTERS, 3, false);
        var sidecar = json.valueToTree(Sidecar.start(SymbolPipeline.TASK, "recurrent demo alphabet", p.toJson()));
        SymbolPipeline back = SymbolPipeline.fromJson(sidecar, Path.of("model-2.model"));
        assertEquals(Alphabet.LETTERS, back.symbols);
        assertEquals(3, back.window);
        assertEquals(false, back.asSteps);
        var bad = json.valueToTree(Sidecar.start(SymbolPipeline.TASK, "x", Map.of("symbols", "AB", "window", 3,
                "layout", "diagonal")));
        InputError e = assertThrows(InputError.class, () -> SymbolPipeline.fromJson(bad, Path.of("m.model")));
        assertTrue(e.getMessage().startsWith("m.json: "), e.getMessage());
    }
}
