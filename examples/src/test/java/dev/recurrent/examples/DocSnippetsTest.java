package dev.recurrent.examples;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Holds the code shown in the README and in {@code docs/} to the programs it comes from: a fenced
 * block after a line {@code <!-- snippet: PATH -->} must consist of lines of the file PATH, in the
 * file's order ({@code ...} for lines left out; indentation is not compared). The programs
 * themselves are run by the other tests of this module.
 */
class DocSnippetsTest {
    private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();
    private static final String MARKER = "<!-- snippet: ";

    @TestFactory
    Stream<DynamicTest> snippets() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path page : pages) {
            List<String> text = Files.readAllLines(page);
            for (int i = 0; i < text.size(); i++) {
                if (!text.get(i).startsWith(MARKER)) {
                    continue;
                }
                String source = text.get(i).substring(MARKER.length()).replace("-->", "").strip();
                String where = ROOT.relativize(page) + ":" + (i + 1);
                List<String> shown = new ArrayList<>();
                assertTrue(i + 1 < text.size() && text.get(i + 1).startsWith("```"), where + ": a fenced block must follow");
                for (int j = i + 2; j < text.size() && !text.get(j).startsWith("```"); j++) {
                    shown.add(text.get(j).strip());
                }
                tests.add(DynamicTest.dynamicTest(where + " from " + source, () -> check(where, ROOT.resolve(source), shown)));
            }
        }
        assertFalse(tests.isEmpty(), "no snippets found in " + pages);
        return tests.stream();
    }

    private static void check(String where, Path source, List<String> shown) throws IOException {
        assertTrue(Files.isRegularFile(source), where + ": " + source + " does not exist");
        List<String> lines = Files.readAllLines(source).stream().map(String::strip).toList();
        int at = 0;
        for (String line : shown) {
            if (line.isEmpty() || line.equals("...")) {
                continue;
            }
            int found = lines.subList(at, lines.size()).indexOf(line);
            if (found < 0) {
                fail(where + ": the shown line\n  " + line + "\nis not in " + ROOT.relativize(source)
                        + " (in order after line " + at + ")");
            }
            at += found + 1;
        }
    }
}
