package dev.recurrent.cli.demos;

import dev.recurrent.optim.Adam;
import dev.recurrent.optim.Optimizer;
import dev.recurrent.tensor.Tensor;

/**
 * The addition questions answered by Keras' {@code lstm_seq2seq} structure ({@link EncoderDecoder})
 * instead of {@code RepeatVector}: the encoder reads the reversed question, its final states start
 * the decoder, which reads a start token and the answer shifted right by one step (teacher forcing:
 * the start token and {@code "596"} for {@code "596 "}) and predicts the answer, one of the 12 characters per step.
 * Answered by greedy decoding, one step at a time from the start token, as many steps as the answer
 * has characters (4, padding included: no end token is needed).
 */
final class AdditionEncoderDecoder {
    /** The decoder's input characters: the 12 of the questions, then the start token. */
    static final int DECODER_FEATURES = AdditionDemo.CLASSES + 1;
    static final int START = AdditionDemo.CLASSES;

    private AdditionEncoderDecoder() {
    }

    /** The network with {@code cell} as encoder and decoder; Adam with Keras' defaults, as the RepeatVector network. */
    static EncoderDecoder network(AdditionDemo.Cell cell, int units, long seed) {
        return network(cell, units, new Adam(), seed);
    }

    static EncoderDecoder network(AdditionDemo.Cell cell, int units, Optimizer optimizer, long seed) {
        EncoderDecoder network = new EncoderDecoder("addition_seq2seq", cell::withStates, cell.type(), units,
                AdditionDemo.CLASSES, DECODER_FEATURES, AdditionDemo.CLASSES, false, optimizer, seed);
        network.training.seed(seed);
        return network;
    }

    /** The decoder's inputs for answers [N, 4, 12]: the start token, then each answer shifted right [N, 4, 13]. */
    static Tensor teacherInputs(Tensor answers) {
        int n = answers.samples(), steps = answers.shape()[1], v = AdditionDemo.CLASSES, d = DECODER_FEATURES;
        float[] a = answers.data(), x = new float[n * steps * d];
        for (int i = 0; i < n; i++) {
            x[(i * steps) * d + START] = 1f;
            for (int t = 1; t < steps; t++) {
                System.arraycopy(a, (i * steps + t - 1) * v, x, (i * steps + t) * d, v);
            }
        }
        return Tensor.of(x, n, steps, d);
    }

    /** The answers to {@code questions} [N, 7, 12] by greedy decoding: the probabilities of each step [N, 4, 12]. */
    static Tensor answer(EncoderDecoder network, Tensor questions, int batch) {
        return new EncoderDecoderSteps(network).greedy(questions, START, AdditionQuestions.ANSWER_LENGTH, batch);
    }
}
