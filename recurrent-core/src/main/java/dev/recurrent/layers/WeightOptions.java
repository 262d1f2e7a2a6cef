package dev.recurrent.layers;

import dev.recurrent.init.Initializer;
import dev.recurrent.init.Initializers;

/**
 * How a recurrent layer makes its weights, as Keras names the options.
 *
 * @param useBias              whether the layer has a bias (false: no bias parameter at all)
 * @param kernelInitializer    draws the kernel [I, G·H] (default glorot_uniform)
 * @param recurrentInitializer draws the recurrent kernel [H, G·H] (default orthogonal)
 * @param biasInitializer      fills the bias (default zeros; the LSTM's forget part is 1 with {@code unitForgetBias})
 * @param resetAfter           GRU only: the reset gate after the recurrent product (default true)
 */
public record WeightOptions(boolean useBias, Initializer kernelInitializer, Initializer recurrentInitializer,
                            Initializer biasInitializer, boolean resetAfter) {

    /** Keras' defaults. */
    public static final WeightOptions DEFAULTS = new WeightOptions(true, Initializers.glorotUniform(),
            Initializers.orthogonal(1.0), Initializers.zeros(), true);

    /** Refuses a missing initializer, or one the bias (1-D, or [2, 3H]) cannot take, naming the layer. */
    void check(String layer) {
        if (kernelInitializer == null || recurrentInitializer == null || biasInitializer == null) {
            throw new IllegalArgumentException(layer + ": received an invalid value for argument `"
                    + (kernelInitializer == null ? "kernel" : recurrentInitializer == null ? "recurrent" : "bias")
                    + "_initializer`, expected an initializer, got null");
        }
        if (biasInitializer.needsMatrix()) {
            throw new IllegalArgumentException(layer + ": received an invalid value for argument `bias_initializer`,"
                    + " expected an initializer for a 1-D weight, got " + biasInitializer.name()
                    + " (it needs a 2-D weight)");
        }
    }

    WeightOptions withUseBias(boolean on) {
        return new WeightOptions(on, kernelInitializer, recurrentInitializer, biasInitializer, resetAfter);
    }

    WeightOptions withKernel(Initializer init) {
        return new WeightOptions(useBias, init, recurrentInitializer, biasInitializer, resetAfter);
    }

    WeightOptions withRecurrent(Initializer init) {
        return new WeightOptions(useBias, kernelInitializer, init, biasInitializer, resetAfter);
    }

    WeightOptions withBias(Initializer init) {
        return new WeightOptions(useBias, kernelInitializer, recurrentInitializer, init, resetAfter);
    }

    /** These options with another {@code reset_after}. */
    public WeightOptions withResetAfter(boolean on) {
        return new WeightOptions(useBias, kernelInitializer, recurrentInitializer, biasInitializer, on);
    }
}
