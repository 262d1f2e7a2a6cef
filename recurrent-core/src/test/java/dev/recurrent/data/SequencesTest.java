package dev.recurrent.data;

import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** padSequences against Keras' pad_sequences (its docstring examples and outputs computed by its code). */
class SequencesTest {
    static final int[][] DOC = {{1}, {2, 3}, {4, 5, 6}};
    static final int[][] LONG = {{1, 2, 3, 4, 5, 6}, {7}, {}};

    static void assertRows(float[][] expected, Tensor t) {
        assertEquals(expected.length, t.samples(), "rows of " + t);
        assertEquals(expected[0].length, t.sampleSize(), "steps of " + t);
        float[] flat = new float[expected.length * expected[0].length];
        for (int i = 0; i < expected.length; i++) {
            System.arraycopy(expected[i], 0, flat, i * expected[i].length, expected[i].length);
        }
        assertArrayEquals(flat, t.data());
    }

    @Test
    void defaultsPrePadToTheLongest() {
        assertRows(new float[][] {{0, 0, 1}, {0, 2, 3}, {4, 5, 6}}, Sequences.padSequences(DOC));
        assertRows(new float[][] {{0, 0, 1}, {0, 2, 3}, {4, 5, 6}}, Sequences.padSequences(DOC, 0));
    }

    @Test
    void paddingValue() {
        assertRows(new float[][] {{-1, -1, 1}, {-1, 2, 3}, {4, 5, 6}},
                Sequences.padSequences(DOC, -1, Padding.PRE, Truncating.PRE, -1));
    }

    @Test
    void postPadding() {
        assertRows(new float[][] {{1, 0, 0}, {2, 3, 0}, {4, 5, 6}},
                Sequences.padSequences(DOC, 0, Padding.POST, Truncating.PRE, 0));
    }

    @Test
    void preTruncationKeepsTheLastValues() {
        assertRows(new float[][] {{0, 1}, {2, 3}, {5, 6}}, Sequences.padSequences(DOC, 2));
    }

    @Test
    void postTruncationKeepsTheFirstValues() {
        assertRows(new float[][] {{0, 1}, {2, 3}, {4, 5}}, Sequences.padSequences(DOC, 2, Padding.PRE, Truncating.POST, 0));
    }

    @Test
    void allFourCombinationsWithAnEmptySequence() {
        assertRows(new float[][] {{3, 4, 5, 6}, {9, 9, 9, 7}, {9, 9, 9, 9}},
                Sequences.padSequences(LONG, 4, Padding.PRE, Truncating.PRE, 9));
        assertRows(new float[][] {{1, 2, 3, 4}, {9, 9, 9, 7}, {9, 9, 9, 9}},
                Sequences.padSequences(LONG, 4, Padding.PRE, Truncating.POST, 9));
        assertRows(new float[][] {{3, 4, 5, 6}, {7, 9, 9, 9}, {9, 9, 9, 9}},
                Sequences.padSequences(LONG, 4, Padding.POST, Truncating.PRE, 9));
        assertRows(new float[][] {{1, 2, 3, 4}, {7, 9, 9, 9}, {9, 9, 9, 9}},
                Sequences.padSequences(LONG, 4, Padding.POST, Truncating.POST, 9));
    }

    @Test
    void kerasNamesParse() {
        assertEquals(Padding.POST, Padding.of("post"));
        assertEquals(Truncating.PRE, Truncating.of("PRE"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Padding.of("middle"));
        assertTrue(e.getMessage().contains("\"middle\" not understood"), e.getMessage());
    }

    @Test
    void refusesNothingToPad() {
        assertThrows(IllegalArgumentException.class, () -> Sequences.padSequences(new int[0][]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sequences.padSequences(new int[][] {{}, {}}));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sequences.padSequences(new int[][] {{1}, null}));
        assertTrue(e.getMessage().contains("sequence 1 is null"), e.getMessage());
    }

    @Test
    void columnOfLabels() {
        Tensor y = Sequences.column(new int[] {1, 0, 1});
        assertArrayEquals(new int[] {3, 1}, y.shape());
        assertArrayEquals(new float[] {1, 0, 1}, y.data());
    }
}
