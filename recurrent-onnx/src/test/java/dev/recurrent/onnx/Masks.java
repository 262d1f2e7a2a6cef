package dev.recurrent.onnx;

import dev.recurrent.tensor.Tensor;

import java.util.Random;

/** Token batches with padding (id 0) in every arrangement a Keras mask allows. */
final class Masks {
    private Masks() {
    }

    /**
     * Token ids [batch, steps] with zeros put in, by row: padding at the end, padding at the start
     * (Keras' pad_sequences default), holes in the middle, all padding, none, random.
     */
    static Tensor padded(Tensor tokens) {
        int batch = tokens.shape()[0], steps = tokens.shape()[1];
        float[] x = tokens.data().clone();
        Random r = new Random(batch * 31L + steps);
        for (int b = 0; b < batch; b++) {
            int o = b * steps;
            switch (b % 6) {
                case 0:
                    for (int t = steps / 2; t < steps; t++) {
                        x[o + t] = 0;
                    }
                    break;
                case 1:
                    for (int t = 0; t < steps / 3; t++) {
                        x[o + t] = 0;
                    }
                    break;
                case 2:
                    x[o + 1] = 0;
                    x[o + steps / 2] = 0;
                    x[o + steps / 2 + 1] = 0;
                    break;
                case 3:
                    for (int t = 0; t < steps; t++) {
                        x[o + t] = 0;
                    }
                    break;
                case 4:
                    break;
                default:
                    for (int t = 0; t < steps; t++) {
                        if (r.nextInt(3) == 0) {
                            x[o + t] = 0;
                        }
                    }
            }
        }
        return Tensor.of(x, batch, steps);
    }
}
