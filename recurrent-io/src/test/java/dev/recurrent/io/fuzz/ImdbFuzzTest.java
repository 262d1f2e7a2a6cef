package dev.recurrent.io.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.recurrent.data.Imdb;
import dev.recurrent.data.MalformedDataException;

/** {@link Imdb#load}: the four binary files from the input, and the options of Keras' {@code load_data}. */
class ImdbFuzzTest {
    private static final FuzzFiles FILES = new FuzzFiles("imdb");
    private static final ParserContract IMDB = ParserContract.of("Imdb.load", MalformedDataException.class);

    @ParserFuzzTest
    void imdb(FuzzedDataProvider data) {
        int numWords = data.consumeInt(), skipTop = data.consumeInt(), maxlen = data.consumeInt();
        int startChar = data.consumeInt(), oovChar = data.consumeInt(), indexFrom = data.consumeInt();
        for (int i = 0; i < Imdb.FILES.size() - 1; i++) {
            FILES.write(Imdb.FILES.get(i), data.consumeBytes(data.consumeInt(0, 4096)));
        }
        FILES.write(Imdb.FILES.get(Imdb.FILES.size() - 1), data.consumeRemainingAsBytes());
        IMDB.check(() -> Imdb.load(FILES.dir(), numWords, skipTop, maxlen, startChar, oovChar, indexFrom));
    }
}
