package dev.recurrent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code recurrent train ...}: a model on the user's own data, saved for {@code predict} and {@code summary}. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains a model on your own data and saves it (then: recurrent predict, recurrent summary).",
        subcommands = {TrainForecastCommand.class, TrainClassifyCommand.class})
public final class TrainCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
