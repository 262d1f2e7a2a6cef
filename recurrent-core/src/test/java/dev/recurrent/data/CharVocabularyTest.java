package dev.recurrent.data;

import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CharVocabularyTest {
    @Test
    void sortedDistinctCharactersAndRoundTrip() {
        CharVocabulary v = CharVocabulary.of("hello world");
        assertEquals(" dehlorw", v.chars());
        assertEquals(8, v.size());
        int[] ids = v.encode("hello");
        assertArrayEquals(new int[] {3, 2, 4, 4, 5}, ids);
        assertEquals("hello", v.decode(ids));
        assertEquals(-1, v.indexOf('z'));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.encode("hez"));
        assertTrue(e.getMessage().contains("'z'") && e.getMessage().contains("position 2"), e.getMessage());
    }

    @Test
    void codePointsBeyondTheBasicPlane() {
        CharVocabulary v = CharVocabulary.of("b\uD83D\uDE00a\u00e9");
        assertEquals(3 + 1, v.size());
        assertEquals("a\uD83D\uDE00", v.decode(v.encode("a\uD83D\uDE00")));
    }

    @Test
    void windowsEveryStepWithTheNextCharacter() {
        String text = "abcdefgh";
        CharVocabulary v = CharVocabulary.of(text);
        // Keras: for i in range(0, len(text) - maxlen, step) → i = 0, 2, 4
        assertEquals(3, CharVocabulary.windowCount(text.length(), 3, 2));
        Supervised s = v.windows(text, 3, 2, 0);
        assertArrayEquals(new int[] {3, 3, 8}, s.x().shape());
        assertArrayEquals(new int[] {3, 8}, s.y().shape());
        assertEquals("abccdeefg", v.decode(OneHot.argmax(s.x())));
        assertEquals("dfh", v.decode(OneHot.argmax(s.y())));
        assertEquals(2, v.windows(text, 3, 2, 2).samples());
        assertThrows(IllegalArgumentException.class, () -> v.windows("abc", 3, 1, 0));
    }

    @Test
    void nietzscheAsTheKerasExample() throws IOException {
        Path file = TestData.require("nietzsche.txt", "Nietzsche text");
        String text = Files.readString(file, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        assertEquals(600893, text.codePointCount(0, text.length()), "corpus length");
        CharVocabulary v = CharVocabulary.of(text);
        assertEquals(57, v.size(), "total chars");
        assertEquals(200285, CharVocabulary.windowCount(text.length(), 40, 3), "nb sequences");
        Supervised s = v.windows(text, 40, 3, 100);
        assertArrayEquals(new int[] {100, 40, 57}, s.x().shape());
        Tensor first = s.x().slice(0, 1);
        assertEquals(text.substring(0, 40), v.decode(OneHot.argmax(first)));
        assertEquals(text.substring(297 + 40, 297 + 41), v.decode(new int[] {OneHot.argmax(s.y())[99]}));
    }

    @Test
    void tooManyWindowsAskForALimit() {
        StringBuilder sb = new StringBuilder();
        for (int c = 0x4E00; c < 0x4E00 + 3000; c++) {
            sb.append((char) c);
        }
        String text = sb.toString();
        CharVocabulary v = CharVocabulary.of(text);
        // 2,000 windows × 1,000 steps × 3,000 characters: more than one float[] can hold
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.windows(text, 1000, 1, 0));
        assertTrue(e.getMessage().contains("pass a `limit` of at most 715"), e.getMessage());
        assertEquals(2, v.windows(text, 1000, 1, 2).samples());
    }
}
