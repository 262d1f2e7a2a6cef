package dev.recurrent.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every transcript shown in the README and in {@code docs/} and checks that the command prints
 * what the page shows. A transcript is a fenced block right after a line {@code <!-- transcript -->}
 * (or {@code <!-- transcript: slow -->}, run only with {@code -Dtranscripts=all}); in it, each line
 * {@code $ ./recurrent ARGS} is a command and the lines after it are what it prints. Every shown line
 * must appear in the output, in order; {@code ...} stands for lines left out. Timings, time stamps,
 * the thread count and the run directory's place are not compared. The figures are compared only
 * where the kernels are the ones the transcript names (their line {@code kernels: ...}), since other
 * vector widths round differently.
 */
public class DocTranscriptsTest {
    private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();
    private static final Pattern MARKER = Pattern.compile("^<!-- transcript(: slow)? -->\\s*$");
    private static final String UNIT = "\\b\\d+(?:\\.\\d+)?\\s?(?:ms|us|µs|s|min|h)\\b";
    /** A duration, compound ones ({@code 1 min 05 s}) included, and a per-step time. */
    private static final Pattern DURATION = Pattern.compile(UNIT + "(?:/step)?(?:\\s" + UNIT + ")*");
    private static final Pattern STAMP = Pattern.compile("\\d{8}-\\d{6}");
    private static final Pattern THREADS = Pattern.compile("threads: \\d+");
    private static final Pattern KERNELS = Pattern.compile("kernels: ([^,;\\s]+)");

    /** One command of a transcript: where it is shown, its arguments and the lines it should print. */
    record Shown(String where, boolean slow, List<String> args, List<String> lines) {
    }

    @TestFactory
    Stream<DynamicTest> transcripts() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<List<Shown>> blocks = new ArrayList<>();
        for (Path page : pages) {
            blocks.addAll(parse(page));
        }
        assertFalse(blocks.isEmpty(), "no transcripts found in " + pages);
        boolean all = "all".equals(System.getProperty("transcripts"));
        return blocks.stream().map(block -> DynamicTest.dynamicTest(block.get(0).where() + ": "
                + String.join(" ", block.get(0).args()), () -> {
            Assumptions.assumeTrue(all || !block.get(0).slow(),
                    "a slow transcript: run with -Dtranscripts=all to check it");
            Path tmp = Files.createTempDirectory("transcript");
            for (Shown shown : block) {
                check(shown, tmp);
            }
        }));
    }

    /** The transcripts of one page, each a list of commands. */
    static List<List<Shown>> parse(Path page) throws IOException {
        List<String> text = Files.readAllLines(page);
        List<List<Shown>> blocks = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            Matcher m = MARKER.matcher(text.get(i));
            if (!m.matches()) {
                continue;
            }
            boolean slow = m.group(1) != null;
            int open = i + 1;
            if (open >= text.size() || !text.get(open).startsWith("```")) {
                fail(page.getFileName() + ":" + (i + 1) + ": a transcript marker must be followed by a fenced block");
            }
            List<Shown> block = new ArrayList<>();
            for (int j = open + 1; j < text.size() && !text.get(j).startsWith("```"); j++) {
                String line = text.get(j);
                if (line.startsWith("$ ./recurrent ")) {
                    String where = ROOT.relativize(page) + ":" + (j + 1);
                    block.add(new Shown(where, slow, words(line.substring("$ ./recurrent ".length())), new ArrayList<>()));
                } else if (!block.isEmpty()) {
                    block.get(block.size() - 1).lines().add(line);
                } else {
                    fail(page.getFileName() + ":" + (j + 1) + ": a transcript starts with a line `$ ./recurrent ...`");
                }
            }
            blocks.add(block);
        }
        return blocks;
    }

    private static void check(Shown shown, Path tmp) {
        List<String> args = new ArrayList<>();
        for (String a : shown.args()) {
            boolean inRepository = !a.startsWith("-") && !a.isEmpty() && Files.exists(ROOT.resolve(a));
            args.add(a.startsWith("runs/") ? tmp.resolve(a).toString() : inRepository ? ROOT.resolve(a).toString() : a);
        }
        boolean writesRun = shown.lines().stream().anyMatch(l -> l.contains("runs/" + (args.size() > 1 ? args.get(1) : "")));
        if (args.size() >= 2 && args.get(0).equals("demo") && !args.contains("--out") && writesRun) {
            args.add("--out");   // where the demo would make runs/NAME-<time stamp>
            args.add(tmp.resolve("runs").resolve(args.get(1) + "-20000101-000000").toString());
        }
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = RecurrentCommand.execute(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        List<String> actual = new ArrayList<>();
        for (String line : (out + err.toString()).split("\n", -1)) {
            actual.add(normalize(line, tmp));
        }
        List<String> expected = new ArrayList<>();
        for (String line : shown.lines()) {
            if (!line.strip().equals("...") && !line.isBlank()) {
                expected.add(normalize(line, tmp));
            }
        }
        boolean error = !expected.isEmpty() && expected.get(0).startsWith("error:");
        assertEquals(error ? 2 : 0, code, shown.where() + ": exit code; it printed\n" + out + err);
        String shownKernels = kernels(expected), actualKernels = kernels(actual);
        Assumptions.assumeTrue(shownKernels == null || shownKernels.equals(actualKernels), shown.where()
                + ": shown with kernels " + shownKernels + ", run with " + actualKernels + ": figures not compared");
        int at = 0;
        for (String line : expected) {
            int found = actual.subList(at, actual.size()).indexOf(line);
            if (found < 0) {
                fail(shown.where() + ": the shown line\n  " + line + "\nis not printed (in order) by `recurrent "
                        + String.join(" ", shown.args()) + "`, which printed:\n" + String.join("\n", actual));
            }
            at += found + 1;
        }
    }

    private static String kernels(List<String> lines) {
        for (String line : lines) {
            Matcher m = KERNELS.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    /** The line with what varies from run to run masked. */
    static String normalize(String line, Path tmp) {
        String s = line.replace(tmp + "/", "").replace(ROOT + "/", "");
        s = DURATION.matcher(s).replaceAll("#t");
        s = STAMP.matcher(s).replaceAll("#stamp");
        s = THREADS.matcher(s).replaceAll("threads: #");
        return s.stripTrailing();
    }

    /** Splits a shown command line into words; double quotes group words, as a shell does. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false, any = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    words.add(w.toString());
                }
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(w.toString());
        }
        return words;
    }
}
