package dev.recurrent.layers;

/**
 * The fully connected recurrent layer {@code h_t = tanh(x_t·W + h_{t-1}·U + b)}: {@code kernel}
 * [I, H], {@code recurrent_kernel} [H, H], {@code bias} [H].
 */
public final class SimpleRNN extends Recurrent {

    public SimpleRNN(RecurrentConfig config) {
        super(RecurrentChecks.config("SimpleRNN", config), new SimpleRnnCell(config.activation()));
    }

    /** A simple RNN of {@code units} units with Keras' defaults. */
    public static SimpleRNN of(int units) {
        return builder(units).build();
    }

    public static RecurrentConfig.Builder<SimpleRNN> builder(int units) {
        return new RecurrentConfig.Builder<>("simple_rnn", units, SimpleRNN::new);
    }

    @Override
    public String type() {
        return "SimpleRNN";
    }

    @Override
    public SimpleRNN withConfig(RecurrentConfig config) {
        return new SimpleRNN(RecurrentChecks.config(name(), config));
    }
}
