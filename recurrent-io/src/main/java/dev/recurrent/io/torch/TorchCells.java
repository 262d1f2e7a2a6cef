package dev.recurrent.io.torch;

import dev.recurrent.layers.TorchLayout;

/**
 * One direction of one layer, between PyTorch's tensors and this library's weights, by cell: the
 * arithmetic is {@link TorchLayout}'s. What is decided here is what a state dict written back
 * holds: the LSTM's and the simple RNN's one bias (the sum of PyTorch's two) goes whole to
 * {@code bias_ih}, and {@code bias_hh} is zeros.
 */
final class TorchCells {
    private TorchCells() {
    }

    /** PyTorch's weights of one layer direction; {@code weightHr} null but for an LSTM with {@code proj_size}. */
    record Torch(float[] weightIh, float[] weightHh, float[] biasIh, float[] biasHh, float[] weightHr) {
    }

    /**
     * This library's weights of one layer direction, as {@code setWeights} takes them; {@code projection}
     * null but for a {@code ProjectedLSTM}.
     */
    record Keras(float[] kernel, float[] recurrentKernel, float[] bias, float[] projection) {
    }

    /**
     * PyTorch → this library; {@code gates} 4 (LSTM), 3 (GRU, reset after) or 1 (simple RNN),
     * {@code projection} P for an LSTM with {@code proj_size}, else 0.
     */
    static Keras toKeras(Torch t, int gates, int units, int inputs, int projection) {
        if (gates == 3) {
            return new Keras(TorchLayout.gruKernel(t.weightIh(), units, inputs),
                    TorchLayout.gruKernel(t.weightHh(), units, units),
                    t.biasIh() == null ? null : TorchLayout.gruBias(t.biasIh(), t.biasHh(), units), null);
        }
        int state = projection > 0 ? projection : units;
        return new Keras(TorchLayout.transpose(t.weightIh(), gates * units, inputs),
                TorchLayout.transpose(t.weightHh(), gates * units, state),
                t.biasIh() == null ? null : TorchLayout.sum(t.biasIh(), t.biasHh()),
                projection > 0 ? TorchLayout.transpose(t.weightHr(), projection, units) : null);
    }

    /** This library → PyTorch, {@link #toKeras} undone (the summed biases kept whole in {@code bias_ih}). */
    static Torch toTorch(Keras k, int gates, int units, int inputs, int projection) {
        if (gates == 3) {
            float[][] b = k.bias() == null ? new float[2][] : TorchLayout.gruBiases(k.bias(), units);
            return new Torch(TorchLayout.gruWeight(k.kernel(), units, inputs),
                    TorchLayout.gruWeight(k.recurrentKernel(), units, units), b[0], b[1], null);
        }
        int state = projection > 0 ? projection : units;
        return new Torch(TorchLayout.transpose(k.kernel(), inputs, gates * units),
                TorchLayout.transpose(k.recurrentKernel(), state, gates * units),
                k.bias() == null ? null : k.bias().clone(), k.bias() == null ? null : new float[gates * units],
                projection > 0 ? TorchLayout.transpose(k.projection(), units, projection) : null);
    }
}
