package dev.recurrent.cli;

import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Usage help whose text wraps between words only. picocli breaks lines where {@link java.text.BreakIterator}
 * allows, which includes inside file names and calls: "model.|chars.json", "../|shared", "RMSprop|(0.01)".
 * Here a wrapped column breaks at spaces (a word longer than the column is still split). Used for the
 * option list ({@link #createDefaultLayout}), the description and the command list ({@link #DESCRIPTION},
 * {@link #COMMAND_LIST}), as picocli lays them out otherwise.
 */
public final class WordWrapHelp extends Help {

    WordWrapHelp(CommandSpec spec, ColorScheme colorScheme) {
        super(spec, colorScheme);
    }

    @Override
    public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals, ColorScheme scheme) {
        int longOptions = calcLongOptionColumnWidth(options, positionals, scheme);
        TextTable table = new Table(scheme, new Column(2, 0, Column.Overflow.TRUNCATE), new Column(2, 0, Column.Overflow.SPAN),
                new Column(1, 0, Column.Overflow.TRUNCATE), new Column(longOptions, 1, Column.Overflow.SPAN),
                new Column(width(this) - 5 - longOptions, 1, Column.Overflow.WRAP));
        return new Layout(scheme, table, createDefaultOptionRenderer(), createDefaultParameterRenderer());
    }

    /** The description, one table row per line of it, wrapped to the usage width. */
    static final IHelpSectionRenderer DESCRIPTION = help -> {
        String[] description = help.commandSpec().usageMessage().description();
        if (description.length == 0) {
            return "";
        }
        TextTable table = new Table(help.colorScheme(), new Column(width(help), 0, Column.Overflow.WRAP));
        table.indentWrappedLines = 0;
        for (String line : description) {
            for (Text t : help.colorScheme().text(String.format(line)).splitLines()) {
                table.addRowValues(t);
            }
        }
        return table.toString();
    };

    /** The subcommands: each name, then its header or else its description. */
    static final IHelpSectionRenderer COMMAND_LIST = help -> {
        Map<String, Help> subcommands = help.subcommands();
        if (subcommands.isEmpty()) {
            return "";
        }
        int nameLength = Math.min(subcommands.keySet().stream().mapToInt(String::length).max().orElse(0), width(help) / 2);
        TextTable table = new Table(help.colorScheme(), new Column(nameLength + 2, 2, Column.Overflow.SPAN),
                new Column(width(help) - (nameLength + 2), 2, Column.Overflow.WRAP));
        for (Help sub : subcommands.values()) {
            UsageMessageSpec usage = sub.commandSpec().usageMessage();
            String text = usage.header().length > 0 ? usage.header()[0]
                    : usage.description().length > 0 ? usage.description()[0] : "";
            Text[] lines = help.colorScheme().text(String.format(text)).splitLines();
            for (int i = 0; i < lines.length; i++) {
                table.addRowValues(i == 0 ? sub.commandNamesText(", ") : help.colorScheme().text(""), lines[i]);
            }
        }
        return table.toString();
    };

    private static int width(Help help) {
        return help.commandSpec().usageMessage().width();
    }

    /** A table whose wrapped columns break lines at spaces. */
    private static final class Table extends TextTable {
        private final ColorScheme scheme;

        Table(ColorScheme scheme, Column... columns) {
            super(scheme, columns);
            this.scheme = scheme;
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            Column column = columns()[col];
            if (column.overflow != Column.Overflow.WRAP || value == null || value.plainString().isEmpty()) {
                return super.putValue(row, col, value);
            }
            List<String> lines = wrap(value.plainString(), column.width - column.indent,
                    column.width - column.indent - indentWrappedLines);
            Cell cell = super.putValue(row, col, scheme.text(lines.get(0)));
            for (int i = 1; i < lines.size(); i++) {
                addEmptyRow();
                cell = super.putValue(rowCount() - 1, col, scheme.text(" ".repeat(indentWrappedLines) + lines.get(i)));
            }
            return cell;
        }

        /** The text's words, greedily filled into lines of {@code first}, then {@code rest} characters. */
        static List<String> wrap(String text, int first, int rest) {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String word : text.strip().split(" +")) {
                int width = lines.isEmpty() ? first : rest;
                if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                line.append(line.length() > 0 ? " " : "").append(word);
            }
            lines.add(line.toString());
            return lines;
        }
    }
}
