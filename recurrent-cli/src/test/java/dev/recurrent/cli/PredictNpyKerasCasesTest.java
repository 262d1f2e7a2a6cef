package dev.recurrent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recurrent.io.Npy;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real Keras files of the interop cases through {@code recurrent predict --model F.h5 --npy X.npy
 * --out Y.npy}: the copies bundled with recurrent-io's tests, and every case in
 * {@code ../shared/interop/keras/} when that folder is there. Bound: 1e-6 + 1e-4 × the largest expected value.
 */
class PredictNpyKerasCasesTest {
    private static final Path BUNDLED = Path.of("..", "recurrent-io", "src", "test", "resources", "keras");
    private static final Path SHARED = Path.of("..", "..", "shared", "interop", "keras");

    @TempDir
    Path dir;

    static Stream<Path> bundled() throws IOException {
        return cases(BUNDLED);
    }

    static Stream<Path> shared() throws IOException {
        return Files.isDirectory(SHARED) ? cases(SHARED) : Stream.of((Path) null);
    }

    private static Stream<Path> cases(Path folder) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            s.filter(p -> p.getFileName().toString().endsWith(".case.json")).sorted().forEach(out::add);
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundled")
    void bundledCase(Path caseFile) throws IOException {
        check(caseFile);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shared")
    void sharedCase(Path caseFile) throws IOException {
        Assumptions.assumeTrue(caseFile != null, "../shared/interop/keras is absent: only the bundled cases run");
        check(caseFile);
    }

    private void check(Path caseFile) throws IOException {
        JsonNode c = new ObjectMapper().readTree(caseFile.toFile());
        Path model = caseFile.resolveSibling(c.path("model_file").asText());
        Path x = dir.resolve("x.npy"), y = dir.resolve("y.npy");
        try (OutputStream o = Files.newOutputStream(x)) {
            Npy.write(o, floats(c.path("input").path("data")), ints(c.path("input").path("shape")));
        }
        DemoCommandsTest.Run r = DemoCommandsTest.run("predict", "--model", model.toString(), "--npy", x.toString(),
                "--out", y.toString());
        assertEquals(0, r.code(), r.err());
        Npy.Array got;
        try (InputStream in = Files.newInputStream(y)) {
            got = Npy.read(in, 1 << 24, y.toString());
        }
        assertArrayEquals(ints(c.path("output").path("shape")), got.shape(), "output shape");
        float[] want = floats(c.path("output").path("data"));
        double max = 0, worst = 0;
        for (float v : want) {
            max = Math.max(max, Math.abs(v));
        }
        for (int i = 0; i < want.length; i++) {
            worst = Math.max(worst, Math.abs(got.data()[i] - want[i]));
        }
        double bound = 1e-6 + 1e-4 * max;
        assertTrue(worst <= bound, c.path("name").asText() + ": max |got - expected| = " + worst + " > " + bound);
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).intValue();
        }
        return out;
    }

    private static float[] floats(JsonNode a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) a.get(i).doubleValue();
        }
        return out;
    }
}
