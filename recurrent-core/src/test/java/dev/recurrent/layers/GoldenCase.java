package dev.recurrent.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** One golden case (see src/test/resources/golden/README.md): a layer, its weights, inputs and expected tensors. */
record GoldenCase(String name, String cell, boolean resetAfter, int batch, int steps, int input, int units, JsonNode tensors) {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The cases this module's tests carry, on the test class path. */
    static final String RESOURCE = "/golden";

    /** The directory of cases: the system property golden.dir, else the cases on the test class path. */
    static Path directory() {
        String dir = System.getProperty("golden.dir");
        if (dir == null || dir.isBlank()) {
            return bundled();
        }
        Path p = Paths.get(dir);
        String root = System.getProperty("recurrent.root");
        if (!p.isAbsolute() && root != null && !root.isBlank() && Files.isDirectory(Paths.get(root).resolve(p))) {
            p = Paths.get(root).resolve(p);
        }
        return p.toAbsolutePath().normalize();
    }

    private static Path bundled() {
        URL url = GoldenCase.class.getResource(RESOURCE);
        if (url == null) {
            throw new IllegalStateException("no golden cases on the test class path (" + RESOURCE + ")");
        }
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("golden cases at " + url + " are not a directory", e);
        }
    }

    static List<GoldenCase> loadAll(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("golden case directory " + dir + " does not exist");
        }
        List<GoldenCase> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.filter(x -> x.toString().endsWith(".json")).sorted()::iterator) {
                cases.add(load(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (cases.isEmpty()) {
            throw new IllegalStateException("golden case directory " + dir + " holds no case (*.json)");
        }
        return cases;
    }

    static GoldenCase load(Path file) throws IOException {
        JsonNode n = JSON.readTree(file.toFile());
        return new GoldenCase(n.path("name").asText(file.getFileName().toString()), n.get("cell").asText(),
                n.path("reset_after").asBoolean(true),
                n.get("batch").asInt(), n.get("steps").asInt(), n.get("input").asInt(), n.get("units").asInt(),
                n.get("tensors"));
    }

    boolean has(String tensor) {
        return tensors.has(tensor);
    }

    float[] f32(String tensor) {
        JsonNode data = tensors.get(tensor).get("data");
        float[] out = new float[data.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) data.get(i).asDouble();
        }
        return out;
    }

    double[] f64(String tensor) {
        JsonNode data = tensors.get(tensor).get("data");
        double[] out = new double[data.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = data.get(i).asDouble();
        }
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
