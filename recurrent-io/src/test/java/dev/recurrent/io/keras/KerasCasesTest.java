package dev.recurrent.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Imports real Keras files and compares the model's output with the expected one in each
 * {@code *.case.json}: the copies in the test resources, and every case in
 * {@code ../shared/interop/keras/} when that folder is there.
 */
class KerasCasesTest {
    /** {@code ../shared} beside the checkout; the tests run in the module's folder, one level down. */
    private static final Path SHARED = Path.of("..", "..", "shared", "interop", "keras");
    static Stream<Path> bundled() throws IOException, URISyntaxException {
        return cases(Path.of(KerasCasesTest.class.getResource("/keras").toURI()));
    }

    static Stream<Path> shared() throws IOException {
        if (!Files.isDirectory(SHARED)) {
            return Stream.of((Path) null);
        }
        return cases(SHARED);
    }

    private static Stream<Path> cases(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".case.json")).sorted().forEach(out::add);
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundled")
    void bundledCaseMatchesKeras(Path caseFile) throws IOException {
        check(caseFile);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shared")
    void sharedCaseMatchesKeras(Path caseFile) throws IOException {
        Assumptions.assumeTrue(caseFile != null, "../shared/interop/keras is absent (a clone without ../shared):"
                + " only the bundled cases run");
        check(caseFile);
    }

    static double check(Path caseFile) throws IOException {
        JsonNode c = new ObjectMapper().readTree(caseFile.toFile());
        Path model = caseFile.resolveSibling(c.path("model_file").asText());
        int[] inShape = ints(c.path("input").path("shape"));
        Sequential m;
        try (InputStream in = Files.newInputStream(model)) {
            m = KerasModels.load(in, inShape[1]);
        }
        // a Reshape right after the input becomes the input shape: the same values, reshaped
        int[] modelShape = m.inputShape().dims();
        int[] xShape = new int[modelShape.length + 1];
        xShape[0] = inShape[0];
        System.arraycopy(modelShape, 0, xShape, 1, modelShape.length);
        Tensor y = m.predict(Tensor.of(floats(c.path("input").path("data")), xShape), inShape[0]);
        int[] outShape = ints(c.path("output").path("shape"));
        assertArrayEquals(outShape, y.shape(), "output shape");
        float[] want = floats(c.path("output").path("data"));
        double max = 0, worst = 0;
        for (float v : want) {
            max = Math.max(max, Math.abs(v));
        }
        for (int i = 0; i < want.length; i++) {
            worst = Math.max(worst, Math.abs(y.data()[i] - want[i]));
        }
        double bound = 1e-6 + 1e-4 * max;
        assertTrue(worst <= bound, c.path("name").asText() + ": max |got - expected| = " + worst + " > " + bound);
        System.out.printf("%s: max error %.3g (bound %.3g)%n", c.path("name").asText(), worst, bound);
        return worst;
    }

    static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).intValue();
        }
        return out;
    }

    static float[] floats(JsonNode a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) a.get(i).doubleValue();
        }
        return out;
    }
}
