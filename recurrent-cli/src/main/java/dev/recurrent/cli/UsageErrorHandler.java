package dev.recurrent.cli;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;

/**
 * A bad option or value: the message, picocli's suggestions for a mistyped option ("Possible
 * solutions: --epochs"), then the command's usage, on standard error; exit code 2. (picocli's own
 * handler leaves the usage out when it has a suggestion.)
 */
final class UsageErrorHandler implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getColorScheme().errorText(e.getMessage()));
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println();
        cmd.usage(err, cmd.getColorScheme());
        err.flush();
        return ErrorHandler.USAGE;
    }
}
