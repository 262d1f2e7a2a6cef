package dev.recurrent.cli;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A bad option or value, an unknown option or command, a missing option: one line
 * {@code error: <what is wrong>} (with picocli's suggestion for a mistyped name folded in:
 * {@code error: unknown option '--epoch'; did you mean '--epochs'?}) and one line naming the
 * command's {@code --help}, on standard error; exit code 2.
 */
public final class UsageErrorHandler implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("error: " + describe(e));
        err.println(ErrorHandler.helpHint(cmd));
        err.flush();
        return ErrorHandler.USAGE;
    }

    /**
     * What is wrong, in one line. An argument nobody asked for comes before a missing option: picocli
     * reports the missing one first, but the unknown one is usually the mistake
     * ({@code predict model.model} instead of {@code predict --model model.model}).
     */
    static String describe(ParameterException e) {
        CommandLine cmd = e.getCommandLine();
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            return unmatched(cmd, u);
        }
        if (e instanceof MissingParameterException && !cmd.getUnmatchedArguments().isEmpty()) {
            return unmatched(cmd, new UnmatchedArgumentException(cmd, cmd.getUnmatchedArguments()));
        }
        return sentenceCase(oneLine(e.getMessage())).replaceFirst("\\.$", "");
    }

    private static String unmatched(CommandLine cmd, UnmatchedArgumentException e) {
        String first = e.getUnmatched().get(0);
        boolean option = e.isUnknownOption();
        List<String> suggestions = e.getSuggestions();
        String what = option ? "unknown option '" + first + "'"
                : !cmd.getSubcommands().isEmpty() ? "unknown " + subcommandNoun(cmd) + " '" + first + "'"
                : "unexpected argument '" + first + "' (" + cmd.getCommandSpec().qualifiedName() + " takes options only)";
        if (!suggestions.isEmpty()) {
            return what + "; did you mean " + quotedAlternatives(suggestions) + "?";
        }
        if (!option && !cmd.getSubcommands().isEmpty()) {
            return what + "; expected one of " + String.join(", ", cmd.getSubcommands().keySet());
        }
        return what;
    }

    /** "demo" under {@code recurrent demo}, "command" elsewhere. */
    private static String subcommandNoun(CommandLine cmd) {
        return cmd.getCommandName().equals("demo") ? "demo" : "command";
    }

    private static String quotedAlternatives(List<String> names) {
        return names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(" or "));
    }

    /**
     * picocli's messages start with a capital ("Missing required option: ...") and some end with a full stop;
     * ours follow "error: " in lower case, without one.
     */
    private static String sentenceCase(String message) {
        if (message == null || message.isEmpty()) {
            return "invalid command line";
        }
        boolean acronym = message.length() > 1 && Character.isUpperCase(message.charAt(1));
        return acronym ? message : Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }

    private static String oneLine(String message) {
        return message == null ? null : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
