package dev.recurrent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code recurrent} command. */
@Command(name = "recurrent", mixinStandardHelpOptions = true, version = "Recurrent 0.1.0",
        description = "Recurrent neural networks (LSTM, GRU, simple RNN) in pure Java.",
        subcommands = {DemoCommand.class, CommandLine.HelpCommand.class})
public final class RecurrentCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new RecurrentCommand()).execute(args));
    }
}
