package dev.recurrent.layers;

import java.util.Arrays;

/**
 * PyTorch's recurrent weights in this library's (Keras') layout. PyTorch keeps
 * {@code weight_ih_l<k>} [G·H, I] and {@code weight_hh_l<k>} [G·H, H] (or [4H, P] with
 * {@code proj_size}) row-major, with gate blocks along the rows, and two biases
 * {@code bias_ih_l<k>}, {@code bias_hh_l<k>} [G·H]; here the kernels are [I, G·H] and [H, G·H].
 *
 * <ul>
 *   <li>LSTM: gate order i, f, g, o is Keras' i, f, c, o: {@code kernel = weight_ihᵀ},
 *       {@code recurrent_kernel = weight_hhᵀ}, {@code bias = bias_ih + bias_hh};
 *       with {@code proj_size}, {@link ProjectedLSTM}'s {@code projection = weight_hrᵀ}.</li>
 *   <li>GRU: PyTorch's r, z, n become Keras' z, r, h ({@link #gruKernel}, {@link #gruBias}); PyTorch's
 *       GRU is Keras' {@code reset_after = true} form, bias [2, 3H] = (bias_ih, bias_hh).</li>
 *   <li>RNN ({@code nonlinearity} tanh or relu): as the LSTM, one block.</li>
 * </ul>
 * With {@code bias=False} there is no bias: build the layer with {@code useBias(false)} and pass null.
 * A stack ({@code num_layers}) is one layer per level in a {@code Sequential}, each but the last
 * with {@code returnSequences(true)}, and PyTorch's {@code dropout} between levels a {@link Dropout}.
 * Back to PyTorch: {@link #transpose} with rows and columns swapped, {@link #gruWeight} and
 * {@link #gruBiases}; an LSTM's or RNN's one bias can go whole to {@code bias_ih}, zeros to {@code bias_hh}.
 */
public final class TorchLayout {

    private TorchLayout() {
    }

    /** {@code weight} [rows, cols] transposed to [cols, rows]: an LSTM or RNN kernel, or a projection. */
    public static float[] transpose(float[] weight, int rows, int cols) {
        if (weight.length != rows * cols) {
            throw new IllegalArgumentException("expected a [" + rows + ", " + cols + "] weight (" + rows * cols
                    + " values), got " + weight.length + " values");
        }
        float[] t = new float[weight.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = weight[r * cols + c];
            }
        }
        return t;
    }

    /** The sum of PyTorch's two biases, the one bias of an LSTM or RNN. */
    public static float[] sum(float[] biasIh, float[] biasHh) {
        if (biasIh.length != biasHh.length) {
            throw new IllegalArgumentException("expected two biases of the same length, got " + biasIh.length
                    + " and " + biasHh.length + " values");
        }
        float[] s = new float[biasIh.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = biasIh[i] + biasHh[i];
        }
        return s;
    }

    /** A GRU weight [3H, cols] (blocks r, z, n) as a kernel [cols, 3H] (blocks z, r, h). */
    public static float[] gruKernel(float[] weight, int units, int cols) {
        return transpose(gruGateOrder(weight, units, cols), 3 * units, cols);
    }

    /** PyTorch's two GRU biases [3H] (r, z, n) as the GRU's bias [2, 3H] (z, r, h), input bias first. */
    public static float[] gruBias(float[] biasIh, float[] biasHh, int units) {
        float[] b = new float[6 * units];
        System.arraycopy(gruGateOrder(biasIh, units, 1), 0, b, 0, 3 * units);
        System.arraycopy(gruGateOrder(biasHh, units, 1), 0, b, 3 * units, 3 * units);
        return b;
    }

    /** A GRU kernel [cols, 3H] (blocks z, r, h) as PyTorch's weight [3H, cols] (r, z, n): {@link #gruKernel} undone. */
    public static float[] gruWeight(float[] kernel, int units, int cols) {
        return gruGateOrder(transpose(kernel, cols, 3 * units), units, cols);
    }

    /** The GRU's bias [2, 3H] (z, r, h) as PyTorch's two biases [3H] (r, z, n): {@link #gruBias} undone. */
    public static float[][] gruBiases(float[] bias, int units) {
        if (bias.length != 6 * units) {
            throw new IllegalArgumentException("expected a GRU bias of [2, " + 3 * units + "] (" + 6 * units
                    + " values), got " + bias.length + " values");
        }
        float[] ih = Arrays.copyOfRange(bias, 0, 3 * units), hh = Arrays.copyOfRange(bias, 3 * units, 6 * units);
        return new float[][] {gruGateOrder(ih, units, 1), gruGateOrder(hh, units, 1)};
    }

    /** Rows r, z, n (each [H, cols]) reordered z, r, n, or the other way: the swap is its own inverse. */
    private static float[] gruGateOrder(float[] w, int units, int cols) {
        int block = units * cols;
        if (w.length != 3 * block) {
            throw new IllegalArgumentException("expected a GRU weight of [" + 3 * units + ", " + cols + "] ("
                    + 3 * block + " values), got " + w.length + " values");
        }
        float[] o = new float[w.length];
        System.arraycopy(w, block, o, 0, block);
        System.arraycopy(w, 0, o, block, block);
        System.arraycopy(w, 2 * block, o, 2 * block, block);
        return o;
    }
}
