package dev.recurrent.io.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * Keras' {@code text_to_word_sequence(text)} with its default arguments, as it ran under Python 2
 * on byte strings when Keras built its IMDB data: {@code lower()} changes only ASCII {@code A-Z}
 * (other letters keep their case), each character of
 * <code>!"#$%&amp;()*+,-./:;&lt;=&gt;?@[\]^_`{|}~</code>, TAB and LF becomes a space, and the text
 * is split on single spaces with the empty pieces dropped. The apostrophe stays inside words, and
 * {@code <br />} becomes the word {@code br}.
 */
public final class KerasWordTokenizer {
    private static final String FILTERS = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n";
    private static final boolean[] SEPARATOR = new boolean[128];

    static {
        SEPARATOR[' '] = true;
        for (char c : FILTERS.toCharArray()) {
            SEPARATOR[c] = true;
        }
    }

    private KerasWordTokenizer() {
    }

    /** The words of {@code text}, in order. */
    public static List<String> words(CharSequence text) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c < 128 && SEPARATOR[c]) {
                if (word.length() > 0) {
                    out.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
            }
        }
        if (word.length() > 0) {
            out.add(word.toString());
        }
        return out;
    }
}
