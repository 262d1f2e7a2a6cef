package dev.recurrent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The usage help's layout. A description written as several strings (to keep the source lines short) is
 * one paragraph: picocli prints each string as a line of its own, wrapped separately, and lists a
 * subcommand by its first string alone, which cut the sentence off in the parent's command list. Lines
 * break between words ({@link WordWrapHelp}).
 */
public final class HelpLayout {
    private HelpLayout() {
    }

    /**
     * Lays out the help of {@code cmd} and of all its subcommands with {@link WordWrapHelp}, each description
     * joined into one paragraph.
     */
    static void apply(CommandLine cmd) {
        cmd.setHelpFactory(WordWrapHelp::new);
        cmd.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_DESCRIPTION, WordWrapHelp.DESCRIPTION);
        cmd.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, WordWrapHelp.COMMAND_LIST);
        UsageMessageSpec usage = cmd.getCommandSpec().usageMessage();
        if (usage.description().length > 1) {
            usage.description(String.join(" ", usage.description()));
        }
        cmd.getSubcommands().values().forEach(HelpLayout::apply);
    }
}
