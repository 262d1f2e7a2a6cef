package dev.recurrent.data;

import dev.recurrent.tensor.Tensor;

/**
 * Inputs and targets for supervised learning, sample i of {@code x} going with sample i of {@code y}.
 *
 * @param x inputs [N, ...], for a recurrent layer [N, T, D]
 * @param y targets [N, ...]
 */
public record Supervised(Tensor x, Tensor y) {
    public Supervised {
        if (x == null || y == null) {
            throw new IllegalArgumentException("Supervised: x and y must not be null");
        }
        if (x.samples() != y.samples()) {
            throw new IllegalArgumentException("Supervised: x has " + x.samples() + " samples " + x
                    + " but y has " + y.samples() + " " + y);
        }
    }

    /** N, the number of samples. */
    public int samples() {
        return x.samples();
    }

    /** Samples [from, to) of both, copied: e.g. the first 24 for training, the rest for testing. */
    public Supervised slice(int from, int to) {
        return new Supervised(x.slice(from, to), y.slice(from, to));
    }
}
