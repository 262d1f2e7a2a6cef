package dev.recurrent.cli.run;

/**
 * A problem with the user's data or files rather than with the options: an unknown column, an
 * empty file, a cell that is not a number, a series too short for the look-back, a missing or
 * damaged model file. {@link dev.recurrent.cli.ErrorHandler} prints its message as one line {@code error: <message>}
 * (no "--help" hint: the help would not fix the file) and exits with code 2. The message names the
 * file, and where it can the line, the column and the values at fault.
 */
public final class InputError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InputError(String message) {
        super(oneLine(message));
    }

    public InputError(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** A line break inside the message (a quoted CSV cell may hold one) shown as {@code \n}. */
    private static String oneLine(String message) {
        return message == null ? null : message.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
    }
}
