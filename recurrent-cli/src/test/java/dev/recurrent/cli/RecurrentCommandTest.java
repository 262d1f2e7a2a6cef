package dev.recurrent.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The top-level command: which subcommands a command line registers, and that the names agree. */
public class RecurrentCommandTest {

    @Test
    void eachSubcommandIsRegisteredUnderItsOwnName() {
        for (Map.Entry<String, Supplier<Object>> e : RecurrentCommand.SUBCOMMANDS.entrySet()) {
            Object command = e.getValue().get();
            assertEquals(e.getKey(), command.getClass().getAnnotation(CommandLine.Command.class).name());
        }
    }

    @Test
    void aNamedSubcommandIsTheOnlyOneRegistered() {
        CommandLine cmd = RecurrentCommand.commandLine("bench", "--workload", "imdb");
        assertEquals(List.of("bench"), List.copyOf(cmd.getSubcommands().keySet()));
    }

    @Test
    void anythingElseRegistersThemAllInOrder() {
        List<String> all = List.copyOf(RecurrentCommand.SUBCOMMANDS.keySet());
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "bench"}, {"bnch"}}) {
            assertEquals(all, List.copyOf(RecurrentCommand.commandLine(args).getSubcommands().keySet()),
                    String.join(" ", args));
        }
    }

    @Test
    void theUsageListsEverySubcommandAndAMisspeltOneGetsASuggestion() {
        DemoCommandsTest.Run help = DemoCommandsTest.run("--help");
        assertEquals(0, help.code(), help.err());
        for (String name : RecurrentCommand.SUBCOMMANDS.keySet()) {
            assertTrue(help.out().contains("  " + name + " "), name + " in\n" + help.out());
        }
        DemoCommandsTest.Run typo = DemoCommandsTest.run("bnch");
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("bench"), typo.err());
        DemoCommandsTest.Run sub = DemoCommandsTest.run("help", "bench");
        assertEquals(0, sub.code(), sub.err());
        assertTrue(sub.out().contains("--workload"), sub.out());
    }
}
