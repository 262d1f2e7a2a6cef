package dev.recurrent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlReportTest {

    @Test
    void anOfflinePageWithEmbeddedPlotsThatIsRewrittenWhole(@TempDir Path dir) throws Exception {
        Plots.lines(dir.resolve("p.png"), "t", "x", "y", new double[] {1, 2, 3}, Map.of("s", new double[] {3, 1, 2}), null);
        HtmlReport r = new HtmlReport(dir.resolve("report.html"), "Demo <1>");
        r.setting("epochs", 3);
        r.section("Model").pre("Total params: 5,210\n<none>").image("p.png", "a plot")
                .table(List.of(List.of("a", "b"), List.of("1.5%", "x")));
        r.write();
        String html = Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<title>Demo &lt;1&gt;</title>"));
        assertTrue(html.contains("<pre>Total params: 5,210\n&lt;none&gt;</pre>"));
        assertTrue(html.contains("<img src=\"data:image/png;base64,iVBOR"), "PNG embedded");
        assertTrue(html.contains("<a href=\"p.png\">"));
        assertTrue(html.contains("<td class=\"num\">1.5%</td><td>x</td>"));
        assertTrue(html.contains("<p class=\"status\">running</p>"));
        assertFalse(html.contains("http"), "no external resources");

        r.interrupted("Interrupted").write();
        String again = Files.readString(dir.resolve("report.html"));
        assertTrue(again.contains("<p class=\"status interrupted\">Interrupted</p>"));
        assertEquals(List.of("p.png", "report.html"), Files.list(dir).map(p -> p.getFileName().toString()).sorted().toList(),
                "no temporary files left");
    }
}
