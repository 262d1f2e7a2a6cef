package dev.recurrent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code report.html} of a demo opens in a real browser, headless Chromium, without errors and
 * shows its plots. The demo (dinner, 5 epochs, under a second) writes its run directory, then
 * Chromium is started twice on it:
 * <ol>
 * <li>{@code --dump-dom} on a copy of the report with one checking script put first into its
 * {@code <head>}: it records every error event (a script error, a resource that fails to load)
 * and, on {@code load}, writes into the title the natural size of each {@code <img>}; the test
 * compares those sizes with the PNG files of the run directory (a broken or empty data URI has
 * width 0) and scans Chromium's log ({@code --enable-logging=stderr}) for messages of the page's
 * console ({@code :CONSOLE}), uncaught exceptions and failed loads ({@code net::ERR_}); Chromium's
 * own noise (D-Bus, GPU, sandbox warnings) is not about the page and is ignored;</li>
 * <li>{@code --screenshot} of the unmodified report: the colored pixels of the plots must be on
 * the screen (the page's own text and tables are grey, so without the plots there are almost none).
 * This also catches a truncated data URI, whose PNG header alone gives the browser the right natural
 * size.</li>
 * </ol>
 *
 * <p>Skipped when Chromium is not installed, as in CI. To run it, install Debian's Chromium
 * ({@code apt-get install -y chromium}), then
 * {@code mvn -B -pl recurrent-cli test -Dtest=ReportInBrowserTest}. Another browser binary is given
 * with {@code -Drecurrent.chromium=/path/to/chromium} (a missing file skips the test).
 */
public class ReportInBrowserTest {

    /** The Chromium binary: {@code -Drecurrent.chromium=...}, else Debian's. */
    private static final Path CHROMIUM = Path.of(System.getProperty("recurrent.chromium", "/usr/bin/chromium"));
    private static final long TIMEOUT_SECONDS = 120;

    /** Put first into the copy's head: collects error events, and on load writes the images' sizes into the title. */
    private static final String CHECK_SCRIPT = String.join("\n",
            "<script>",
            "window.__errors = [];",
            "window.addEventListener('error', function (e) {",
            "  var t = e.target;",
            "  window.__errors.push(t && t !== window && t.tagName",
            "      ? 'failed to load <' + t.tagName.toLowerCase() + '> ' + String(t.src || t.href || '').slice(0, 80)",
            "      : 'script error: ' + e.message);",
            "}, true);",
            "window.addEventListener('unhandledrejection', function (e) { window.__errors.push('unhandled rejection: ' + e.reason); });",
            "window.addEventListener('load', function () {",
            "  var sizes = [];",
            "  for (var i = 0; i < document.images.length; i++) {",
            "    var img = document.images[i];",
            "    sizes.push((img.complete ? img.naturalWidth : -1) + 'x' + (img.complete ? img.naturalHeight : -1));",
            "  }",
            "  document.title = 'browser-check images=' + sizes.join(',') + ' errors=' + window.__errors.length;",
            "  var pre = document.createElement('pre');",
            "  pre.id = 'browser-check-errors';",
            "  pre.textContent = window.__errors.join('\\n');",
            "  document.body.appendChild(pre);",
            "});",
            "</script>");

    private static final Pattern TITLE = Pattern.compile("<title>browser-check images=([-0-9x,]*) errors=(\\d+)</title>");
    private static final Pattern LINKED_PNG = Pattern.compile("\\(<a href=\"([^\"]+\\.png)\">");

    record Result(int code, String out, String err) {
    }

    @Test
    void theReportOpensWithoutErrorsAndShowsItsPlots(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium not installed at " + CHROMIUM
                + " (apt-get install -y chromium, or -Drecurrent.chromium=/path/to/chromium): browser check skipped");

        Path run = tmp.resolve("run");
        DemoCommandsTest.Run demo = DemoCommandsTest.run("demo", "dinner", "--epochs", "5", "--quiet",
                "--out", run.toString());
        assertEquals(0, demo.code(), demo.err());
        Path report = run.resolve("report.html");
        String html = Files.readString(report);

        // The plots the report shows, in order, and their sizes and colored pixels.
        List<String> expectedSizes = new ArrayList<>();
        long plotColored = 0;
        Matcher m = LINKED_PNG.matcher(html);
        while (m.find()) {
            BufferedImage png = ImageIO.read(run.resolve(m.group(1)).toFile());
            assertNotNull(png, m.group(1) + " is not a readable PNG");
            expectedSizes.add(png.getWidth() + "x" + png.getHeight());
            plotColored += colored(png);
        }
        assertEquals(3, expectedSizes.size(), "the dinner report shows accuracy, loss and rota");
        assertTrue(plotColored > 1000, "the plots have colored lines: " + plotColored);

        // 1. Loaded with the checking script: no errors, every image decoded at its size.
        int head = html.indexOf("<head>");
        assertTrue(head >= 0, "report has a <head>");
        Path checked = run.resolve("report-checked.html");   // same folder: relative links resolve as in the report
        Files.writeString(checked, html.substring(0, head + 6) + "\n" + CHECK_SCRIPT + html.substring(head + 6));
        Result dom = chromium(tmp, "dom", "--virtual-time-budget=5000", "--dump-dom", checked.toUri().toString());
        assertEquals(0, dom.code(), "chromium --dump-dom failed:\n" + dom.err());
        List<String> pageProblems = pageProblems(dom.err());
        assertTrue(pageProblems.isEmpty(), "the page logged:\n" + String.join("\n", pageProblems));
        Matcher title = TITLE.matcher(dom.out());
        assertTrue(title.find(), "the check script did not run to load; DOM:\n" + tail(dom.out()));
        assertEquals("0", title.group(2), "errors in the page:\n" + tail(dom.out()));
        assertEquals(String.join(",", expectedSizes), title.group(1),
                "each <img> shows its PNG at its natural size (WxH; 0x0 = not decoded)");

        // 2. The unmodified report on screen: the plots' colored pixels are there.
        Path shot = tmp.resolve("screenshot.png");
        Result screen = chromium(tmp, "shot", "--window-size=1200,4000", "--hide-scrollbars",
                "--virtual-time-budget=5000", "--screenshot=" + shot, report.toUri().toString());
        assertEquals(0, screen.code(), "chromium --screenshot failed:\n" + screen.err());
        pageProblems = pageProblems(screen.err());
        assertTrue(pageProblems.isEmpty(), "the page logged:\n" + String.join("\n", pageProblems));
        BufferedImage image = ImageIO.read(shot.toFile());
        assertNotNull(image, "no screenshot written:\n" + screen.err());
        long shown = colored(image);
        assertTrue(shown >= plotColored / 2, "colored pixels on screen " + shown + ", in the plots " + plotColored
                + ": the plots are not shown");
    }

    /** Put first into the copy's head: on load, writes the page's height and each image's top and left into the title. */
    private static final String LAYOUT_SCRIPT = String.join("\n",
            "<script>",
            "window.addEventListener('load', function () {",
            "  var at = [];",
            "  for (var i = 0; i < document.images.length; i++) {",
            "    var r = document.images[i].getBoundingClientRect();",
            "    at.push(document.images[i].alt.replace(/[ ,=]/g, '_') + '@' + Math.round(r.top) + ':' + Math.round(r.left));",
            "  }",
            "  document.title = 'layout height=' + document.documentElement.scrollHeight + ' images=' + at.join(',');",
            "});",
            "</script>");
    private static final Pattern LAYOUT = Pattern.compile("<title>layout height=(\\d+) images=([^<]*)</title>");

    /**
     * The alphabet report is read on a screen 1400 pixels wide: the results first, the seven
     * heatmaps of the gate inspector several to a row, the whole page a few screens tall (it was
     * about 10,000 pixels, the heatmaps one under the other), each model's accuracy and loss side by side.
     */
    @Test
    void theAlphabetReportIsLaidOutForOneScreenWidth(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium not installed at " + CHROMIUM + ": browser check skipped");
        Path run = tmp.resolve("run");
        DemoCommandsTest.Run demo = DemoCommandsTest.run("demo", "alphabet", "--epochs", "5", "--quiet",
                "--out", run.toString());
        assertEquals(0, demo.code(), demo.err());
        String html = Files.readString(run.resolve("report.html"));
        int head = html.indexOf("<head>");
        Path checked = run.resolve("report-layout.html");
        Files.writeString(checked, html.substring(0, head + 6) + "\n" + LAYOUT_SCRIPT + html.substring(head + 6));
        Result dom = chromium(tmp, "layout", "--window-size=1400,1000", "--virtual-time-budget=5000", "--dump-dom",
                checked.toUri().toString());
        assertEquals(0, dom.code(), "chromium --dump-dom failed:\n" + dom.err());
        Matcher layout = LAYOUT.matcher(dom.out());
        assertTrue(layout.find(), "the layout script did not run; DOM:\n" + tail(dom.out()));

        int height = Integer.parseInt(layout.group(1));
        assertTrue(height < 6500, "the page is " + height + " px tall at 1400 px wide");
        List<String> images = List.of(layout.group(2).split(","));
        assertTrue(images.get(0).startsWith("Accuracy_of_each_model"), "the summary's chart first: " + images);
        Set<String> heatmapRows = new TreeSet<>();
        int heatmaps = 0;
        Map<String, String> plotRows = new TreeMap<>();
        for (String image : images) {
            String top = image.substring(image.indexOf('@') + 1, image.indexOf(':', image.indexOf('@')));
            if (image.contains("_per_epoch")) {
                String model = image.substring(0, image.indexOf(":_"));
                String before = plotRows.putIfAbsent(model, top);
                assertTrue(before == null || before.equals(top), model + "'s accuracy and loss side by side: " + images);
            } else if (image.startsWith("Model_3:_")) {
                heatmaps++;
                heatmapRows.add(top);
            }
        }
        assertEquals(3, plotRows.size(), images.toString());
        assertEquals(6, heatmaps, "gates i, f, c, o and states c, h: " + images);
        assertTrue(heatmapRows.size() <= 2, "6 heatmaps in " + heatmapRows.size() + " rows (tops " + heatmapRows + ")");
    }

    /** Lines of Chromium's log about the page: console messages, uncaught exceptions, failed loads. */
    static List<String> pageProblems(String log) {
        List<String> problems = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (line.contains(":CONSOLE") || line.contains("Uncaught") || line.contains("net::ERR_")) {
                problems.add(line);
            }
        }
        return problems;
    }

    /** Pixels with a clear hue (max - min channel over 60): plot lines and markers, not grey text. */
    static long colored(BufferedImage image) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if ((rgb >>> 24) < 128) {
                    continue;
                }
                int r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Runs headless Chromium with a fresh profile and no network use; stdout and stderr via files. */
    private static Result chromium(Path tmp, String name, String... args) throws Exception {
        Path profile = Files.createDirectories(tmp.resolve("profile-" + name));
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile,
                "--enable-logging=stderr", "--v=0"));
        cmd.addAll(List.of(args));
        File out = tmp.resolve(name + ".out").toFile(), err = tmp.resolve(name + ".err").toFile();
        Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            fail("chromium " + name + " did not finish in " + TIMEOUT_SECONDS + " s:\n"
                    + Files.readString(err.toPath(), StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
    }

    @Test
    void pageProblemsAreConsoleMessagesAndFailedLoadsNotChromiumNoise() {
        String log = String.join("\n",
                "[1:2:1128/214804.979482:ERROR:dbus/bus.cc:405] Failed to connect to the bus: Failed to connect to socket",
                "[3:3:1128/214805.057397:WARNING:media/gpu/vaapi/vaapi_wrapper.cc:1655] drmGetDevices2() has not found any devices",
                "[1:1:1128/214808.959141:INFO:CONSOLE:1] \"Uncaught ReferenceError: f is not defined\", source: file:///r.html (1)",
                "[1:1:1128/214808.959099:INFO:CONSOLE(7)] \"boom\", source: file:///r.html (7)");
        List<String> problems = pageProblems(log);
        assertEquals(2, problems.size(), problems.toString());
        assertFalse(problems.get(0).contains("dbus"));
    }
}
