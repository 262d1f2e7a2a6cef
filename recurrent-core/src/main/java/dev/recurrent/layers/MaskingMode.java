package dev.recurrent.layers;

import java.util.Locale;

/**
 * What a recurrent layer does at a masked step (where {@code mask[b, t]} is false).
 * <ul>
 *   <li>{@link #KERAS} (the default): the step leaves the states and the output as they were at the
 *       step before, as Keras' RNN layers do.</li>
 *   <li>{@link #ZERO_OUTPUT}: Keras' {@code zero_output_for_mask=True}: the states still carry
 *       through, and with {@code returnSequences} the masked step's output is zeros.</li>
 *   <li>{@link #DL4J}: as Deeplearning4j's LSTM ({@code LSTMHelpers.activateHelper} in
 *       deeplearning4j-nn, {@code org.deeplearning4j.nn.layers.recurrent}): the step runs, then its
 *       hidden state and cell state are multiplied by the mask, so both are zeros; the output of a
 *       masked step is zeros and the next step starts from zero states. Without
 *       {@code returnSequences} the output is the last step's state, zeros when that step is masked.
 *       The backward pass is the exact gradient of that forward pass: nothing flows through a masked
 *       step (DL4J's own {@code backpropGradientHelper} also zeroes the step's gate deltas and
 *       input gradient, but lets the cell-state gradient of the masked step reach the step before
 *       through the forget gate; here it does not, since the forward pass does not use it).</li>
 * </ul>
 */
public enum MaskingMode {
    KERAS, ZERO_OUTPUT, DL4J;

    /** The name in model files: {@code "keras"}, {@code "zero_output"}, {@code "dl4j"}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode of a name from {@link #configName()} (case ignored). */
    public static MaskingMode byName(String name) {
        for (MaskingMode m : values()) {
            if (m.configName().equalsIgnoreCase(name == null ? "" : name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("expected a masking mode, one of [keras, zero_output, dl4j], got '" + name + "'");
    }
}
