package dev.recurrent.cli.report;

import dev.recurrent.cli.run.RunDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report.html} of a run: one offline page (inline CSS, the PNGs embedded as base64, each
 * also linked by its file name) with a status line, the summary sections (the results, added with
 * {@link #summary} whenever they are known), the settings, then a section per part of the demo
 * (model summary, plots, figures, printed output). Pictures that follow each other in a section
 * stand side by side in a grid as wide as the window allows, so that a page is read on one screen
 * width rather than scrolled through. {@link #write} rewrites the whole page (atomically), so a
 * demo calls it after each part and an interrupted run keeps what it did.
 */
public final class HtmlReport {
    private static final String CSS = String.join("\n",
            "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1360px;margin:2em auto;"
                    + "padding:0 1em;color:#222;line-height:1.45}p{max-width:60em}",
            "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd}",
            "pre{background:#f6f8fa;border:1px solid #e1e4e8;padding:.7em;overflow-x:auto;font-size:.85em}",
            "table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ddd;padding:.25em .7em;text-align:left}",
            "th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}",
            "figure{margin:0}img{max-width:100%;height:auto;border:1px solid #eee}figcaption{font-size:.85em;color:#555}",
            ".figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,600px),1fr));gap:1em 1.5em;"
                    + "margin:1em 0;align-items:start}",
            ".figures.small{grid-template-columns:repeat(auto-fill,minmax(min(100%,300px),1fr))}",
            "pre.columns{columns:16em;column-rule:1px solid #e1e4e8}",
            ".status{color:#555}.status.interrupted{color:#b00}");

    private final Path file;
    private final String title;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<Section> summary = new ArrayList<>();
    private final List<Section> sections = new ArrayList<>();
    private String status = "running";
    private boolean interrupted;

    /** A report written to {@code file}; images are read from the same folder. */
    public HtmlReport(Path file, String title) {
        this.file = file;
        this.title = title;
    }

    public Path file() {
        return file;
    }

    public HtmlReport setting(String name, Object value) {
        settings.put(name, String.valueOf(value));
        return this;
    }

    /** Appends a section and returns it for filling. */
    public Section section(String heading) {
        Section s = new Section(heading);
        sections.add(s);
        return s;
    }

    /** Appends a section to the summary at the top of the page (after the status, before the settings). */
    public Section summary(String heading) {
        Section s = new Section(heading);
        summary.add(s);
        return s;
    }

    /** The status line, e.g. "finished in 1 min 12 s". */
    public HtmlReport status(String text) {
        this.status = text;
        return this;
    }

    /** Marks the run as stopped by the user (shown in red). */
    public HtmlReport interrupted(String text) {
        this.status = text;
        this.interrupted = true;
        return this;
    }

    /** Renders and writes the page (a temporary file, then renamed). */
    public void write() {
        RunDirectory.writeAtomically(file, render().getBytes(StandardCharsets.UTF_8));
    }

    String render() {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n").append(CSS).append("\n</style>\n</head>\n<body>\n");
        h.append("<h1>").append(escape(title)).append("</h1>\n");
        h.append("<p class=\"status").append(interrupted ? " interrupted" : "").append("\">")
                .append(escape(status)).append("</p>\n");
        Path dir = file.toAbsolutePath().getParent();
        for (Section s : summary) {
            s.render(h, dir);
        }
        if (!settings.isEmpty()) {
            h.append("<h2>Settings</h2>\n<table>\n");
            for (Map.Entry<String, String> e : settings.entrySet()) {
                h.append("<tr><th>").append(escape(e.getKey())).append("</th><td>").append(escape(e.getValue()))
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        for (Section s : sections) {
            s.render(h, dir);
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '&': b.append("&amp;"); break;
                case '"': b.append("&quot;"); break;
                case '\'': b.append("&#39;"); break;
                default: b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * A part of the report: paragraphs, preformatted text, tables and images, in the order added;
     * images one after the other make one grid.
     */
    public static final class Section {
        private final String heading;
        private final List<String[]> items = new ArrayList<>();   // {kind, ...}

        private Section(String heading) {
            this.heading = heading;
        }

        public Section paragraph(String text) {
            items.add(new String[] {"p", text});
            return this;
        }

        /** Text shown as printed, e.g. a model summary. */
        public Section pre(String text) {
            items.add(new String[] {"pre", text, ""});
            return this;
        }

        /** As {@link #pre}, for many short lines: set in as many columns as the width allows. */
        public Section preColumns(String text) {
            items.add(new String[] {"pre", text, " class=\"columns\""});
            return this;
        }

        /** A PNG of the run directory, by file name, with a caption. */
        public Section image(String fileName, String caption) {
            items.add(new String[] {"img", fileName, caption, "figures"});
            return this;
        }

        /** As {@link #image}, in a grid of narrower columns (heatmaps, several to a row). */
        Section smallImage(String fileName, String caption) {
            items.add(new String[] {"img", fileName, caption, "figures small"});
            return this;
        }

        /** A table; the first row is the header. Cells that look like numbers are right-aligned. */
        public Section table(List<List<String>> rows) {
            StringBuilder t = new StringBuilder("<table>\n");
            for (int r = 0; r < rows.size(); r++) {
                t.append("<tr>");
                for (String cell : rows.get(r)) {
                    String tag = r == 0 ? "th" : "td";
                    boolean num = r > 0 && cell.matches("[-+]?[0-9][0-9,.]*\\s*(%|s)?");
                    t.append('<').append(tag).append(num ? " class=\"num\"" : "").append('>').append(escape(cell))
                            .append("</").append(tag).append('>');
                }
                t.append("</tr>\n");
            }
            items.add(new String[] {"html", t.append("</table>\n").toString()});
            return this;
        }

        private void render(StringBuilder h, Path dir) {
            h.append("<h2>").append(escape(heading)).append("</h2>\n");
            String grid = null;   // the class of the open <div> of images, if any
            for (String[] it : items) {
                String next = it[0].equals("img") ? it[3] : null;
                if (grid != null && !grid.equals(next)) {
                    h.append("</div>\n");
                }
                if (next != null && !next.equals(grid)) {
                    h.append("<div class=\"").append(next).append("\">\n");
                }
                grid = next;
                switch (it[0]) {
                    case "p":
                        h.append("<p>").append(escape(it[1])).append("</p>\n");
                        break;
                    case "pre":
                        h.append("<pre").append(it[2]).append('>').append(escape(it[1])).append("</pre>\n");
                        break;
                    case "img":
                        h.append("<figure><img src=\"").append(imageSource(dir, it[1])).append("\" alt=\"")
                                .append(escape(it[2])).append("\"><figcaption>").append(escape(it[2]))
                                .append(" (<a href=\"").append(escape(it[1])).append("\">").append(escape(it[1]))
                                .append("</a>)</figcaption></figure>\n");
                        break;
                    default:
                        h.append(it[1]);
                }
            }
            if (grid != null) {
                h.append("</div>\n");
            }
        }

        /** The PNG as a data URI, or its relative name if it cannot be read. */
        private static String imageSource(Path dir, String fileName) {
            try {
                byte[] png = Files.readAllBytes(dir.resolve(fileName));
                return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
            } catch (IOException | UncheckedIOException e) {
                return escape(fileName);
            }
        }
    }
}
