package dev.recurrent.cli;

import dev.recurrent.cli.run.KernelsBanner;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The {@code recurrent} command. */
@Command(name = "recurrent", mixinStandardHelpOptions = true, version = "Recurrent 0.1.0",
        description = "Recurrent neural networks (LSTM, GRU, simple RNN) in pure Java.")
public final class RecurrentCommand implements Runnable {

    /**
     * The subcommands by name, in the order the usage lists them. A command line that names one
     * gets only that one: picocli reads every registered command's annotations up front, and
     * reading all of them is a large part of the start.
     */
    static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("demo", DemoCommand::new);
        commands.put("train", TrainCommand::new);
        commands.put("predict", PredictCommand::new);
        commands.put("inspect", InspectCommand::new);
        commands.put("summary", SummaryCommand::new);
        commands.put("import", ImportCommand::new);
        commands.put("convert", ConvertCommand::new);
        commands.put("generate", GenerateCommand::new);
        commands.put("bench", BenchCommand::new);
        commands.put("data", DataCommand::new);
        commands.put("help", CommandLine.HelpCommand::new);
        return commands;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The command line with its error handling: a bad option or value prints {@code error: <message>}
     * and a line naming {@code --help}, and gives exit code 2 ({@link UsageErrorHandler}); an invalid
     * value or a bad file found while running prints {@code error: <message>} and also gives 2
     * ({@link ErrorHandler}).
     */
    static CommandLine commandLine(String... args) {
        CommandLine cmd = new CommandLine(new RecurrentCommand());
        Supplier<Object> named = args.length > 0 && !args[0].equals("help") ? SUBCOMMANDS.get(args[0]) : null;
        if (named != null) {
            cmd.addSubcommand(named.get());
        } else {
            SUBCOMMANDS.values().forEach(command -> cmd.addSubcommand(command.get()));
        }
        HelpLayout.apply(cmd);
        cmd.setParameterExceptionHandler(new UsageErrorHandler());
        cmd.setExecutionExceptionHandler(new ErrorHandler());
        return cmd;
    }

    /** Runs {@code args}, printing to {@code out} and {@code err}; returns the exit code. */
    static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cmd = commandLine(args);
        cmd.setOut(out);
        cmd.setErr(err);
        int code = run(cmd, args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * Executes {@code args}; running out of memory (sizes too large for the heap) is one line
     * {@code error: ...} and exit code 1 rather than a stack trace.
     */
    static int run(CommandLine cmd, String... args) {
        try {
            return cmd.execute(args);
        } catch (OutOfMemoryError e) {
            cmd.getErr().println("error: out of memory: the sizes asked for need more than the "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB the Java heap may use; ask for less,"
                    + " or let Java use more with RECURRENT_JAVA_OPTS=-Xmx<size>");
            cmd.getErr().flush();
            return ErrorHandler.IO;
        }
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        if (Boolean.getBoolean("recurrent.verbose")) {        // set by the launcher's --verbose
            System.err.println(KernelsBanner.describe().verboseLine());
        }
        System.exit(run(commandLine(args), args));
    }
}
