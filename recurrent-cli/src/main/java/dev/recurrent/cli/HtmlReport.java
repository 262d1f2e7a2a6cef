package dev.recurrent.cli;

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
 * also linked by its file name) with the settings, then a section per part of the demo (model
 * summary, plots, figures, printed output), and a status line. {@link #write} rewrites the whole
 * page (atomically), so a demo calls it after each part and an interrupted run keeps what it did.
 */
final class HtmlReport {
    private static final String CSS = String.join("\n",
            "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:980px;margin:2em auto;"
                    + "padding:0 1em;color:#222;line-height:1.45}",
            "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd}",
            "pre{background:#f6f8fa;border:1px solid #e1e4e8;padding:.7em;overflow-x:auto;font-size:.85em}",
            "table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ddd;padding:.25em .7em;text-align:left}",
            "th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}",
            "figure{margin:1em 0}img{max-width:100%;border:1px solid #eee}figcaption{font-size:.85em;color:#555}",
            ".status{color:#555}.status.interrupted{color:#b00}");

    private final Path file;
    private final String title;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<Section> sections = new ArrayList<>();
    private String status = "running";
    private boolean interrupted;

    /** A report written to {@code file}; images are read from the same folder. */
    HtmlReport(Path file, String title) {
        this.file = file;
        this.title = title;
    }

    Path file() {
        return file;
    }

    HtmlReport setting(String name, Object value) {
        settings.put(name, String.valueOf(value));
        return this;
    }

    /** Appends a section and returns it for filling. */
    Section section(String heading) {
        Section s = new Section(heading);
        sections.add(s);
        return s;
    }

    /** The status line, e.g. "finished in 1 min 12 s". */
    HtmlReport status(String text) {
        this.status = text;
        return this;
    }

    /** Marks the run as stopped by the user (shown in red). */
    HtmlReport interrupted(String text) {
        this.status = text;
        this.interrupted = true;
        return this;
    }

    /** Renders and writes the page (a temporary file, then renamed). */
    void write() {
        RunDirectory.writeAtomically(file, render().getBytes(StandardCharsets.UTF_8));
    }

    String render() {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n").append(CSS).append("\n</style>\n</head>\n<body>\n");
        h.append("<h1>").append(escape(title)).append("</h1>\n");
        h.append("<p class=\"status").append(interrupted ? " interrupted" : "").append("\">")
                .append(escape(status)).append("</p>\n");
        if (!settings.isEmpty()) {
            h.append("<h2>Settings</h2>\n<table>\n");
            for (Map.Entry<String, String> e : settings.entrySet()) {
                h.append("<tr><th>").append(escape(e.getKey())).append("</th><td>").append(escape(e.getValue()))
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        for (Section s : sections) {
            s.render(h, file.toAbsolutePath().getParent());
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

    /** A part of the report: paragraphs, preformatted text, tables and images, in the order added. */
    static final class Section {
        private final String heading;
        private final List<String[]> items = new ArrayList<>();   // {kind, ...}

        private Section(String heading) {
            this.heading = heading;
        }

        Section paragraph(String text) {
            items.add(new String[] {"p", text});
            return this;
        }

        /** Text shown as printed, e.g. a model summary. */
        Section pre(String text) {
            items.add(new String[] {"pre", text});
            return this;
        }

        /** A PNG of the run directory, by file name, with a caption. */
        Section image(String fileName, String caption) {
            items.add(new String[] {"img", fileName, caption});
            return this;
        }

        /** A table; the first row is the header. Cells that look like numbers are right-aligned. */
        Section table(List<List<String>> rows) {
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
            for (String[] it : items) {
                switch (it[0]) {
                    case "p":
                        h.append("<p>").append(escape(it[1])).append("</p>\n");
                        break;
                    case "pre":
                        h.append("<pre>").append(escape(it[1])).append("</pre>\n");
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
