package dev.recurrent.decoding;

import dev.recurrent.layers.Layer;

import java.util.List;

/**
 * The {@link Decoder} of a {@code Sequential} (its {@code layers()}) that predicts its next input token: a language model
 * (a character model reading one-hot steps, or a model starting with an Embedding) whose output at
 * each step is the distribution of the next token, softmax over the same V tokens it reads. Runs
 * on a {@link SequentialStepper}, one sequence at a time, from zero states.
 */
public final class SequenceDecoder implements Decoder<StepState> {
    private final SequentialStepper stepper;
    private final int vocabulary;

    /**
     * @throws IllegalArgumentException when a layer cannot step, or when the model does not read and
     *                                  predict the same tokens (naming both sizes)
     */
    public SequenceDecoder(List<Layer> layers) {
        this.stepper = SequentialStepper.of(layers);
        this.vocabulary = stepper.outputSize();
        if (stepper.tokenCount() != vocabulary) {
            throw new IllegalArgumentException("the model cannot feed its predictions back: it predicts "
                    + vocabulary + " tokens per step but reads " + (stepper.readsTokens()
                    ? "token ids in [0, " + stepper.tokenCount() + ")" : stepper.tokenCount() + " one-hot features"));
        }
    }

    /** Zero states: where the model starts reading. */
    public StepState start() {
        return stepper.start(1);
    }

    @Override
    public int vocabularySize() {
        return vocabulary;
    }

    @Override
    public float[] step(StepState state, int token) {
        if (token < 0 || token >= vocabulary) {
            throw new IllegalArgumentException("expected a token id in [0, " + vocabulary + "), got " + token);
        }
        float[] x;
        if (stepper.readsTokens()) {
            x = new float[] {token};
        } else {
            x = new float[vocabulary];
            x[token] = 1f;
        }
        return stepper.step(x, state);
    }

    @Override
    public StepState copy(StepState state) {
        return state.copy();
    }
}
