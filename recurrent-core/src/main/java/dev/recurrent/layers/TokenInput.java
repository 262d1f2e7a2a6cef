package dev.recurrent.layers;

/**
 * A layer that, in inference, takes token ids through the {@link Embedding} before it without the
 * embedded input being made ({@link Recurrent#forwardTokens}), with the output of the embedded input
 * bit for bit. A model runs such a pair as one stage.
 */
public interface TokenInput {

    /** Whether {@link #forwardTokens} takes this embedding. */
    boolean acceptsTokens(Embedding embedding);

    /** The output of this layer's forward call on {@code embedding}'s output for ids [batch, steps], in inference. */
    float[] forwardTokens(Embedding embedding, float[] ids, int batch, boolean[] inputMask);
}
