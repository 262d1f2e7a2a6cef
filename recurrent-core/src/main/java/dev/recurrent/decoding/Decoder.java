package dev.recurrent.decoding;

/**
 * What the decoding strategies drive: a model that reads one token and gives the distribution of
 * the next, carrying its state {@code S} from step to step. {@link SequenceDecoder} is the one of
 * a {@link dev.recurrent.model.Sequential}; the decoder half of an encoder–decoder implements it
 * with the encoder's final states as the state it starts from.
 *
 * @param <S> the state between steps; {@link #step} changes it in place, {@link #copy} forks it
 */
public interface Decoder<S> {

    /** V, the number of tokens: token ids are in [0, V) and every distribution has V entries. */
    int vocabularySize();

    /**
     * Reads {@code token}, advancing {@code state} in place, and returns the probabilities of the
     * next token [V] (each ≥ 0; they need not sum to exactly 1). The array is the caller's.
     */
    float[] step(S state, int token);

    /** An independent copy of {@code state}: stepping one leaves the other as it was. */
    S copy(S state);
}
