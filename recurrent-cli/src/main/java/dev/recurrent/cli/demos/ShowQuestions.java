package dev.recurrent.cli.demos;

import dev.recurrent.model.Callback;
import dev.recurrent.tensor.Tensor;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * After each epoch: the whole held-out set answered (how many answers are entirely right), and
 * {@link AdditionDemo#SHOWN} random held-out questions printed as the example prints them:
 * {@code Q 535+61  T 596  ☑ 596}.
 */
final class ShowQuestions implements Callback {
    private final UnaryOperator<Tensor> answer;
    private final Tensor xVal, yVal;
    private final Random rng;
    private final PrintWriter out;
    final int[] correct;
    final double[] exact;
    String lastShown = "";

    /**
     * @param answer the network's answers to questions [N, 7, 12]: their probability rows [N, 4, 12]
     * @param out    where the questions are printed, or null
     */
    ShowQuestions(UnaryOperator<Tensor> answer, Tensor xVal, Tensor yVal, Random rng, PrintWriter out, int epochs) {
        this.answer = answer;
        this.xVal = xVal;
        this.yVal = yVal;
        this.rng = rng;
        this.out = out;
        this.correct = new int[epochs];
        this.exact = new double[epochs];
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Tensor p = answer.apply(xVal);
        int n = xVal.samples(), right = 0;
        for (int i = 0; i < n; i++) {
            if (AdditionQuestions.decode(p, i).equals(AdditionQuestions.decode(yVal, i))) {
                right++;
            }
        }
        exact[epoch] = right / (double) n;
        StringBuilder lines = new StringBuilder();
        int ok = 0;
        for (int k = 0; k < AdditionDemo.SHOWN; k++) {
            int i = rng.nextInt(n);
            String q = AdditionQuestions.shownQuery(AdditionQuestions.decode(xVal, i));
            String t = AdditionQuestions.decode(yVal, i), guess = AdditionQuestions.decode(p, i);
            boolean hit = t.equals(guess);
            ok += hit ? 1 : 0;
            lines.append("Q ").append(q).append(" T ").append(t).append(' ').append(hit ? '☑' : '☒').append(' ')
                    .append(guess.stripTrailing()).append('\n');
        }
        correct[epoch] = ok;
        lastShown = lines.toString();
        if (out != null) {
            out.print(lines);
            out.flush();
        }
    }
}
