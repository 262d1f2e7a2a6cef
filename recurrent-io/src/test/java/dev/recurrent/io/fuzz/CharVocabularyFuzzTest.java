package dev.recurrent.io.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.recurrent.data.CharVocabulary;

/** {@link CharVocabulary}: built from any text, then encoding, decoding and indexing anything. */
class CharVocabularyFuzzTest {
    private static final ParserContract VOCABULARY = ParserContract.of("CharVocabulary");

    @ParserFuzzTest
    void charVocabulary(FuzzedDataProvider data) {
        String corpus = data.consumeString(256), text = data.consumeString(256);
        int index = data.consumeInt(), length = data.consumeInt(), maxlen = data.consumeInt(), step = data.consumeInt();
        int[] indices = data.consumeInts(64);
        VOCABULARY.check(() -> {
            CharVocabulary v = CharVocabulary.of(corpus);
            if (!v.decode(v.encode(corpus)).equals(corpus)) {
                throw new AssertionError("decode(encode(text)) is not the text");
            }
            VOCABULARY.check(() -> v.encode(text));
            VOCABULARY.check(() -> v.decode(indices));
            VOCABULARY.check(() -> v.charAt(index));
        });
        VOCABULARY.check(() -> CharVocabulary.windowCount(length, maxlen, step));
    }
}
