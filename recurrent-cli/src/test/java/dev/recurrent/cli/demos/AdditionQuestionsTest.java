package dev.recurrent.cli.demos;

import dev.recurrent.cli.demos.AdditionQuestions.Question;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The addition demo's questions: drawing, padding, reversing, one-hot and back. */
public class AdditionQuestionsTest {

    @Test
    void charactersAreSortedAsTheExamplesCharacterTable() {
        assertEquals(" +0123456789", AdditionQuestions.CHARS.chars());
        assertEquals(12, AdditionQuestions.CHARS.size());
    }

    @Test
    void questionIsPaddedThenReversedAndTheAnswerPadded() {
        assertEquals(" 16+535", AdditionQuestions.encodedQuery("535+61"));
        assertEquals("535+61 ", AdditionQuestions.shownQuery(" 16+535"));
        assertEquals("596 ", AdditionQuestions.encodedAnswer("596"));
        assertEquals("999+999", AdditionQuestions.encodedQuery("999+999"));
        assertEquals("1998", AdditionQuestions.encodedAnswer("1998"));
        assertThrows(IllegalArgumentException.class, () -> AdditionQuestions.encodedQuery("1000+100"));
    }

    @Test
    void oneHotRoundTrip() {
        List<Question> qs = List.of(new Question(535, 61), new Question(0, 0), new Question(999, 999), new Question(7, 80));
        Tensor x = AdditionQuestions.questions(qs), y = AdditionQuestions.answers(qs);
        assertArrayEquals(new int[] {4, 7, 12}, x.shape());
        assertArrayEquals(new int[] {4, 4, 12}, y.shape());
        for (int i = 0; i < qs.size(); i++) {
            Question q = qs.get(i);
            assertEquals(AdditionQuestions.encodedQuery(q.query()), AdditionQuestions.decode(x, i));
            assertEquals(q.query(), AdditionQuestions.shownQuery(AdditionQuestions.decode(x, i)).strip());
            assertEquals(q.answer(), AdditionQuestions.decode(y, i).strip());
            assertEquals(q.a() + q.b(), Integer.parseInt(AdditionQuestions.decode(y, i).strip()));
        }
        // exactly one 1 per step: ' ' is index 0, '+' 1, '0' 2
        float[] first = java.util.Arrays.copyOfRange(x.data(), 0, 12);
        assertEquals(1f, first[0], "' 16+535' starts with the padding space");
        assertEquals(1f, (float) java.util.stream.IntStream.range(0, 12).mapToDouble(c -> first[c]).sum());
    }

    @Test
    void decodeTakesTheMostLikelyCharacterOfProbabilities() {
        float[] p = new float[4 * 12];
        int[] best = {3, 11, 2, 0};   // '1', '9', '0', ' '
        for (int t = 0; t < 4; t++) {
            for (int c = 0; c < 12; c++) {
                p[t * 12 + c] = c == best[t] ? 0.5f : 0.04f;
            }
        }
        assertEquals("190 ", AdditionQuestions.decode(Tensor.of(p, 1, 4, 12), 0));
    }

    @Test
    void generatesDistinctQuestionsBelowAThousandReproducibly() {
        List<Question> qs = AdditionQuestions.generate(5000, new Random(3));
        assertEquals(qs, AdditionQuestions.generate(5000, new Random(3)), "same seed, same questions");
        Set<Long> pairs = new HashSet<>();
        int lengths[] = new int[4];
        for (Question q : qs) {
            assertTrue(q.a() >= 0 && q.a() < 1000 && q.b() >= 0 && q.b() < 1000, q.toString());
            assertTrue(pairs.add(Math.min(q.a(), q.b()) * 1000L + Math.max(q.a(), q.b())), "twice: " + q);
            lengths[String.valueOf(q.a()).length()]++;
        }
        assertTrue(lengths[1] > 0 && lengths[2] > 0 && lengths[3] > 0, "numbers of 1, 2 and 3 digits");
        assertThrows(IllegalArgumentException.class, () -> AdditionQuestions.generate(0, new Random(1)));
    }
}
