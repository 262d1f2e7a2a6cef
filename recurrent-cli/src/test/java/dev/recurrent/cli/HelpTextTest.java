package dev.recurrent.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command's {@code --help}: whole sentences, wrapped to 80 columns, nothing cut off. */
public class HelpTextTest {
    /** A sentence ends with . ! or ?, perhaps inside a closing bracket or quote. */
    private static final String SENTENCE_END = ".*[.!?][)\"']?";

    private static List<CommandLine> allCommands() {
        List<CommandLine> all = new ArrayList<>();
        collect(RecurrentCommand.commandLine(), all);
        return all;
    }

    private static void collect(CommandLine cmd, List<CommandLine> all) {
        all.add(cmd);
        cmd.getSubcommands().values().forEach(sub -> collect(sub, all));
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    /** The entries of the usage's command list (a command's header, or else its description), each as one line of text. */
    private static Map<String, String> commandList(String usage, CommandLine cmd) {
        Map<String, String> entries = new LinkedHashMap<>();
        String current = null;
        boolean inList = false;
        for (String line : usage.split("\n")) {
            if (line.equals("Commands:")) {
                inList = true;
                continue;
            }
            if (!inList) {
                continue;
            }
            String[] head = line.strip().split("\\s+", 2);
            if (line.startsWith("  ") && !line.startsWith("   ") && cmd.getSubcommands().containsKey(head[0])) {
                current = head[0];
                entries.put(current, head.length > 1 ? head[1] : "");
            } else if (current != null && line.startsWith("   ")) {
                entries.put(current, entries.get(current) + " " + line.strip());
            }
        }
        return entries;
    }

    @Test
    void everySubcommandIsListedWithItsWholeDescription() {
        int listed = 0;
        for (CommandLine cmd : allCommands()) {
            Map<String, String> entries = commandList(cmd.getUsageMessage(), cmd);
            assertEquals(cmd.getSubcommands().keySet(), entries.keySet(), cmd.getCommandSpec().qualifiedName());
            for (Map.Entry<String, String> e : entries.entrySet()) {
                CommandLine.Help sub = cmd.getSubcommands().get(e.getKey()).getHelp();
                String description = oneLine(sub.header().isEmpty() ? WordWrapHelp.DESCRIPTION.render(sub) : sub.header());
                assertEquals(description, oneLine(e.getValue()), cmd.getCommandSpec().qualifiedName() + " " + e.getKey());
                listed++;
            }
        }
        assertTrue(listed >= 18, "the tree of commands was walked: " + listed);
    }

    @Test
    void descriptionsAreWholeSentencesAndLinesFitTheWidth() {
        for (CommandLine cmd : allCommands()) {
            String name = cmd.getCommandSpec().qualifiedName();
            String usage = cmd.getUsageMessage();
            for (String line : usage.split("\n")) {
                assertTrue(line.length() <= 80, name + ": a line past 80 columns: " + line);
            }
            String description = oneLine(WordWrapHelp.DESCRIPTION.render(cmd.getHelp()));
            assertTrue(description.matches(SENTENCE_END), name + ": " + description);
            for (OptionSpec o : cmd.getCommandSpec().options()) {
                String text = oneLine(String.join(" ", o.description()));
                assertTrue(text.matches(SENTENCE_END), name + " " + o.longestName() + ": " + text);
            }
        }
    }

    @Test
    void linesBreakBetweenWordsAndNothingIsCutOff() {
        List<String> broken = new ArrayList<>();
        for (CommandLine cmd : allCommands()) {
            String name = cmd.getCommandSpec().qualifiedName();
            // a break inside a word ("model.|chars.json") shows as a space in it once the lines are joined
            String usage = oneLine(cmd.getUsageMessage());
            String description = oneLine(String.format(String.join(" ", cmd.getCommandSpec().usageMessage().description())));
            if (!usage.contains(description)) {
                broken.add(name + ": " + description);
            }
            for (OptionSpec o : cmd.getCommandSpec().options()) {
                String text = oneLine(String.join(" ", o.renderedDescription()));
                if (!usage.contains(text)) {
                    broken.add(name + " " + o.longestName() + ": " + text);
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void aDescriptionWrittenInPartsReadsAsOneParagraph() {
        CommandLine demo = RecurrentCommand.commandLine("demo").getSubcommands().get("demo");
        String usage = demo.getSubcommands().get("alphabet").getUsageMessage();
        assertTrue(usage.contains("Learns to predict the next letter of the alphabet with three LSTM networks: one\n"
                + "letter in; a window of 3 letters as 3 features; the window as 3 time steps.\n"), usage);
        assertTrue(oneLine(demo.getUsageMessage()).contains("alphabet Learns to predict the next letter of the alphabet"
                + " with three LSTM networks: one letter in; a window of 3 letters as 3 features; the window as 3 time"
                + " steps. dinner"), demo.getUsageMessage());
    }
}
