package dev.recurrent.cli.demos;

import dev.recurrent.model.Callback;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Random;

/**
 * After each epoch: the whole held-out set predicted (how many answers are entirely right), and
 * {@link AdditionDemo#SHOWN} random held-out questions printed as the example prints them:
 * {@code Q 535+61  T 596  ☑ 596}.
 */
final class ShowQuestions implements Callback {
    private final Tensor xVal, yVal;
    private final int batch;
    private final Random rng;
    private final PrintWriter out;
    final int[] correct;
    final double[] exact;
    String lastShown = "";
    private Sequential model;

    /** @param out where the questions are printed, or null */
    ShowQuestions(Tensor xVal, Tensor yVal, int batch, Random rng, PrintWriter out, int epochs) {
        this.xVal = xVal;
        this.yVal = yVal;
        this.batch = batch;
        this.rng = rng;
        this.out = out;
        this.correct = new int[epochs];
        this.exact = new double[epochs];
    }

    @Override
    public void onTrainBegin(Sequential m) {
        model = m;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Tensor p = model.predict(xVal, batch);
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
