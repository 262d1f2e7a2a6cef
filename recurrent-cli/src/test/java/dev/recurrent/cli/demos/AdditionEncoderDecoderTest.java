package dev.recurrent.cli.demos;

import dev.recurrent.cli.demos.AdditionQuestions.Question;
import dev.recurrent.model.FitOptions;
import dev.recurrent.optim.Adam;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The addition questions answered by the encoder–decoder with states: its inputs, its inference wiring, its learning. */
class AdditionEncoderDecoderTest {

    @Test
    void theDecoderReadsTheStartTokenThenTheAnswerShiftedRight() {
        Tensor answers = AdditionQuestions.answers(List.of(new Question(535, 61), new Question(7, 5)));
        Tensor x = AdditionEncoderDecoder.teacherInputs(answers);
        assertEquals(List.of(2, 4, 13), List.of(x.shape()[0], x.shape()[1], x.shape()[2]));
        assertEquals(List.of(AdditionEncoderDecoder.START, index('5'), index('9'), index('6')), hot(x, 0));
        assertEquals(List.of(AdditionEncoderDecoder.START, index('1'), index('2'), index(' ')), hot(x, 1));
    }

    /**
     * The inference models share the trained layers and hand the states on: decoding greedily one step at a
     * time gives, at every step, what the training network gives when it is fed the decoded prefix.
     */
    @Test
    void greedyStepsEqualTheTrainingNetworkFedTheirPrefix() {
        List<Question> questions = AdditionQuestions.generate(200, new Random(3));
        Tensor x = AdditionQuestions.questions(questions), y = AdditionQuestions.answers(questions);
        for (AdditionDemo.Cell cell : AdditionDemo.CELLS) {
            EncoderDecoder network = AdditionEncoderDecoder.network(cell, 8, 5);
            network.training.fit(List.of(x, AdditionEncoderDecoder.teacherInputs(y)), List.of(y),
                    FitOptions.defaults().epochs(1).batchSize(32));

            Tensor greedy = AdditionEncoderDecoder.answer(network, x, 7);
            Tensor decoded = oneHot(greedy);
            Tensor forced = network.training.predict(List.of(x, AdditionEncoderDecoder.teacherInputs(decoded)), 32)
                    .get(0);
            assertEquals(List.of(200, 4, 12), List.of(greedy.shape()[0], greedy.shape()[1], greedy.shape()[2]));
            float[] g = greedy.data(), f = forced.data();
            for (int i = 0; i < g.length; i++) {
                assertEquals(f[i], g[i], 1e-5, cell.name() + ": probability " + i);
            }
            for (int i = 0; i < 200; i++) {
                assertEquals(AdditionQuestions.decode(forced, i), AdditionQuestions.decode(greedy, i), cell.name());
            }

            // one question at a time (the Decoder that beam search drives) decodes as the batch does
            EncoderDecoderSteps steps = new EncoderDecoderSteps(network);
            EncoderDecoderSteps.State state = steps.start(x.slice(11, 12));
            int token = AdditionEncoderDecoder.START;
            for (int t = 0; t < 4; t++) {
                float[] p = steps.step(state, token);
                for (int c = 0; c < 12; c++) {
                    assertEquals(g[(11 * 4 + t) * 12 + c], p[c], 1e-5, cell.name() + ": step " + t);
                }
                token = argmax(p);
            }
        }
    }

    /**
     * A small version of the task, in seconds: after 5 epochs on 2,000 questions (at a higher learning rate
     * than the demo's), greedy decoding gets more characters of unseen answers right than the best guess
     * without the question (the most frequent character at each place of the training answers), and some
     * whole answers.
     */
    @Test
    void learnsBeyondChance() {
        int n = 2200, held = 200;
        List<Question> questions = AdditionQuestions.generate(n, new Random(1));
        Tensor x = AdditionQuestions.questions(questions), y = AdditionQuestions.answers(questions);
        Tensor xTrain = x.slice(0, n - held), yTrain = y.slice(0, n - held), xVal = x.slice(n - held, n), yVal = y.slice(n - held, n);
        EncoderDecoder network = AdditionEncoderDecoder.network(AdditionDemo.CELLS.get(0), 32, new Adam(0.02), 1);
        network.training.fit(List.of(xTrain, AdditionEncoderDecoder.teacherInputs(yTrain)), List.of(yTrain),
                FitOptions.defaults().epochs(5).batchSize(32));

        Tensor answered = AdditionEncoderDecoder.answer(network, xVal, 128);
        double learned = characterAccuracy(answered, yVal);
        double chance = characterAccuracy(mostFrequentPerPlace(yTrain, xVal.samples()), yVal);
        assertTrue(learned > chance + 0.08, "greedy " + learned + " against the best blind guess " + chance);
        assertTrue(exact(answered, yVal) > 0, "some whole answers right");
    }

    private static int index(char c) {
        return AdditionQuestions.CHARS.chars().indexOf(c);
    }

    /** The hot index at each step of sample {@code i}. */
    private static List<Integer> hot(Tensor x, int i) {
        int steps = x.shape()[1], d = x.shape()[2];
        Integer[] hot = new Integer[steps];
        for (int t = 0; t < steps; t++) {
            for (int c = 0; c < d; c++) {
                if (x.data()[(i * steps + t) * d + c] == 1f) {
                    hot[t] = c;
                }
            }
        }
        return List.of(hot);
    }

    private static Tensor oneHot(Tensor probabilities) {
        int v = probabilities.shape()[2], rows = probabilities.data().length / v;
        float[] p = probabilities.data(), x = new float[p.length];
        for (int r = 0; r < rows; r++) {
            float[] row = new float[v];
            System.arraycopy(p, r * v, row, 0, v);
            x[r * v + argmax(row)] = 1f;
        }
        return Tensor.of(x, probabilities.shape());
    }

    private static int argmax(float[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    private static double exact(Tensor answered, Tensor truth) {
        int right = 0;
        for (int i = 0; i < truth.samples(); i++) {
            right += AdditionQuestions.decode(answered, i).equals(AdditionQuestions.decode(truth, i)) ? 1 : 0;
        }
        return right / (double) truth.samples();
    }

    private static double characterAccuracy(Tensor answered, Tensor truth) {
        int n = truth.samples(), right = 0, all = 0;
        for (int i = 0; i < n; i++) {
            String a = AdditionQuestions.decode(answered, i), t = AdditionQuestions.decode(truth, i);
            for (int k = 0; k < t.length(); k++) {
                right += a.charAt(k) == t.charAt(k) ? 1 : 0;
                all++;
            }
        }
        return right / (double) all;
    }

    /** {@code n} copies of the answer made of the most frequent character at each place of {@code answers}. */
    private static Tensor mostFrequentPerPlace(Tensor answers, int n) {
        int steps = answers.shape()[1], v = answers.shape()[2];
        float[] count = new float[steps * v];
        float[] a = answers.data();
        for (int i = 0; i < answers.samples(); i++) {
            for (int k = 0; k < steps * v; k++) {
                count[k] += a[i * steps * v + k];
            }
        }
        float[] guess = new float[n * steps * v];
        for (int t = 0; t < steps; t++) {
            float[] row = new float[v];
            System.arraycopy(count, t * v, row, 0, v);
            int best = argmax(row);
            for (int i = 0; i < n; i++) {
                guess[(i * steps + t) * v + best] = 1f;
            }
        }
        return Tensor.of(guess, n, steps, v);
    }
}
