package dev.recurrent.layers;

import dev.recurrent.init.Initializer;
import dev.recurrent.init.Initializers;
import dev.recurrent.kernels.Activation;
import dev.recurrent.regularizers.Constraint;
import dev.recurrent.regularizers.Constraints;
import dev.recurrent.regularizers.Regularizer;
import dev.recurrent.regularizers.Regularizers;

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
 * @param weights             use_bias, the initializers and reset_after ({@link WeightOptions})
 * @param masking             what a masked step does ({@link MaskingMode}; Keras' by default,
 *                            {@code ZERO_OUTPUT} is Keras' {@code zero_output_for_mask=True})
 * @param rules               the regularizers and constraints ({@link WeightRules})
 */
public record RecurrentConfig(String name, int units, Activation activation, Activation recurrentActivation,
                              boolean returnSequences, boolean returnState, boolean goBackwards,
                              boolean stateful, float dropout, float recurrentDropout,
                              boolean unitForgetBias, long seed, WeightOptions weights, MaskingMode masking,
                              WeightRules rules) {

    /** The options with Keras' defaults for the weights and {@code zero_output_for_mask = false}. */
    public RecurrentConfig(String name, int units, Activation activation, Activation recurrentActivation,
                           boolean returnSequences, boolean returnState, boolean goBackwards,
                           boolean stateful, float dropout, float recurrentDropout,
                           boolean unitForgetBias, long seed) {
        this(name, units, activation, recurrentActivation, returnSequences, returnState, goBackwards, stateful,
                dropout, recurrentDropout, unitForgetBias, seed, WeightOptions.DEFAULTS, false);
    }

    /** The options without regularizers or constraints, Keras' masking or {@code zero_output_for_mask}. */
    public RecurrentConfig(String name, int units, Activation activation, Activation recurrentActivation,
                           boolean returnSequences, boolean returnState, boolean goBackwards,
                           boolean stateful, float dropout, float recurrentDropout,
                           boolean unitForgetBias, long seed, WeightOptions weights, boolean zeroOutputForMask) {
        this(name, units, activation, recurrentActivation, returnSequences, returnState, goBackwards, stateful,
                dropout, recurrentDropout, unitForgetBias, seed, weights,
                zeroOutputForMask ? MaskingMode.ZERO_OUTPUT : MaskingMode.KERAS, WeightRules.NONE);
    }

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
        if (weights == null) {
            throw new IllegalArgumentException(name + ": the weight options must be set");
        }
        weights.check(name);
        if (masking == null || rules == null) {
            throw new IllegalArgumentException(name + ": the " + (masking == null ? "masking mode" : "weight rules")
                    + " must be set, got null");
        }
    }

    /** Keras' {@code zero_output_for_mask}: whether the masking mode is {@link MaskingMode#ZERO_OUTPUT}. */
    public boolean zeroOutputForMask() {
        return masking == MaskingMode.ZERO_OUTPUT;
    }

    /** This configuration under another name. */
    public RecurrentConfig withName(String newName) {
        return new RecurrentConfig(newName, units, activation, recurrentActivation, returnSequences, returnState,
                goBackwards, stateful, dropout, recurrentDropout, unitForgetBias, seed, weights, masking, rules);
    }

    /** This configuration reading the input the other way. */
    public RecurrentConfig withGoBackwards(boolean on) {
        return new RecurrentConfig(name, units, activation, recurrentActivation, returnSequences, returnState,
                on, stateful, dropout, recurrentDropout, unitForgetBias, seed, weights, masking, rules);
    }

    /** This configuration with other weight options. */
    public RecurrentConfig withWeights(WeightOptions options) {
        return new RecurrentConfig(name, units, activation, recurrentActivation, returnSequences, returnState,
                goBackwards, stateful, dropout, recurrentDropout, unitForgetBias, seed, options, masking, rules);
    }

    /** This configuration with other regularizers and constraints. */
    public RecurrentConfig withRules(WeightRules newRules) {
        return new RecurrentConfig(name, units, activation, recurrentActivation, returnSequences, returnState,
                goBackwards, stateful, dropout, recurrentDropout, unitForgetBias, seed, weights, masking, newRules);
    }

    /** This configuration with another masking mode. */
    public RecurrentConfig withMasking(MaskingMode mode) {
        return new RecurrentConfig(name, units, activation, recurrentActivation, returnSequences, returnState,
                goBackwards, stateful, dropout, recurrentDropout, unitForgetBias, seed, weights, mode, rules);
    }

    /** Whether a bias is added (Keras' {@code use_bias}, default true). */
    public boolean useBias() {
        return weights.useBias();
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
        c.put("use_bias", weights.useBias());
        c.put("kernel_initializer", weights.kernelInitializer().toConfig());
        c.put("recurrent_initializer", weights.recurrentInitializer().toConfig());
        c.put("bias_initializer", weights.biasInitializer().toConfig());
        c.put("zero_output_for_mask", zeroOutputForMask());
        if (masking == MaskingMode.DL4J) {
            c.put("masking_mode", masking.configName());
        }
        rules.putKerasArguments(c, true);
    }

    private static void checkRate(String name, String arg, float rate) {
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException(name + ": received an invalid value for argument `" + arg
                    + "`, expected a fraction in [0, 1), got " + rate);
        }
    }

    /** A fluent builder, starting from Keras' defaults. */
    public static final class Builder<L extends Layer> {
        private final java.util.function.Function<RecurrentConfig, L> factory;
        private String name;
        private final int units;
        private Activation activation = Activation.TANH;
        private Activation recurrentActivation = Activation.SIGMOID;
        private boolean returnSequences, returnState, goBackwards, stateful;
        private float dropout, recurrentDropout;
        private boolean unitForgetBias = true;
        private long seed = 0L;
        private WeightOptions weights = WeightOptions.DEFAULTS;
        private MaskingMode masking = MaskingMode.KERAS;
        private WeightRules rules = WeightRules.NONE;

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

        /** Keras' {@code use_bias}: false leaves the layer without a bias parameter. */
        public Builder<L> useBias(boolean on) {
            weights = weights.withUseBias(on);
            return this;
        }

        /**
         * With {@code returnSequences}, a masked step outputs zeros instead of the previous output: the
         * masking mode {@link MaskingMode#ZERO_OUTPUT} (false: back to {@link MaskingMode#KERAS}).
         */
        public Builder<L> zeroOutputForMask(boolean on) {
            if (on) {
                this.masking = MaskingMode.ZERO_OUTPUT;
            } else if (masking == MaskingMode.ZERO_OUTPUT) {
                this.masking = MaskingMode.KERAS;
            }
            return this;
        }

        /** What a masked step does; see {@link MaskingMode}. */
        public Builder<L> masking(MaskingMode mode) {
            this.masking = mode;
            return this;
        }

        public Builder<L> kernelRegularizer(Regularizer r) {
            rules = rules.withKernelRegularizer(r);
            return this;
        }

        /** {@code "l1"}, {@code "l2"} or {@code "l1_l2"}, each factor 0.01 as in Keras. */
        public Builder<L> kernelRegularizer(String name) {
            return kernelRegularizer(regularizer("kernel_regularizer", name));
        }

        public Builder<L> recurrentRegularizer(Regularizer r) {
            rules = rules.withRecurrentRegularizer(r);
            return this;
        }

        public Builder<L> recurrentRegularizer(String name) {
            return recurrentRegularizer(regularizer("recurrent_regularizer", name));
        }

        public Builder<L> biasRegularizer(Regularizer r) {
            rules = rules.withBiasRegularizer(r);
            return this;
        }

        public Builder<L> biasRegularizer(String name) {
            return biasRegularizer(regularizer("bias_regularizer", name));
        }

        /** A penalty on the layer's output, divided by the batch size, as Keras 3 adds it. */
        public Builder<L> activityRegularizer(Regularizer r) {
            rules = rules.withActivityRegularizer(r);
            return this;
        }

        public Builder<L> activityRegularizer(String name) {
            return activityRegularizer(regularizer("activity_regularizer", name));
        }

        public Builder<L> kernelConstraint(Constraint c) {
            rules = rules.withKernelConstraint(c);
            return this;
        }

        /** {@code "max_norm"}, {@code "non_neg"}, {@code "unit_norm"} or {@code "min_max_norm"}, with Keras' defaults. */
        public Builder<L> kernelConstraint(String name) {
            return kernelConstraint(constraint("kernel_constraint", name));
        }

        public Builder<L> recurrentConstraint(Constraint c) {
            rules = rules.withRecurrentConstraint(c);
            return this;
        }

        public Builder<L> recurrentConstraint(String name) {
            return recurrentConstraint(constraint("recurrent_constraint", name));
        }

        public Builder<L> biasConstraint(Constraint c) {
            rules = rules.withBiasConstraint(c);
            return this;
        }

        public Builder<L> biasConstraint(String name) {
            return biasConstraint(constraint("bias_constraint", name));
        }

        private Regularizer regularizer(String argument, String regularizerName) {
            try {
                return Regularizers.byName(regularizerName);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": received an invalid value for argument `" + argument
                        + "`, " + e.getMessage(), e);
            }
        }

        private Constraint constraint(String argument, String constraintName) {
            try {
                return Constraints.byName(constraintName);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": received an invalid value for argument `" + argument
                        + "`, " + e.getMessage(), e);
            }
        }

        public Builder<L> kernelInitializer(Initializer init) {
            weights = weights.withKernel(init);
            return this;
        }

        /** The initializer of a Keras name ({@code "glorot_uniform"}, {@code "ones"}, ...). */
        public Builder<L> kernelInitializer(String name) {
            return kernelInitializer(named("kernel_initializer", name));
        }

        public Builder<L> recurrentInitializer(Initializer init) {
            weights = weights.withRecurrent(init);
            return this;
        }

        public Builder<L> recurrentInitializer(String name) {
            return recurrentInitializer(named("recurrent_initializer", name));
        }

        /** The bias's initializer; with {@code unitForgetBias} the LSTM's forget-gate part is still 1. */
        public Builder<L> biasInitializer(Initializer init) {
            weights = weights.withBias(init);
            return this;
        }

        public Builder<L> biasInitializer(String name) {
            return biasInitializer(named("bias_initializer", name));
        }

        /** GRU only: false for Keras' older form (the reset gate before the recurrent product, bias [3H]). */
        public Builder<L> resetAfter(boolean on) {
            weights = weights.withResetAfter(on);
            return this;
        }

        private Initializer named(String argument, String initName) {
            try {
                return Initializers.byName(initName);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": received an invalid value for argument `" + argument
                        + "`, " + e.getMessage(), e);
            }
        }

        /** Validates the options and makes the layer (its weights are made on the first input). */
        public L build() {
            return factory.apply(new RecurrentConfig(name, units, activation, recurrentActivation, returnSequences,
                    returnState, goBackwards, stateful, dropout, recurrentDropout, unitForgetBias, seed,
                    weights, masking, rules));
        }
    }
}
