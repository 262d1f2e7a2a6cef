package dev.recurrent.io.torch;

import java.util.Locale;

/**
 * What a state dict does not say about its model, for {@link TorchWeights#buildSequential}: the
 * input length, {@code nn.RNN}'s nonlinearity, and whether the last recurrent layer returns every
 * step. The other fields, PyTorch's constructor arguments, are read from the file's shapes; those
 * given (non-null) are checked against it.
 *
 * @param timesteps       the input length (Recurrent models have a fixed one)
 * @param cell            {@code lstm}, {@code gru} or {@code rnn}; null: from the shapes
 * @param hiddenSize      null: from the shapes
 * @param numLayers       null: from the names
 * @param bidirectional   null: from the names
 * @param bias            null: from the names
 * @param projSize        an LSTM's {@code proj_size}, 0 for none; null: from the names
 * @param nonlinearity    {@code tanh} (default) or {@code relu}; for {@code nn.RNN} only
 * @param returnSequences the last recurrent layer outputs every step (PyTorch's {@code output});
 *                        false: the last step's state ({@code h_n} of the last layer, both
 *                        directions concatenated)
 */
public record TorchSpec(int timesteps, String cell, Integer hiddenSize, Integer numLayers, Boolean bidirectional,
                        Boolean bias, Integer projSize, String nonlinearity, boolean returnSequences) {

    public TorchSpec {
        if (timesteps <= 0) {
            throw new IllegalArgumentException("timesteps: expected a positive number of steps, got " + timesteps);
        }
        if (cell != null) {
            cell = cell.toLowerCase(Locale.ROOT);
            if (!cell.equals("lstm") && !cell.equals("gru") && !cell.equals("rnn")) {
                throw new IllegalArgumentException("cell: expected lstm, gru or rnn, got '" + cell + "'");
            }
        }
        nonlinearity = nonlinearity == null ? "tanh" : nonlinearity.toLowerCase(Locale.ROOT);
        if (!nonlinearity.equals("tanh") && !nonlinearity.equals("relu")) {
            throw new IllegalArgumentException("nonlinearity: expected tanh or relu, got '" + nonlinearity + "'");
        }
        if (hiddenSize != null && hiddenSize <= 0 || numLayers != null && numLayers <= 0) {
            throw new IllegalArgumentException("hidden size and number of layers must be positive, got "
                    + hiddenSize + " and " + numLayers);
        }
        if (projSize != null && projSize < 0) {
            throw new IllegalArgumentException("proj_size: expected 0 (none) or a positive size, got " + projSize);
        }
    }

    /** Everything from the file, sequences of {@code timesteps} steps, the last step's output. */
    public static TorchSpec of(int timesteps) {
        return new TorchSpec(timesteps, null, null, null, null, null, null, null, false);
    }

    public TorchSpec withCell(String c) {
        return new TorchSpec(timesteps, c, hiddenSize, numLayers, bidirectional, bias, projSize, nonlinearity, returnSequences);
    }

    public TorchSpec withHiddenSize(Integer h) {
        return new TorchSpec(timesteps, cell, h, numLayers, bidirectional, bias, projSize, nonlinearity, returnSequences);
    }

    public TorchSpec withNumLayers(Integer n) {
        return new TorchSpec(timesteps, cell, hiddenSize, n, bidirectional, bias, projSize, nonlinearity, returnSequences);
    }

    public TorchSpec withBidirectional(Boolean on) {
        return new TorchSpec(timesteps, cell, hiddenSize, numLayers, on, bias, projSize, nonlinearity, returnSequences);
    }

    public TorchSpec withBias(Boolean on) {
        return new TorchSpec(timesteps, cell, hiddenSize, numLayers, bidirectional, on, projSize, nonlinearity, returnSequences);
    }

    public TorchSpec withProjSize(Integer p) {
        return new TorchSpec(timesteps, cell, hiddenSize, numLayers, bidirectional, bias, p, nonlinearity, returnSequences);
    }

    public TorchSpec withNonlinearity(String n) {
        return new TorchSpec(timesteps, cell, hiddenSize, numLayers, bidirectional, bias, projSize, n, returnSequences);
    }

    public TorchSpec withReturnSequences(boolean on) {
        return new TorchSpec(timesteps, cell, hiddenSize, numLayers, bidirectional, bias, projSize, nonlinearity, on);
    }
}
