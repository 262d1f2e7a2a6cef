package dev.recurrent.cli.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.recurrent.cli.pipelines.ForecastPipeline;
import dev.recurrent.cli.pipelines.Sidecar;
import dev.recurrent.cli.pipelines.SymbolPipeline;
import dev.recurrent.cli.pipelines.TokenPipeline;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sidecar {@code <model>.json} that {@code recurrent predict} reads: any bytes, read and then
 * taken as each task's preprocessing. Its only refusal is an {@code InputError} (an
 * {@link IllegalArgumentException}) with a message; {@code mvn test} runs the kept inputs, and
 * {@code JAZZER_FUZZ=1} fuzzes it (docs/reliability.md).
 */
class SidecarFuzzTest {
    private static final Path DIR;
    private static final Path MODEL;

    static {
        try {
            DIR = Files.createTempDirectory("fuzz-sidecar");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MODEL = DIR.resolve(Sidecar.FORECAST_MODEL_FILE);
        DIR.toFile().deleteOnExit();
    }

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "1h")
    void sidecar(byte[] input) throws IOException {
        Files.write(Sidecar.pathFor(MODEL), input);
        Sidecar.pathFor(MODEL).toFile().deleteOnExit();
        JsonNode node;
        try {
            node = Sidecar.readIfPresent(MODEL);
        } catch (IllegalArgumentException e) {
            requireMessage(e);
            return;
        }
        for (int task = 0; task < 3; task++) {
            try {
                switch (task) {
                    case 0 -> ForecastPipeline.fromJson(node, MODEL);
                    case 1 -> TokenPipeline.fromJson(node, MODEL);
                    default -> SymbolPipeline.fromJson(node, MODEL);
                }
            } catch (IllegalArgumentException e) {
                requireMessage(e);
            }
        }
    }

    private static void requireMessage(IllegalArgumentException e) {
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            throw new AssertionError("a refusal without a message", e);
        }
    }
}
