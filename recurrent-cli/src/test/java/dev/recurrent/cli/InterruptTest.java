package dev.recurrent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real stop: the alphabet demo runs in its own JVM, gets SIGTERM (what Ctrl-C's SIGINT also
 * does: the shutdown hooks run) during training, and still writes its plots and report.
 */
public class InterruptTest {

    @Test
    void aStoppedDemoWritesWhatItDid(@TempDir Path dir) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), RecurrentCommand.class.getName(),
                "demo", "alphabet", "--epochs", "100000", "--verbose", "--out", dir.toString()))
                .redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean sent = false;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
                if (!sent && line.startsWith("Epoch 3/")) {
                    p.toHandle().destroy();   // SIGTERM, keeping the output open (Process.destroy closes it)
                    sent = true;
                }
            }
        } finally {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("the demo did not exit after the stop; output:\n" + out);
            }
        }
        String text = out.toString();
        assertTrue(text.contains("Interrupted: stopping after the current batch"), text);
        assertTrue(text.contains("Model Accuracy: "), text);
        assertTrue(!text.contains("Model 2:"), "the other models are skipped: " + text);
        assertTrue(Files.size(dir.resolve("model-1-loss.png")) > 1000, text);
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("class=\"status interrupted\"") && html.contains("Total params: 5,210")
                && html.contains("<img "), html.substring(0, Math.min(2000, html.length())));
    }
}
