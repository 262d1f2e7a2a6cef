package dev.recurrent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model too large for the heap (a JVM with -Xmx48m): one line {@code error: out of memory ...}, exit code 1. */
class OutOfMemoryLineTest {

    @Test
    void runningOutOfMemoryIsOneLineWithWhatToDo(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("s.csv");
        Files.writeString(csv, "v\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx48m", "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), RecurrentCommand.class.getName(), "train", "forecast",
                "--csv", csv.toString(), "--look-back", "2", "--units", "3000", "--epochs", "1",
                "--out", dir.resolve("run").toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), err);
        List<String> lines = err.lines().filter(l -> !l.startsWith("WARNING") && !l.contains("KernelsProvider")).toList();
        assertEquals(1, lines.size(), err);
        assertTrue(lines.get(0).startsWith("error: out of memory: ") && lines.get(0).contains("RECURRENT_JAVA_OPTS=-Xmx"),
                err);
    }
}
