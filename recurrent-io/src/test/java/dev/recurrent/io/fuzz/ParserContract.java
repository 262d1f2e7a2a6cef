package dev.recurrent.io.fuzz;

import java.util.Arrays;
import java.util.List;

/**
 * What every parser promises on any input whatever: it returns, or refuses the input with one of
 * the exceptions it declares, or an {@link IllegalArgumentException}, with a message. Anything
 * else (an index or null-pointer exception, an {@link OutOfMemoryError}, a stack overflow, a
 * message-less exception) fails the fuzz target, and Jazzer keeps the input.
 */
public final class ParserContract {
    private final String parser;
    private final List<Class<? extends Exception>> declared;

    private ParserContract(String parser, List<Class<? extends Exception>> declared) {
        this.parser = parser;
        this.declared = declared;
    }

    /** The contract of {@code parser}, which may refuse an input with {@code declared} exceptions. */
    @SafeVarargs
    public static ParserContract of(String parser, Class<? extends Exception>... declared) {
        return new ParserContract(parser, Arrays.asList(declared));
    }

    /** A parse of one input. */
    @FunctionalInterface
    public interface Parse {
        void run() throws Exception;
    }

    /** Runs {@code parse}; throws an {@link AssertionError} when it breaks the contract. */
    public void check(Parse parse) {
        try {
            parse.run();
        } catch (Throwable t) {
            if (!allowed(t)) {
                throw new AssertionError(parser + " broke its contract: " + t, t);
            }
        }
    }

    private boolean allowed(Throwable t) {
        if (t.getMessage() == null || t.getMessage().isBlank()) {
            return false;
        }
        if (t instanceof IllegalArgumentException) {
            return true;
        }
        for (Class<? extends Exception> c : declared) {
            if (c.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
