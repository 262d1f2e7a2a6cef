package dev.recurrent.layers;

import java.util.Arrays;

/**
 * The checks a recurrent layer runs on its arguments before any work, each refusing with a message
 * that names the layer and the expected and actual shapes.
 */
final class RecurrentChecks {

    private RecurrentChecks() {
    }

    /** {@code config} itself; refuses null, naming {@code owner} (the layer or its class). */
    static RecurrentConfig config(String owner, RecurrentConfig config) {
        if (config == null) {
            throw new IllegalArgumentException(owner + ": expected a RecurrentConfig, got null");
        }
        return config;
    }

    /**
     * Checks a forward call's x [batch, steps, features], mask [batch, steps] and initial states
     * {h} or {h, c}, each [batch, units].
     *
     * @param inputs       the built feature count, or −1 before the layer is built
     * @param carriedBatch the batch size a stateful layer carries states for, or −1
     */
    static void input(String n, int inputs, int units, boolean cellState, int carriedBatch,
                      float[] x, int batch, int steps, int features, boolean[] mask, float[][] initialState) {
        if (batch <= 0 || steps <= 0 || features <= 0) {
            throw new IllegalArgumentException(n + ": expected a positive input shape [batch, timesteps, features], got "
                    + shape(batch, steps, features));
        }
        if (inputs > 0 && features != inputs) {
            throw new IllegalArgumentException(n + ": expected input [batch, timesteps, " + inputs + "], got "
                    + shape(batch, steps, features));
        }
        long expected = (long) batch * steps * features;
        if (x == null || x.length != expected) {
            throw new IllegalArgumentException(n + ": input of shape " + shape(batch, steps, features) + " needs "
                    + expected + " values, got " + (x == null ? "null" : x.length));
        }
        maskAndStates(n, units, cellState, carriedBatch, batch, steps, mask, initialState);
    }

    /** The checks of {@link #input} on everything but the input itself. */
    static void maskAndStates(String n, int units, boolean cellState, int carriedBatch,
                              int batch, int steps, boolean[] mask, float[][] initialState) {
        if (mask != null && mask.length != (long) batch * steps) {
            throw new IllegalArgumentException(n + ": expected a mask of shape " + shape(batch, steps) + " ("
                    + (long) batch * steps + " values), got " + mask.length + " values");
        }
        int states = cellState ? 2 : 1;
        if (initialState != null) {
            String names = cellState ? "(h, c)" : "(h)";
            if (initialState.length != states) {
                throw new IllegalArgumentException(n + ": expected " + states + " initial state(s) " + names
                        + ", got " + initialState.length);
            }
            for (int s = 0; s < initialState.length; s++) {
                float[] st = initialState[s];
                if (st == null || st.length != (long) batch * units) {
                    throw new IllegalArgumentException(n + ": expected initial state " + (s == 0 ? "h" : "c") + " of shape "
                            + shape(batch, units) + ", got " + (st == null ? "null" : st.length + " values"));
                }
            }
        }
        if (initialState == null && carriedBatch >= 0 && carriedBatch != batch) {
            throw new IllegalArgumentException(n + ": stateful layer carries states for batch size "
                    + carriedBatch + ", got batch size " + batch + "; call resetStates() to start over");
        }
    }

    /** Checks a backward call's output gradient and final-state gradients against the last forward. */
    static void backward(String n, boolean returnSequences, boolean returnState, int stateCount,
                         int batch, int steps, int units, int outLength, float[] dy, float[][] dFinalState) {
        int[] outShape = returnSequences ? new int[] {batch, steps, units} : new int[] {batch, units};
        if (dy == null || dy.length != outLength) {
            throw new IllegalArgumentException(n + ": expected an output gradient of shape " + Arrays.toString(outShape)
                    + " (" + outLength + " values), got " + (dy == null ? "null" : dy.length + " values"));
        }
        if (dFinalState != null) {
            if (!returnState) {
                throw new IllegalArgumentException(n + ": gradients of the final states were given, but the layer"
                        + " does not return its state (returnState = false)");
            }
            if (dFinalState.length > stateCount) {
                throw new IllegalArgumentException(n + ": expected at most " + stateCount
                        + " final-state gradient(s), got " + dFinalState.length);
            }
            for (float[] d : dFinalState) {
                if (d != null && d.length != batch * units) {
                    throw new IllegalArgumentException(n + ": expected final-state gradients of shape "
                            + shape(batch, units) + ", got " + d.length + " values");
                }
            }
        }
    }

    /** The input feature count a layer is built for: positive. */
    static void features(String n, int inputFeatures) {
        if (inputFeatures <= 0) {
            throw new IllegalArgumentException(n + ": expected a positive number of input features, got " + inputFeatures);
        }
    }

    /** A sample shape with a time axis, (timesteps, features). */
    static void sequence(String n, Shape input) {
        if (input.rank() != 2) {
            throw new IllegalArgumentException(n + ": expected input of shape (None, timesteps, features), got "
                    + input + "; a recurrent layer needs a time axis (use RepeatVector, or reshape the data)");
        }
    }

    /** Refuses a layer with no weights yet ({@code inputs} −1). */
    static void built(String n, int inputs) {
        if (inputs < 0) {
            throw new IllegalStateException(n + ": the layer has no weights yet; call build(features) or forward first");
        }
    }

    /** {@code value} itself; refuses a negative one, saying what was {@code expected}. */
    static int nonNegative(String n, String expected, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(n + ": " + expected + ", got " + value);
        }
        return value;
    }

    /** Refuses a null {@code layer}, the layer before this one that an entry point needs ({@code what}). */
    static void layerBefore(String n, String what, Object layer) {
        if (layer == null) {
            throw new IllegalArgumentException(n + ": " + what + " before this layer, got null");
        }
    }

    /** Refuses {@code reset_after = false} on a layer that is no GRU (Keras has it on the GRU only). */
    static void resetAfter(RecurrentConfig config, Cell cell) {
        boolean gru = cell instanceof GruCell || cell instanceof GruResetBeforeCell;
        if (!gru && !config.weights().resetAfter()) {
            throw new IllegalArgumentException(config.name() + ": received an invalid value for argument `reset_after`,"
                    + " expected true (the argument of a GRU), got false");
        }
    }

    /**
     * The number of steps of x [batch, steps, inputs] for a layer built with {@code build(inputs)}
     * but given no input shape; refuses an unbuilt layer or x of another length.
     */
    static int stepsOf(String n, int inputs, float[] x, int batch) {
        if (inputs <= 0) {
            throw new IllegalStateException(n + ": the layer is not built yet; add it to a model, call build(features),"
                    + " or call forward(x, batch, steps, features)");
        }
        long perStep = (long) batch * inputs;
        if (x == null || batch <= 0 || x.length == 0 || x.length % perStep != 0) {
            throw new IllegalArgumentException(n + ": expected input [" + batch + ", timesteps, " + inputs
                    + "] (a multiple of " + perStep + " values), got " + (x == null ? "null" : x.length + " values"));
        }
        return (int) (x.length / perStep);
    }

    private static String shape(int... dims) {
        return Arrays.toString(dims);
    }
}
