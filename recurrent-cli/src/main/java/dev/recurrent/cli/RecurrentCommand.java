package dev.recurrent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code recurrent} command. */
@Command(name = "recurrent", mixinStandardHelpOptions = true, version = "Recurrent 0.1.0",
        description = "Recurrent neural networks (LSTM, GRU, simple RNN) in pure Java.",
        subcommands = {DemoCommand.class, TrainCommand.class, PredictCommand.class, InspectCommand.class,
                SummaryCommand.class, GenerateCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class RecurrentCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The command line with its error handling: a bad option or value prints the message and the
     * usage and gives exit code 2 ({@link UsageErrorHandler}); an invalid value found while running
     * prints {@code error: <message>} and also gives 2 ({@link ErrorHandler}).
     */
    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new RecurrentCommand());
        cmd.setParameterExceptionHandler(new UsageErrorHandler());
        cmd.setExecutionExceptionHandler(new ErrorHandler());
        return cmd;
    }

    /** Runs {@code args}, printing to {@code out} and {@code err}; returns the exit code. */
    static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cmd = commandLine();
        cmd.setOut(out);
        cmd.setErr(err);
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }
}
