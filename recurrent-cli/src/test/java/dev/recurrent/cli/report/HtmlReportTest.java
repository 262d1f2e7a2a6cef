package dev.recurrent.cli.report;

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

public class HtmlReportTest {

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

    @Test
    void theSummaryComesFirstAndPicturesSideBySideMakeAGrid(@TempDir Path dir) {
        HtmlReport r = new HtmlReport(dir.resolve("report.html"), "Demo");
        r.setting("epochs", 3);
        r.section("Model 1").pre("summary").image("a.png", "accuracy").image("b.png", "loss").pre("after")
                .smallImage("g1.png", "gate i").smallImage("g2.png", "gate f").image("c.png", "alone");
        r.summary("Results").table(List.of(List.of("model", "accuracy"), List.of("1", "80%")));
        String html = r.render();

        int results = html.indexOf("<h2>Results</h2>"), settings = html.indexOf("<h2>Settings</h2>"),
                model = html.indexOf("<h2>Model 1</h2>");
        assertTrue(results > 0 && results < settings && settings < model,
                "summary, then settings, then the parts: " + results + ", " + settings + ", " + model);

        String section = html.substring(model);
        int grid = section.indexOf("<div class=\"figures\">");
        assertTrue(grid > section.indexOf("<pre>summary</pre>"), "the grid follows the pre");
        String firstGrid = section.substring(grid, section.indexOf("</div>", grid));
        assertTrue(firstGrid.contains("a.png") && firstGrid.contains("b.png"), "accuracy and loss in one grid: " + firstGrid);
        assertFalse(firstGrid.contains("after"), "the grid closes before the next pre");
        int small = section.indexOf("<div class=\"figures small\">");
        String smallGrid = section.substring(small, section.indexOf("</div>", small));
        assertTrue(smallGrid.contains("g1.png") && smallGrid.contains("g2.png") && !smallGrid.contains("c.png"), smallGrid);
        assertEquals(3, count(html, "<div class=\"figures"), "three grids: two pictures, two small ones, one alone");
        assertEquals(count(html, "<div"), count(html, "</div>"), "every grid is closed");
        assertTrue(html.contains(".figures{display:grid"), "the grid's CSS");
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
