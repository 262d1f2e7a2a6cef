package dev.recurrent.cli;

import dev.recurrent.cli.run.InputError;
import dev.recurrent.cli.run.IoErrors;
import dev.recurrent.model.NonFiniteTrainingException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Errors of a command's run: one line {@code error: <message>}, no stack trace, for the errors a
 * user can fix: an invalid value ({@link IllegalArgumentException}, exit code 2, as a usage error,
 * with a hint to {@code --help}), bad data or a bad input file ({@link InputError}, exit code 2, the
 * one line only), sizes too large to hold (an array of more than 2^31 - 1 values: exit code 2, with the
 * hint), training that diverged to NaN ({@link NonFiniteTrainingException}, exit code 1), or a file that cannot be read or written ({@link UncheckedIOException}, {@link IOException},
 * exit code 1). Anything else is a bug and keeps its stack trace.
 */
public final class ErrorHandler implements IExecutionExceptionHandler {
    static final int USAGE = 2, IO = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) throws Exception {
        PrintWriter err = cmd.getErr();
        if (e instanceof InputError) {   // the data or a file is at fault: one line, and --help would not help
            return report(err, e.getMessage(), USAGE);
        }
        if (e instanceof IllegalArgumentException) {
            err.println("error: " + e.getMessage());
            err.println(helpHint(cmd));
            err.flush();
            return USAGE;
        }
        if (e instanceof NonFiniteTrainingException) {   // diverged: the settings, not the program, are at fault
            return report(err, e.getMessage(), IO);
        }
        if (tooLarge(e)) {
            err.println("error: the sizes asked for are too large: an array would hold more than 2^31 - 1 values");
            err.println(helpHint(cmd));
            err.flush();
            return USAGE;
        }
        if (e instanceof UncheckedIOException u) {
            return report(err, e.getMessage() != null ? e.getMessage() : IoErrors.describe(u.getCause()), IO);
        }
        if (e instanceof IOException io) {
            return report(err, IoErrors.describe(io), IO);
        }
        throw e;
    }

    /**
     * A size past what a Java array holds: {@code Math.multiplyExact} on a tensor's shape, or an array
     * length that overflowed into a negative number.
     */
    private static boolean tooLarge(Exception e) {
        return e instanceof NegativeArraySizeException
                || e instanceof ArithmeticException && "integer overflow".equals(e.getMessage());
    }

    private static int report(PrintWriter err, String message, int code) {
        err.println("error: " + message);
        err.flush();
        return code;
    }

    /** The line after a usage error: {@code Try 'recurrent demo sales --help' for more information.} */
    static String helpHint(CommandLine cmd) {
        return "Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.";
    }
}
