package dev.recurrent.loss;

/**
 * The target checks' wording for sparse targets, [R] class indices, shared by
 * {@link SparseCategoricalCrossentropy} and the sparse categorical accuracy metric.
 */
public final class SparseTargets {
    private SparseTargets() {
    }

    /** The expected targets: {@code [R] (R class indices in [0, C))}. */
    public static String describe(int rows, int cols) {
        return "[" + rows + "] (" + rows + " class indices in [0, " + cols + "))";
    }

    /**
     * A hint when the targets look one-hot ({@code gotValues} = R·C, C > 1): use {@code oneHotName}
     * instead; else empty.
     */
    public static String oneHotHint(int gotValues, int rows, int cols, String oneHotName) {
        return (long) gotValues == (long) rows * cols && cols > 1 ? "use " + oneHotName + " for one-hot targets" : "";
    }
}
