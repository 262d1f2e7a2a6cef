package dev.recurrent.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.io.UncheckedIOException;

/**
 * Errors of a command's run: one line {@code error: <message>}, no stack trace, for the errors a
 * user can fix: an invalid value ({@link IllegalArgumentException}, exit code 2, as a usage error,
 * with a hint to {@code --help}), bad data or a bad input file ({@link InputError}, exit code 2, the
 * one line only) or a file that cannot be written ({@link UncheckedIOException}, exit code 1). Anything else is a
 * bug and keeps its stack trace.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
    static final int USAGE = 2, IO = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) throws Exception {
        if (e instanceof InputError) {   // the data or a file is at fault: one line, and --help would not help
            cmd.getErr().println("error: " + e.getMessage());
            cmd.getErr().flush();
            return USAGE;
        }
        if (e instanceof IllegalArgumentException) {
            cmd.getErr().println("error: " + e.getMessage());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            cmd.getErr().flush();
            return USAGE;
        }
        if (e instanceof UncheckedIOException) {
            cmd.getErr().println("error: " + e.getMessage());
            cmd.getErr().flush();
            return IO;
        }
        throw e;
    }
}
