package dev.recurrent.layers;

import dev.recurrent.kernels.Activation;

/**
 * The options of a recurrent layer, as Keras names them. Immutable; validated when built, with a
 * message that names the option, what was expected and what was received.
 *
 * @param name                layer name used in messages and summaries ({@code "lstm"}, ...)
 * @param units               H, the size of the hidden state
 * @param activation          the cell's activation (default tanh)
 * @param recurrentActivation the gates' activation (default sigmoid; unused by a simple RNN)
 * @param returnSequences     output every step [B, T, H] rather than the last [B, H]
 * @param returnState         the final states are part of the output (and take gradients)
 * @param goBackwards         process the input in reverse; the output comes in processing order
 * @param stateful            the final states of one call are the initial states of the next,
 *                            until {@link Recurrent#resetStates()}
 * @param dropout             fraction of input features dropped while training (one mask per sequence)
 * @param recurrentDropout    fraction of the recurrent state dropped while training (one mask per sequence)
 * @param unitForgetBias      LSTM only: the forget gate's bias starts at 1
 * @param seed                seeds the initializers and the dropout masks
 */
public record RecurrentConfig(String name, int units, Activation activation, Activation recurrentActivation,
                              boolean returnSequences, boolean returnState, boolean goBackwards,
                              boolean stateful, float dropout, float recurrentDropout,
                              boolean unitForgetBias, long seed) {

    public RecurrentConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Received an invalid value for argument `name`, expected a non-empty name, got '" + name + "'");
        }
        if (units <= 0) {
            throw new IllegalArgumentException(name + ": received an invalid value for argument `units`,"
                    + " expected a positive integer, got " + units);
        }
        if (activation == null || recurrentActivation == null) {
            throw new IllegalArgumentException(name + ": `activation` and `recurrent_activation` must be set");
        }
        checkRate(name, "dropout", dropout);
        checkRate(name, "recurrent_dropout", recurrentDropout);
    }

    /** This configuration under another name. */
    public RecurrentConfig withName(String newName) {
        return new RecurrentConfig(newName, units, activation, recurrentActivation, returnSequences, returnState,
                goBackwards, stateful, dropout, recurrentDropout, unitForgetBias, seed);
    }

    /** This configuration reading the input the other way. */
    public RecurrentConfig withGoBackwards(boolean on) {
        return new RecurrentConfig(name, units, activation, recurrentActivation, returnSequences, returnState,
                on, stateful, dropout, recurrentDropout, unitForgetBias, seed);
    }

    /** Puts the options under their Keras names, after the layer's name, as a recurrent layer's {@code get_config()}. */
    void putKerasArguments(java.util.Map<String, Object> c) {
        c.put("units", units);
        c.put("activation", activation.kerasName());
        c.put("recurrent_activation", recurrentActivation.kerasName());
        c.put("return_sequences", returnSequences);
        c.put("return_state", returnState);
        c.put("go_backwards", goBackwards);
        c.put("stateful", stateful);
        c.put("dropout", (double) dropout);
        c.put("recurrent_dropout", (double) recurrentDropout);
        c.put("unit_forget_bias", unitForgetBias);
        c.put("seed", seed);
    }

    private static void checkRate(String name, String arg, float rate) {
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException(name + ": received an invalid value for argument `" + arg
                    + "`, expected a fraction in [0, 1), got " + rate);
        }
    }

    /** A fluent builder, starting from Keras' defaults. */
    public static final class Builder<L extends Recurrent> {
        private final java.util.function.Function<RecurrentConfig, L> factory;
        private String name;
        private final int units;
        private Activation activation = Activation.TANH;
        private Activation recurrentActivation = Activation.SIGMOID;
        private boolean returnSequences, returnState, goBackwards, stateful;
        private float dropout, recurrentDropout;
        private boolean unitForgetBias = true;
        private long seed = 0L;

        Builder(String defaultName, int units, java.util.function.Function<RecurrentConfig, L> factory) {
            this.name = defaultName;
            this.units = units;
            this.factory = factory;
        }

        public Builder<L> name(String name) {
            this.name = name;
            return this;
        }

        public Builder<L> activation(Activation activation) {
            this.activation = activation;
            return this;
        }

        public Builder<L> recurrentActivation(Activation recurrentActivation) {
            this.recurrentActivation = recurrentActivation;
            return this;
        }

        public Builder<L> returnSequences(boolean on) {
            this.returnSequences = on;
            return this;
        }

        public Builder<L> returnState(boolean on) {
            this.returnState = on;
            return this;
        }

        public Builder<L> goBackwards(boolean on) {
            this.goBackwards = on;
            return this;
        }

        public Builder<L> stateful(boolean on) {
            this.stateful = on;
            return this;
        }

        public Builder<L> dropout(float rate) {
            this.dropout = rate;
            return this;
        }

        public Builder<L> recurrentDropout(float rate) {
            this.recurrentDropout = rate;
            return this;
        }

        public Builder<L> unitForgetBias(boolean on) {
            this.unitForgetBias = on;
            return this;
        }

        public Builder<L> seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Validates the options and makes the layer (its weights are made on the first input). */
        public L build() {
            return factory.apply(new RecurrentConfig(name, units, activation, recurrentActivation, returnSequences,
                    returnState, goBackwards, stateful, dropout, recurrentDropout, unitForgetBias, seed));
        }
    }
}
