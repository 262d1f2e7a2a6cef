package dev.recurrent.optim;

/**
 * Argument checks shared by the optimizers, schedules and {@link ReduceLROnPlateau}. Messages follow
 * Keras: they name the owner, the argument, what was expected and what was received, e.g.
 * {@code "Adam: received an invalid value for argument `beta_1`, expected a float in [0, 1), got 1.5"}.
 */
final class Checks {
    private Checks() {
    }

    static IllegalArgumentException invalid(String owner, String argument, String expected, Object received) {
        return new IllegalArgumentException(owner + ": received an invalid value for argument `" + argument
                + "`, expected " + expected + ", got " + received);
    }

    /** {@code value} finite and {@code >= 0}. */
    static double nonNegative(String owner, String argument, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw invalid(owner, argument, "a finite float >= 0", value);
        }
        return value;
    }

    /** {@code value} finite and {@code > 0}. */
    static double positive(String owner, String argument, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw invalid(owner, argument, "a finite float > 0", value);
        }
        return value;
    }

    /** {@code value} in [0, 1]. */
    static double unitClosed(String owner, String argument, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw invalid(owner, argument, "a float in [0, 1]", value);
        }
        return value;
    }

    /** {@code value} in [0, 1). */
    static double unitHalfOpen(String owner, String argument, double value) {
        if (!(value >= 0 && value < 1)) {
            throw invalid(owner, argument, "a float in [0, 1)", value);
        }
        return value;
    }

    /** {@code value >= 0}. */
    static int nonNegative(String owner, String argument, int value) {
        if (value < 0) {
            throw invalid(owner, argument, "an integer >= 0", value);
        }
        return value;
    }

    /** {@code value > 0}. */
    static long positive(String owner, String argument, long value) {
        if (value <= 0) {
            throw invalid(owner, argument, "an integer > 0", value);
        }
        return value;
    }
}
