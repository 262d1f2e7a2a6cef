package dev.recurrent.cli.demos;

import dev.recurrent.data.CharVocabulary;
import dev.recurrent.tensor.Tensor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The data of Keras' {@code addition_rnn} example: questions {@code "a+b"} with a, b below 1000 and
 * their answers, one-hot over the characters {@code "0123456789+ "} (sorted, as the example's
 * {@code CharacterTable} sorts them: {@code ' '} is 0, {@code '+'} 1, {@code '0'} 2, ...).
 *
 * <p>As in the example: each number has 1 to 3 digits (the count uniform, then each digit uniform,
 * so {@code "07"} is 7); a question whose pair (a, b), in either order, was already drawn is drawn
 * again; the question is padded with spaces to 7 characters and then reversed
 * ({@code "535+61"} → {@code "535+61 "} → {@code " 16+535"}); the answer is padded to 4
 * ({@code "596 "}). The questions are shuffled and the last tenth held out for validation.
 */
public final class AdditionQuestions {
    static final int DIGITS = 3;
    /** The question's length: {@code DIGITS + 1 + DIGITS}. */
    static final int MAXLEN = DIGITS + 1 + DIGITS;
    /** The answer's length: {@code DIGITS + 1}. */
    static final int ANSWER_LENGTH = DIGITS + 1;
    static final CharVocabulary CHARS = CharVocabulary.of("0123456789+ ");
    /** The most distinct questions there are (unordered pairs of 0..999), less a margin. */
    static final int MAX_SAMPLES = 400_000;

    /** One question, a + b. */
    public record Question(int a, int b) {
        String query() {
            return a + "+" + b;
        }

        String answer() {
            return String.valueOf(a + b);
        }
    }

    private AdditionQuestions() {
    }

    /**
     * {@code n} distinct questions drawn as the example draws them (no pair twice, in either order),
     * then shuffled.
     */
    static List<Question> generate(int n, Random rng) {
        if (n < 1 || n > MAX_SAMPLES) {
            throw new IllegalArgumentException("addition: the number of questions must be in [1, " + MAX_SAMPLES
                    + "], got " + n);
        }
        List<Question> questions = new ArrayList<>(n);
        Set<Long> seen = new HashSet<>();
        while (questions.size() < n) {
            int a = number(rng), b = number(rng);
            long key = Math.min(a, b) * 1000L + Math.max(a, b);
            if (seen.add(key)) {
                questions.add(new Question(a, b));
            }
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Question t = questions.get(i);
            questions.set(i, questions.get(j));
            questions.set(j, t);
        }
        return questions;
    }

    /** 1 to {@link #DIGITS} random digits, read as a number. */
    private static int number(Random rng) {
        int digits = 1 + rng.nextInt(DIGITS), v = 0;
        for (int i = 0; i < digits; i++) {
            v = v * 10 + rng.nextInt(10);
        }
        return v;
    }

    /** The question as the network reads it: padded with spaces to {@link #MAXLEN}, then reversed. */
    static String encodedQuery(String query) {
        return new StringBuilder(pad(query, MAXLEN)).reverse().toString();
    }

    /** The answer as the network writes it: padded with spaces to {@link #ANSWER_LENGTH}. */
    static String encodedAnswer(String answer) {
        return pad(answer, ANSWER_LENGTH);
    }

    /** The question as shown, from its encoded form: reversed back, padding kept ({@code "535+61 "}). */
    static String shownQuery(String encoded) {
        return new StringBuilder(encoded).reverse().toString();
    }

    private static String pad(String s, int length) {
        if (s.length() > length) {
            throw new IllegalArgumentException("addition: '" + s + "' is longer than " + length + " characters");
        }
        return s + " ".repeat(length - s.length());
    }

    /** The questions, encoded and one-hot: [N, {@link #MAXLEN}, 12]. */
    public static Tensor questions(List<Question> qs) {
        StringBuilder text = new StringBuilder(qs.size() * MAXLEN);
        for (Question q : qs) {
            text.append(encodedQuery(q.query()));
        }
        return reshape(CHARS.oneHot(text.toString()), qs.size(), MAXLEN);
    }

    /** The answers, encoded and one-hot: [N, {@link #ANSWER_LENGTH}, 12]. */
    static Tensor answers(List<Question> qs) {
        StringBuilder text = new StringBuilder(qs.size() * ANSWER_LENGTH);
        for (Question q : qs) {
            text.append(encodedAnswer(q.answer()));
        }
        return reshape(CHARS.oneHot(text.toString()), qs.size(), ANSWER_LENGTH);
    }

    private static Tensor reshape(Tensor flat, int n, int steps) {
        return Tensor.of(flat.data(), n, steps, CHARS.size());
    }

    /**
     * The string of sample {@code sample} of one-hot or probability rows [N, steps, 12]: at each
     * step the most likely character (the example's {@code CharacterTable.decode}).
     */
    public static String decode(Tensor rows, int sample) {
        int[] shape = rows.shape();
        int steps = shape[1], v = shape[2];
        if (v != CHARS.size()) {
            throw new IllegalArgumentException("addition: expected rows of " + CHARS.size() + " characters, got " + rows);
        }
        StringBuilder s = new StringBuilder(steps);
        float[] d = rows.data();
        for (int t = 0; t < steps; t++) {
            int off = (sample * steps + t) * v, best = 0;
            for (int c = 1; c < v; c++) {
                if (d[off + c] > d[off + best]) {
                    best = c;
                }
            }
            s.appendCodePoint(CHARS.charAt(best));
        }
        return s.toString();
    }
}
