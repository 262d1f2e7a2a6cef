package dev.recurrent.examples;

import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Parameter;
import dev.recurrent.tensor.Tensor;

import java.util.Arrays;

/**
 * A recurrent layer driven directly, without a model: forward over a padded batch with a mask, then
 * backpropagation through time into the layer's parameters. Arrays are row-major, batch first.
 */
public final class LowLevelExample {
    static final int UNITS = 4;

    /**
     * The outputs [2, 4, UNITS] of the padded batch, the output [1, 2, UNITS] of the short sequence
     * alone, and the input gradient [2, 4, 2].
     */
    public record Result(float[] padded, float[] shortAlone, float[] inputGradient, double gradientNorm) {
    }

    private LowLevelExample() {
    }

    public static Result run() {
        // two sequences of 2 features: the first 4 steps long, the second 2 steps, padded with zeros
        int batch = 2, steps = 4, features = 2;
        Tensor x = Tensor.of(new float[] {
                0.1f, 0.2f,   0.3f, 0.4f,   0.5f, 0.6f,   0.7f, 0.8f,
                0.9f, 1.0f,   1.1f, 1.2f,   0f, 0f,       0f, 0f}, batch, steps, features);
        // the mask is a boolean[batch * steps], row-major like x: false marks a padded step
        boolean[] mask = {
                true, true, true, true,
                true, true, false, false};

        LSTM lstm = LSTM.builder(UNITS).returnSequences(true).seed(7).build();
        lstm.build(features);                               // Keras' initializers, seeded

        // a masked step carries the previous state and output through unchanged
        float[] out = lstm.forward(x.data(), batch, steps, features, mask, null, true);   // [2, 4, UNITS]
        lstm.zeroGrad();
        float[] dOut = new float[out.length];
        Arrays.fill(dOut, 1f);                              // the gradient of L = sum(out)
        float[] dx = lstm.backward(dOut);                   // [2, 4, 2]; adds into each Parameter's grad()
        double norm = 0;
        for (Parameter p : lstm.parameters()) {             // kernel [2, 16], recurrent_kernel [4, 16], bias [16]
            for (float g : p.grad()) {
                norm += g * g;
            }
        }

        // the second sequence on its own, unpadded: the same numbers as its unmasked steps above
        float[] alone = lstm.forward(Arrays.copyOfRange(x.data(), steps * features, steps * features + 2 * features),
                1, 2, features);
        return new Result(out, alone, dx, Math.sqrt(norm));
    }

    public static void main(String[] args) {
        Result r = run();
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 4; t++) {
                int at = (b * 4 + t) * UNITS;
                System.out.printf("sequence %d, step %d: h = %s%n", b, t,
                        Arrays.toString(Arrays.copyOfRange(r.padded(), at, at + UNITS)));
            }
        }
        System.out.printf("gradient norm of the weights: %.6f%n", r.gradientNorm());
    }
}
