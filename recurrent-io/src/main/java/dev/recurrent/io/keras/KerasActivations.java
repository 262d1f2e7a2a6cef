package dev.recurrent.io.keras;

/**
 * Keras activation names as Recurrent's: {@code hard_sigmoid} means Keras 1/2's
 * {@code clip(0.2x + 0.5, 0, 1)} ({@code hard_sigmoid_keras2}) in files written before Keras 3, and
 * Keras 3's {@code relu6(x + 3) / 6} in Keras 3 files; every other name is the same.
 */
final class KerasActivations {
    private final boolean keras2HardSigmoid;

    KerasActivations(int kerasMajor) {
        this.keras2HardSigmoid = kerasMajor < 3;
    }

    String name(String kerasName) {
        return keras2HardSigmoid && "hard_sigmoid".equals(kerasName) ? "hard_sigmoid_keras2" : kerasName;
    }
}
