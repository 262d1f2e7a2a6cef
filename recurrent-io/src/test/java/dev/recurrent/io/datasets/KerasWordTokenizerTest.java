package dev.recurrent.io.datasets;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Keras' text_to_word_sequence under Python 2 byte strings. */
class KerasWordTokenizerTest {

    @Test
    void punctuationAndHtmlBreaksSplitApostrophesStay() {
        assertEquals(List.of("this", "film", "was", "brilliant", "casting", "location", "br", "br", "it's", "a", "10"),
                KerasWordTokenizer.words("This film was BRILLIANT,casting,location<br /><br />It's a 10!"));
    }

    @Test
    void onlyAsciiLettersAreLowerCased() {
        assertEquals(List.of("Émile", "ÜnÏcode", "ÇÀb"), KerasWordTokenizer.words("Émile ÜNÏCODE ÇÀB"));
    }

    @Test
    void tabAndLineFeedSplitButCarriageReturnAndNelDoNot() {
        assertEquals(List.of("a", "b", "c\rd", "e\u0085f"), KerasWordTokenizer.words("a\tb\nc\rd e\u0085f"));
    }

    @Test
    void everyFilterCharacterSplits() {
        String filters = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~";
        StringBuilder text = new StringBuilder();
        for (char c : filters.toCharArray()) {
            text.append('x').append(c);
        }
        assertEquals(filters.length(), KerasWordTokenizer.words(text).size());
        assertEquals(List.of(), KerasWordTokenizer.words("  ,,, ... "));
    }
}
