package dev.recurrent.examples;

import dev.recurrent.decoding.BeamSearch;
import dev.recurrent.decoding.Hypothesis;
import dev.recurrent.decoding.Sampler;
import dev.recurrent.decoding.Sampling;
import dev.recurrent.decoding.SequenceDecoder;
import dev.recurrent.decoding.SequentialStepper;
import dev.recurrent.decoding.StepState;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.LSTM;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * A language model run one step at a time: the stepper against {@code predict}, then greedy
 * decoding, nucleus sampling with a repetition penalty, and beam search over its tokens.
 */
public final class DecodingExample {
    static final int TOKENS = 8, STEPS = 6;

    /**
     * The model's predictions [1, STEPS, TOKENS] for {@code PROMPT}, the same stepped, the greedy,
     * sampled and beam continuations, and the beam's three best.
     */
    public record Result(float[] predicted, float[] stepped, int[] greedy, int[] sampled, int[] sampledAgain,
                         List<Hypothesis> beams) {
    }

    static final int[] PROMPT = {1, 5, 2, 7, 3, 1};

    private DecodingExample() {
    }

    public static Result run() {
        Sequential model = new Sequential("lm").input(STEPS).seed(3)
                .add(new Embedding(TOKENS, 4, false))
                .add(LSTM.builder(16).returnSequences(true).build())
                .add(new Dense(TOKENS, "softmax"))
                .build();
        float[] ids = new float[STEPS];
        for (int t = 0; t < STEPS; t++) {
            ids[t] = PROMPT[t];
        }
        float[] predicted = model.predict(Tensor.of(ids, 1, STEPS), 1).data();

        SequentialStepper stepper = SequentialStepper.of(model.layers());
        StepState state = stepper.start(1);                       // zero states, as predict starts from
        float[] stepped = new float[STEPS * TOKENS];
        for (int t = 0; t < STEPS; t++) {
            float[] y = stepper.step(new float[] {ids[t]}, state);   // one token in, the next token's distribution out
            System.arraycopy(y, 0, stepped, t * TOKENS, TOKENS);
        }

        SequenceDecoder decoder = new SequenceDecoder(model.layers());
        int end = 0;                                              // token 0 ends a sequence
        int[] greedy = new Sampler(Sampling.greedy(), 1).generate(decoder, decoder.start(), PROMPT, 20, end, null);
        Sampling nucleus = Sampling.temperature(0.8).withTopP(0.9).withRepetitionPenalty(1.2);
        int[] sampled = new Sampler(nucleus, 42).generate(decoder, decoder.start(), PROMPT, 20, end, null);
        int[] again = new Sampler(nucleus, 42).generate(decoder, decoder.start(), PROMPT, 20, end, null);
        List<Hypothesis> beams = new BeamSearch(4, 1.0, end).search(decoder, decoder.start(), PROMPT, 20, 3);
        return new Result(predicted, stepped, greedy, sampled, again, beams);
    }

    public static void main(String[] args) {
        Result r = run();
        System.out.println("stepped = predicted: " + Arrays.equals(r.predicted(), r.stepped()));
        System.out.println("greedy:  " + Arrays.toString(r.greedy()));
        System.out.println("sampled: " + Arrays.toString(r.sampled()));
        for (Hypothesis h : r.beams()) {
            System.out.printf("beam:    %s  log p %.3f  score %.3f%n", Arrays.toString(h.tokens()), h.logProbability(), h.score());
        }
    }
}
