package dev.recurrent.cli.demos;

import dev.recurrent.tensor.Tensor;

import java.util.List;

/**
 * The characters of the dates demo and the one-hot tensors of Keras' {@code lstm_seq2seq}: texts
 * padded with spaces to the longest; targets "\t1999-05-03" fed to the decoder and "1999-05-03\n",
 * one step ahead, to be predicted.
 */
final class DateEncoding {
    static final char START = '\t', END = '\n';
    static final Chars INPUT = new Chars(" ,./-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
    static final Chars OUTPUT = new Chars("\t\n-0123456789");
    /** The decoder's steps: the start or end character and the 10 of an ISO date. */
    static final int TARGET_STEPS = 11;

    private DateEncoding() {
    }

    /** The characters of a character set and their indices. */
    record Chars(String chars) {
        int size() {
            return chars.length();
        }

        int index(char c) {
            int i = chars.indexOf(c);
            if (i < 0) {
                throw new IllegalArgumentException("character '" + c + "' is not one of '" + chars + "'");
            }
            return i;
        }

        char charAt(int i) {
            return chars.charAt(i);
        }
    }

    static int longest(List<HumanDates.Example> examples) {
        return examples.stream().mapToInt(e -> e.text().length()).max().orElse(1);
    }

    /** The texts one-hot [n, steps, input characters], padded with spaces. */
    static Tensor texts(List<HumanDates.Example> examples, int steps) {
        int n = examples.size(), v = INPUT.size();
        float[] x = new float[n * steps * v];
        for (int i = 0; i < n; i++) {
            String text = examples.get(i).text();
            for (int t = 0; t < steps; t++) {
                x[(i * steps + t) * v + INPUT.index(t < text.length() ? text.charAt(t) : ' ')] = 1f;
            }
        }
        return Tensor.of(x, n, steps, v);
    }

    /** The decoder inputs (shift 0: "\t" + iso) or targets (shift 1: iso + "\n"), one-hot. */
    static Tensor targets(List<HumanDates.Example> examples, boolean ahead) {
        int n = examples.size(), v = OUTPUT.size();
        float[] y = new float[n * TARGET_STEPS * v];
        for (int i = 0; i < n; i++) {
            String s = ahead ? examples.get(i).iso() + END : START + examples.get(i).iso();
            for (int t = 0; t < TARGET_STEPS; t++) {
                y[(i * TARGET_STEPS + t) * v + OUTPUT.index(s.charAt(t))] = 1f;
            }
        }
        return Tensor.of(y, n, TARGET_STEPS, v);
    }
}
